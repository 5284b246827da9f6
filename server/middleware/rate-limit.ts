import { createMiddleware } from 'hono/factory'
import type { Env } from '../env'
import { clientAddress } from '../auth/request-info'
import { apiError } from './errors'

/**
 * A token bucket per client address: bursts up to a minute's allowance, refilled continuously. A whole
 * queued batch is one request, so a phone catching up after a day offline is not throttled. The allowance
 * is RATE_LIMIT_PER_MINUTE unless `limit` gives another (the tracking page's is stricter).
 */
export function rateLimit(name: string, limit: (config: Env['Variables']['config']) => number = (config) => config.RATE_LIMIT_PER_MINUTE) {
  // Routes are module-level constants, so the buckets are kept per app (by its config), not per module:
  // otherwise every app built in one process — each test's, say — would share one allowance.
  const bucketsByApp = new WeakMap<Env['Variables']['config'], Map<string, { tokens: number; at: number }>>()
  return createMiddleware<Env>(async (c, next) => {
    // c.get, not c.var: Hono builds a new object of all the variables on every read of c.var.
    const config = c.get('config')
    const perMinute = limit(config)
    let buckets = bucketsByApp.get(config)
    if (!buckets) bucketsByApp.set(config, (buckets = new Map()))
    const now = Date.now()
    const key = clientAddress(c)
    const bucket = buckets.get(key) ?? { tokens: perMinute, at: now }
    bucket.tokens = Math.min(perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * perMinute)
    bucket.at = now
    if (bucket.tokens < 1) {
      const retryAfter = Math.ceil(((1 - bucket.tokens) * 60) / perMinute)
      c.header('Retry-After', String(retryAfter))
      buckets.set(key, bucket)
      return apiError(c, 429, 'rate_limited', `Too many requests to ${name}; retry in ${retryAfter} s`)
    }
    bucket.tokens -= 1
    buckets.set(key, bucket)
    if (buckets.size > 50_000) {
      // Forget full buckets so the map cannot grow without bound under a spray of addresses.
      for (const [k, b] of buckets) if (b.tokens + ((now - b.at) / 60_000) * perMinute >= perMinute) buckets.delete(k)
    }
    await next()
  })
}
