import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode, UnofficialStatusCode } from 'hono/utils/http-status'
import type { ApiErrorBody } from '../../shared/api-error'
import { loggedPath } from './logged-path'

export function apiError(c: Context, status: ContentfulStatusCode, code: string, message: string, path = '') {
  return c.json<ApiErrorBody>({ error: { code, message, path } }, status)
}

/** nginx's "client closed request": no one reads the answer, but the access log then says what happened. */
const CLIENT_CLOSED_REQUEST = 499 as UnofficialStatusCode

/**
 * Whether the client went away (a phone that lost its signal, a closed tab) while its request was read or
 * answered. Node's server aborts the request's signal then; the errors are the ones reading the body or
 * writing the answer throws, for a runtime that does not.
 */
function clientWentAway(error: Error, c: Context): boolean {
  const code = (error as Error & { code?: unknown }).code
  return (
    c.req.raw.signal.aborted ||
    error.name === 'AbortError' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    (code === 'ECONNRESET' && error.message === 'aborted')
  )
}

/** Turns anything thrown into the API's error shape; a client never sees a stack trace. */
export function onError(error: Error, c: Context) {
  const where = `${c.req.method} ${loggedPath(c.req.path)}`
  if (clientWentAway(error, c)) {
    // Nothing failed here: a 500 and a stack trace would send someone looking for a bug that is not there.
    console.info(`client closed the connection: ${where}`)
    return c.body(null, CLIENT_CLOSED_REQUEST)
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode
    const code = status === 400 ? 'bad_request' : status === 413 ? 'too_large' : 'http_error'
    return apiError(c, status, code, error.message || 'Bad request')
  }
  console.error(`unhandled error on ${where}:`, error)
  return apiError(c, 500, 'internal', 'Internal server error')
}
