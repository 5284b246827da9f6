import { rebuildTable, SESSION_TABLE_COLUMNS } from './helpers'

/**
 * The staff second factor (issue 12): one TOTP secret per account, kept unconfirmed (enabled_at NULL) until
 * the first code from the app proves it was added; last_used_step refuses a code used once already. Ten
 * recovery codes, stored as SHA-256 hashes, each used once. A session past the password only (its second
 * factor still to come) is pending_second_factor = 1 and opens nothing but the second-factor endpoints.
 * Written so that it can run again over its own result (IF NOT EXISTS, sessions rebuilt from the columns
 * it had before): tests take a database back to an older version and migrate it forward again.
 */
export const sql = `
  ${rebuildTable('sessions', 13, `
    id_hash TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    pending_second_factor INTEGER NOT NULL DEFAULT 0 CHECK (pending_second_factor IN (0, 1))`, SESSION_TABLE_COLUMNS, { withoutRowid: true })}
  CREATE INDEX sessions_by_staff ON sessions(staff_id);

  CREATE TABLE IF NOT EXISTS staff_totp (
    staff_id INTEGER PRIMARY KEY REFERENCES staff(id),
    secret TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    enabled_at INTEGER,
    last_used_step INTEGER
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS staff_recovery_codes (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at INTEGER,
    UNIQUE (staff_id, hash)
  );
  `
