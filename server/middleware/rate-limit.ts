import { createMiddleware } from 'hono/factory'
import type { Env } from '../env'
import { clientKey } from '../auth/request-info'
import { secondsUntil } from '../store/allowance-store'
import { apiError } from './errors'

/**
 * A token bucket per client (its address, an IPv6 address by its /64: see clientKey) and per `name`: bursts
 * up to a minute's allowance, refilled continuously. A whole queued batch is one request, so a phone catching
 * up after a day offline is not throttled. The allowance is RATE_LIMIT_PER_MINUTE unless `limit` gives
 * another (the tracking page's is stricter). The buckets are the store's (store.allowances), so every
 * instance on one database counts the same allowance, and each app in a process (each test's) has its own.
 */
export function rateLimit(name: string, limit: (config: Env['Variables']['config']) => number = (config) => config.RATE_LIMIT_PER_MINUTE) {
  return createMiddleware<Env>(async (c, next) => {
    // c.get, not c.var: Hono builds a new object of all the variables on every read of c.var.
    const bucket = { name: `rate:${name}`, capacity: limit(c.get('config')), periodMs: 60_000 }
    // Checked and spent in one step: requests racing on several instances cannot all spend the last one.
    const { taken, tokens } = await c.get('store').allowances.take(bucket, clientKey(c), 1, Date.now())
    if (!taken) {
      const retryAfter = secondsUntil(bucket, tokens, 1)
      c.header('Retry-After', String(retryAfter))
      return apiError(c, 429, 'rate_limited', `Too many requests to ${name}; retry in ${retryAfter} s`)
    }
    await next()
  })
}
