import { bodyLimit as honoBodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import type { Env } from '../env'
import { apiError } from './errors'

/** Refuses an oversized body with 413 as soon as its length is known, before it is buffered whole. */
export const bodyLimit = createMiddleware<Env>(async (c, next) => {
  const length = c.req.header('content-length')
  if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
    return Number(length) > c.var.config.BODY_LIMIT_BYTES ? apiError(c, 413, 'too_large', `Request body is larger than ${c.var.config.BODY_LIMIT_BYTES} bytes`) : next()
  }
  return honoBodyLimit({
    maxSize: c.var.config.BODY_LIMIT_BYTES,
    onError: (ctx) => apiError(ctx, 413, 'too_large', `Request body is larger than ${c.var.config.BODY_LIMIT_BYTES} bytes`),
  })(c, next)
})
