import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { ApiErrorBody } from '../../shared/api-error'

export function apiError(c: Context, status: ContentfulStatusCode, code: string, message: string, path = '') {
  return c.json<ApiErrorBody>({ error: { code, message, path } }, status)
}

/** Turns anything thrown into the API's error shape; a client never sees a stack trace. */
export function onError(error: Error, c: Context) {
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode
    const code = status === 400 ? 'bad_request' : status === 413 ? 'too_large' : 'http_error'
    return apiError(c, status, code, error.message || 'Bad request')
  }
  console.error(`unhandled error on ${c.req.method} ${new URL(c.req.url).pathname}:`, error)
  return apiError(c, 500, 'internal', 'Internal server error')
}
