/**
 * What instances must count together, beside the data: the per-client allowances (token buckets) and the
 * sign-in attempts in progress (server/store/postgres/allowance-store.ts). UNLOGGED: written on every
 * request, so kept out of the WAL; a crash empties them, which forgives the hour's spending and nothing more.
 */
export const sql = `
CREATE UNLOGGED TABLE allowances (
  bucket text NOT NULL,
  key text NOT NULL,
  -- The bucket's size and refill period as the last writer gave them: what makes a row full again, for pruning.
  capacity double precision NOT NULL CHECK (capacity > 0),
  period_ms double precision NOT NULL CHECK (period_ms > 0),
  tokens double precision NOT NULL,
  at bigint NOT NULL,
  -- Whether the last take spent what it asked, for its RETURNING: the row after it cannot tell otherwise.
  taken boolean NOT NULL,
  PRIMARY KEY (bucket, key)
);
-- When each bucket is full again, from when on it is as good as no row.
CREATE INDEX allowances_full_at ON allowances ((at + (capacity - tokens) / capacity * period_ms));

CREATE UNLOGGED TABLE sign_in_attempts (
  key text PRIMARY KEY,
  in_progress integer NOT NULL,
  -- The last attempt begun: a count left by an instance that died is dropped once it is a minute old.
  at bigint NOT NULL
);
CREATE INDEX sign_in_attempts_at ON sign_in_attempts (at);
`
