import { bodyLimit as honoBodyLimit } from 'hono/body-limit'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { Env } from '../env'
import { apiError } from './errors'

/** Refuses a body over `max(c)` bytes with 413 as soon as its length is known, before it is buffered whole. */
export function limitBody(max: (c: Context<Env>) => number) {
  return createMiddleware<Env>(async (c, next) => {
    const limit = max(c)
    const length = c.req.header('content-length')
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number(length) > limit ? apiError(c, 413, 'too_large', `Request body is larger than ${limit} bytes`) : next()
    }
    return honoBodyLimit({
      maxSize: limit,
      onError: (ctx) => apiError(ctx, 413, 'too_large', `Request body is larger than ${limit} bytes`),
    })(c, next)
  })
}

/** The configured limit (BODY_LIMIT_BYTES), for the endpoints whose bodies carry no files. */
export const bodyLimit = limitBody((c) => c.get('config').BODY_LIMIT_BYTES)
