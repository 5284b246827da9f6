/**
 * Allowances kept per client as token buckets: each holds up to `capacity`, refilled continuously over
 * `periodMs`, so a burst up to the whole allowance passes and then the rate is capacity / period. A bucket
 * may be spent below zero (a cost known only after the work, such as the bytes a request stored): the
 * client then waits until it is back above zero.
 */
export class Allowances {
  private readonly buckets = new Map<string, { tokens: number; at: number }>()

  constructor(
    private readonly capacity: number,
    private readonly periodMs: number,
  ) {}

  /** What `key` may spend now. */
  available(key: string, now = Date.now()): number {
    const bucket = this.buckets.get(key)
    return bucket ? this.refilled(bucket, now) : this.capacity
  }

  /** Seconds until `key` has `amount` to spend again (at least 1). */
  secondsUntil(key: string, amount: number, now = Date.now()): number {
    const missing = amount - this.available(key, now)
    return Math.max(1, Math.ceil((missing * this.periodMs) / this.capacity / 1000))
  }

  spend(key: string, amount: number, now = Date.now()): void {
    const bucket = this.buckets.get(key)
    this.buckets.set(key, { tokens: (bucket ? this.refilled(bucket, now) : this.capacity) - amount, at: now })
    if (this.buckets.size > 50_000) {
      // Forget full buckets so the map cannot grow without bound under a spray of addresses.
      for (const [k, b] of this.buckets) if (this.refilled(b, now) >= this.capacity) this.buckets.delete(k)
    }
  }

  private refilled(bucket: { tokens: number; at: number }, now: number): number {
    return Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / this.periodMs) * this.capacity)
  }
}
