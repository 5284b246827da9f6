import { createMiddleware } from 'hono/factory'
import type { Env } from '../env'
import { clientKey } from '../auth/request-info'
import { Allowances } from './allowances'
import { apiError } from './errors'

/**
 * A token bucket per client (its address, an IPv6 address by its /64: see clientKey): bursts up to a
 * minute's allowance, refilled continuously. A whole queued batch is one request, so a phone catching up
 * after a day offline is not throttled. The allowance is RATE_LIMIT_PER_MINUTE unless `limit` gives
 * another (the tracking page's is stricter).
 */
export function rateLimit(name: string, limit: (config: Env['Variables']['config']) => number = (config) => config.RATE_LIMIT_PER_MINUTE) {
  // Routes are module-level constants, so the buckets are kept per app (by its config), not per module:
  // otherwise every app built in one process — each test's, say — would share one allowance.
  const bucketsByApp = new WeakMap<Env['Variables']['config'], Allowances>()
  return createMiddleware<Env>(async (c, next) => {
    // c.get, not c.var: Hono builds a new object of all the variables on every read of c.var.
    const config = c.get('config')
    let buckets = bucketsByApp.get(config)
    if (!buckets) bucketsByApp.set(config, (buckets = new Allowances(limit(config), 60_000)))
    const key = clientKey(c)
    if (buckets.available(key) < 1) {
      const retryAfter = buckets.secondsUntil(key, 1)
      c.header('Retry-After', String(retryAfter))
      return apiError(c, 429, 'rate_limited', `Too many requests to ${name}; retry in ${retryAfter} s`)
    }
    buckets.spend(key, 1)
    await next()
  })
}
