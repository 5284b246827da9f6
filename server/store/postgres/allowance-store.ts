import type { AllowanceStore, Bucket } from '../allowance-store'
import { GroupCommit } from '../group-commit'
import type { Database } from './database'

/**
 * A bucket's tokens now, as `refilled` in ../allowance-store.ts computes them and in the same order of
 * operations (so that both stores give the same answers): `a` is the stored row, `s` the caller's bucket
 * (capacity, period_ms) and `now`. A clock behind the row's refills nothing.
 */
const refilled = (a: string, s: string, now: string) =>
  `LEAST(${s}.capacity, ${a}.tokens + (GREATEST(0, ${now} - ${a}.at)::float8 / ${s}.period_ms) * ${s}.capacity)`

/** When a row is full again: the expression of the index allowances_full_at (migrations/002-allowances.ts). */
const FULL_AT = '(at + (capacity - tokens) / capacity * period_ms)'

/**
 * Several spends in one statement, in the order of their (bucket, key), so that two statements lock shared
 * rows in the same order and never deadlock. The amount reaches the update as capacity − tokens of the row
 * that would have been inserted: exact for the whole numbers spent (requests, items, bytes).
 */
const SPEND = `
INSERT INTO allowances AS a (bucket, key, capacity, period_ms, tokens, at, taken)
SELECT s.bucket, s.key, s.capacity, s.period_ms, s.capacity - s.amount, $6::bigint, true
FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[]) AS s(bucket, key, capacity, period_ms, amount)
ORDER BY s.bucket, s.key
ON CONFLICT (bucket, key) DO UPDATE SET
  capacity = EXCLUDED.capacity,
  period_ms = EXCLUDED.period_ms,
  tokens = ${refilled('a', 'EXCLUDED', 'EXCLUDED.at')} - (EXCLUDED.capacity - EXCLUDED.tokens),
  at = GREATEST(a.at, EXCLUDED.at),
  taken = true`

const AVAILABLE = `
SELECT COALESCE(${refilled('a', 's', '$5::bigint')}, s.capacity) AS tokens
FROM unnest($1::text[], $2::text[], $3::float8[], $4::float8[]) WITH ORDINALITY AS s(bucket, key, capacity, period_ms, n)
LEFT JOIN allowances a ON a.bucket = s.bucket AND a.key = s.key
ORDER BY s.n`

/** How long an attempt may be in progress; a count older than that was left by an instance that died. */
const ATTEMPT_STALE_MS = 60_000

/** Counts the attempt under each key, in key order (as SPEND, against deadlocks), returning those ahead of it. */
const BEGIN = `
INSERT INTO sign_in_attempts AS a (key, in_progress, at)
SELECT k, 1, $2::bigint FROM unnest($1::text[]) AS k ORDER BY k
ON CONFLICT (key) DO UPDATE SET
  in_progress = CASE WHEN a.at < EXCLUDED.at - ${ATTEMPT_STALE_MS} THEN 1 ELSE a.in_progress + 1 END,
  at = GREATEST(a.at, EXCLUDED.at)
RETURNING key, in_progress - 1 AS ahead`

/** Takes the attempt off each key's count; a row it meets no more (pruned) is left at zero. */
const END = `
INSERT INTO sign_in_attempts AS a (key, in_progress, at)
SELECT k, 0, $2::bigint FROM unnest($1::text[]) AS k ORDER BY k
ON CONFLICT (key) DO UPDATE SET in_progress = GREATEST(0, a.in_progress - 1)`

/** Rows pruned at most at a time, found through the indexes, skipping rows a request holds. */
const PRUNE_BATCH = 1000
const PRUNE_ALLOWANCES = `
DELETE FROM allowances WHERE (bucket, key) IN (
  SELECT bucket, key FROM allowances WHERE ${FULL_AT} <= $1::bigint LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED
) AND ${FULL_AT} <= $1::bigint`
const PRUNE_ATTEMPTS = `
DELETE FROM sign_in_attempts WHERE key IN (
  SELECT key FROM sign_in_attempts WHERE at < $1::bigint LIMIT ${PRUNE_BATCH} FOR UPDATE SKIP LOCKED
) AND at < $1::bigint`

/** Pruning runs after this many writes or this long, whichever first: each write creates a row at most. */
const PRUNE_EVERY_WRITES = 500
const PRUNE_EVERY_MS = 60_000
/**
 * A bucket is pruned once it has been full for this long by the pruning clock: a take may come with a clock
 * a little behind (another instance's, or a request that waited), and by that clock the bucket may not be full
 * yet; a minute covers any clock NTP keeps (and the property test's steps back).
 */
const PRUNE_MARGIN_MS = 60_000

type Read = { bucket: Bucket; key: string }
type Take = Read & { amount: number; now: number }
type Taken = { taken: boolean; tokens: number }

/**
 * The takes gathered in one event-loop turn, in one call of take_allowances (migrations/005): every request
 * takes from its client's bucket, and a round trip each cost a busy instance a third of a rating's time.
 * Sorted by bucket and key (a stable sort keeps one key's takes in the order they came), so that two groups
 * lock shared rows in the same order and never deadlock; each is made at its own caller's clock.
 */
function takeInGroups(db: Database): GroupCommit<Take, Taken> {
  return new GroupCommit<Take, Taken>(async (takes) => {
    const order = takes.map((_, i) => i).sort((a, b) => compareKeys(takes[a]!, takes[b]!))
    const sorted = order.map((i) => takes[i]!)
    const rows = await db.rows<{ ord: number; left_tokens: number; was_taken: boolean }>(
      { name: 'take-allowances', text: 'SELECT ord, left_tokens, was_taken FROM take_allowances($1::text[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::bigint[])' },
      [...columns(sorted), sorted.map((t) => t.amount), sorted.map((t) => t.now)],
    )
    const results: Taken[] = Array.from({ length: takes.length })
    for (const row of rows) results[order[row.ord - 1]!] = { taken: row.was_taken, tokens: row.left_tokens }
    return results
  })
}

function compareKeys(a: Read, b: Read): number {
  if (a.bucket.name !== b.bucket.name) return a.bucket.name < b.bucket.name ? -1 : 1
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0
}

/** The arrays of one statement's unnest: bucket names, keys, capacities, periods. */
const columns = (items: readonly Read[]) => [items.map((i) => i.bucket.name), items.map((i) => i.key), items.map((i) => i.bucket.capacity), items.map((i) => i.bucket.periodMs)]

/**
 * The allowances and sign-in attempts on PostgreSQL, shared by every instance on the database. Full buckets
 * (as good as none) and old attempt counts are deleted from time to time, a bounded batch at once through
 * an index, in the background of the request that found it due: never a scan of the table per request.
 */
export function postgresAllowanceStore(db: Database): AllowanceStore {
  let writes = 0
  let prunedAt: number | undefined
  let pruning: Promise<void> | undefined
  const takes = takeInGroups(db)

  /** `now` is the caller's clock (the tests move it), so the rows are pruned by the time they were written in. */
  function wrote(now: number): void {
    writes++
    prunedAt ??= now
    if (pruning || (writes < PRUNE_EVERY_WRITES && now - prunedAt < PRUNE_EVERY_MS)) return
    writes = 0
    prunedAt = now
    pruning = Promise.all([db.query(PRUNE_ALLOWANCES, [now - PRUNE_MARGIN_MS]), db.query(PRUNE_ATTEMPTS, [now - ATTEMPT_STALE_MS])])
      .then(
        () => undefined,
        (error: unknown) => console.error('pruning allowances failed:', error instanceof Error ? error.message : error),
      )
      .finally(() => {
        pruning = undefined
      })
  }

  return {
    async take(bucket, key, amount, now) {
      const [taken] = await takes.submit([{ bucket, key, amount, now }])
      wrote(now)
      return taken!
    },
    async spend(spends, now) {
      // A spend of nothing changes nothing: the refill is the same computed now or later.
      const spent = spends.filter((s) => s.amount !== 0)
      if (spent.length === 0) return
      await db.query(SPEND, [...columns(spent), spent.map((s) => s.amount), now])
      wrote(now)
    },
    async available(reads, now) {
      if (reads.length === 0) return []
      return (await db.rows<{ tokens: number }>(AVAILABLE, [...columns(reads), now])).map((r) => r.tokens)
    },
    attempts: {
      async begin(keys, now) {
        const rows = await db.rows<{ key: string; ahead: number }>(BEGIN, [keys, now])
        wrote(now)
        const ahead = new Map(rows.map((r) => [r.key, r.ahead]))
        return keys.map((k) => ahead.get(k) ?? 0)
      },
      async end(keys, now) {
        await db.query(END, [keys, now])
      },
    },
  }
}
