import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { Env } from '../env'
import { clientKey } from '../auth/request-info'
import { apiError } from './errors'

/** A body this large (or of unknown length) is read, parsed and its photos decoded inside a slot. */
export const HEAVY_BODY_BYTES = 64 * 1024

export interface HeavyBodyLimits {
  /** Heavy bodies handled at once by the whole server: about one per core, plus one being read. */
  total: number
  /** Heavy bodies handled at once for one client: the device sends its photos one item at a time. */
  perClient: number
}

function isHeavy(c: Context<Env>): boolean {
  const length = c.req.header('content-length')
  return length === undefined || Number(length) > HEAVY_BODY_BYTES
}

/**
 * A cap on the large bodies handled at once. A photo body costs its bytes in memory several times over and
 * tens of milliseconds of decoding; a hundred at once held the health check for 16 s. Over the cap the
 * answer is 503 with Retry-After, which the device's outbox honours: nothing is lost, it only waits. One
 * client cannot take every slot, so a hostile address leaves room for everyone else's photos.
 */
export function heavyBodySlots(limits: HeavyBodyLimits) {
  let inUse = 0
  const byClient = new Map<string, number>()
  return createMiddleware<Env>(async (c, next) => {
    if (!isHeavy(c)) return next()
    const key = clientKey(c)
    const mine = byClient.get(key) ?? 0
    if (inUse >= limits.total || mine >= limits.perClient) {
      c.header('Retry-After', mine >= limits.perClient ? '2' : '5')
      // The body is still on its way: closing the connection spares reading megabytes only to drop them.
      c.header('Connection', 'close')
      return apiError(c, 503, 'busy', 'The server is handling as many uploads as it can; retry shortly')
    }
    inUse++
    byClient.set(key, mine + 1)
    try {
      await next()
    } finally {
      inUse--
      const left = (byClient.get(key) ?? 1) - 1
      if (left === 0) byClient.delete(key)
      else byClient.set(key, left)
    }
  })
}
