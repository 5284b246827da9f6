import { type AllowanceStore, type Bucket, refilled } from '../allowance-store'

/** Keys kept before full buckets are forgotten, so that a spray of addresses cannot grow the map without bound. */
const MAX_KEYS = 50_000

const id = (bucket: Bucket, key: string) => `${bucket.name}\u0000${key}`

/**
 * The allowances and sign-in attempts of a SQLite store, in this process's memory: SQLite serves one
 * instance by design, so nothing needs sharing, and a restart forgiving the hour's spending costs little.
 */
export function sqliteAllowanceStore(): AllowanceStore {
  const buckets = new Map<string, { bucket: Bucket; tokens: number; at: number }>()
  const inProgress = new Map<string, number>()

  function tokensOf(bucket: Bucket, key: string, now: number): number {
    const held = buckets.get(id(bucket, key))
    return held ? refilled(bucket, held.tokens, held.at, now) : bucket.capacity
  }

  function set(bucket: Bucket, key: string, tokens: number, now: number): void {
    const held = buckets.get(id(bucket, key))
    // A clock gone back keeps the later time: the refill from there is not counted twice.
    buckets.set(id(bucket, key), { bucket, tokens, at: Math.max(now, held?.at ?? now) })
    if (buckets.size > MAX_KEYS) {
      // A full bucket is as good as none.
      for (const [k, b] of buckets) if (refilled(b.bucket, b.tokens, b.at, now) >= b.bucket.capacity) buckets.delete(k)
    }
  }
  return {
    async take(bucket, key, amount, now) {
      const tokens = tokensOf(bucket, key, now)
      const taken = tokens >= amount
      set(bucket, key, taken ? tokens - amount : tokens, now)
      return { taken, tokens: taken ? tokens - amount : tokens }
    },
    async spend(spends, now) {
      // Nothing spent touches no bucket, as on PostgreSQL: its time would move a bucket's refill on.
      for (const { bucket, key, amount } of spends) if (amount !== 0) set(bucket, key, tokensOf(bucket, key, now) - amount, now)
    },
    async available(reads, now) {
      return reads.map(({ bucket, key }) => tokensOf(bucket, key, now))
    },
    attempts: {
      // Read and increment in one synchronous step, before any await, so that concurrent attempts each see
      // those that started before them.
      async begin(keys) {
        const ahead = keys.map((k) => inProgress.get(k) ?? 0)
        for (const k of keys) inProgress.set(k, (inProgress.get(k) ?? 0) + 1)
        return ahead
      },
      async end(keys) {
        for (const k of keys) {
          const left = (inProgress.get(k) ?? 1) - 1
          if (left > 0) inProgress.set(k, left)
          else inProgress.delete(k)
        }
      },
    },
  }
}
