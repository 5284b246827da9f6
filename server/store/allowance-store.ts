/**
 * Allowances kept per client as token buckets, and the sign-in attempts in progress: what every instance
 * must count together, or two instances would give each client two allowances. The SQLite store keeps them
 * in its process (one instance by design, sqlite/allowance-store.ts); the PostgreSQL store in the database
 * (postgres/allowance-store.ts), each check-and-spend one statement.
 */

/**
 * A kind of allowance: per key, a bucket holding up to `capacity`, refilled continuously over `periodMs`, so
 * that a burst up to the whole allowance passes and then the rate is capacity / period. A bucket may be
 * spent below zero (a cost known only after the work, such as the bytes a request stored): the client then
 * waits until it is back above zero. Buckets are told apart by `name`.
 */
export interface Bucket {
  name: string
  capacity: number
  periodMs: number
}

export interface Spend {
  bucket: Bucket
  key: string
  amount: number
}

export interface Taken {
  /** Whether the amount was spent. */
  taken: boolean
  /** What is left to spend after this call (below the amount asked when not taken). */
  tokens: number
}

export interface AllowanceStore {
  /** Spends `amount` from `key`'s bucket if it holds that much, in one atomic step: two callers cannot both spend the last token. */
  take(bucket: Bucket, key: string, amount: number, now: number): Promise<Taken>
  /** Spends whatever the amounts, below zero if need be; each bucket and key at most once a call. */
  spend(spends: readonly Spend[], now: number): Promise<void>
  /** What each key may spend now, in the order asked. */
  available(reads: readonly { bucket: Bucket; key: string }[], now: number): Promise<number[]>
  /** Sign-in attempts in progress, counted per key (server/auth/throttle.ts). */
  attempts: AttemptsInProgress
}

/**
 * Attempts begun and not yet ended, per key: a burst of parallel guesses would otherwise all read the same
 * count of recorded failures before any was recorded.
 */
export interface AttemptsInProgress {
  /** Counts an attempt under each key; resolves to how many were in progress under each before it. */
  begin(keys: readonly string[], now: number): Promise<number[]>
  /** The attempt begun under these keys is over. */
  end(keys: readonly string[], now: number): Promise<void>
}

/**
 * A bucket's tokens `now`, from what it held at `at`: both stores compute it so (the PostgreSQL store in SQL,
 * in the same order of operations, so that both give the same answers). A clock behind `at` refills nothing.
 */
export function refilled(bucket: Bucket, tokens: number, at: number, now: number): number {
  return Math.min(bucket.capacity, tokens + (Math.max(0, now - at) / bucket.periodMs) * bucket.capacity)
}

/** Seconds until a bucket holding `tokens` has `amount` to spend again (at least 1). */
export function secondsUntil(bucket: Bucket, tokens: number, amount: number): number {
  return Math.max(1, Math.ceil(((amount - tokens) * bucket.periodMs) / bucket.capacity / 1000))
}
