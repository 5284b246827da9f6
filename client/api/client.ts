import type { StaffMe } from '../../shared/staff'
import { ApiError, send } from './http'

/**
 * The one client of the staff API (README "Staff sign-in"); staff.ts and admin.ts list its endpoints. The
 * session's CSRF token, kept here, travels in X-CSRF-Token on every unsafe request; a 401 from any call is
 * handed to one handler (the staff session store), which sends the reader to the sign-in page.
 */

let csrfToken: string | null = null
let onUnauthorized: (error: ApiError) => void = () => {}

/** Who hears of a 401: the session store registers itself here. */
export function setUnauthorizedHandler(handler: (error: ApiError) => void): void {
  onUnauthorized = handler
}

/** Keeps the CSRF token an answer carries (sign-in, the second factor, /api/staff/me) and hands the answer on. */
export function keepToken<T extends { csrfToken: string }>(answer: T): T {
  csrfToken = answer.csrfToken
  return answer
}

/** Forgets the token, as signing out (or, in tests, a new page load) does. */
export function forgetCsrfToken(): void {
  csrfToken = null
}

export interface CallOptions {
  /** A 401 the caller hears itself, not a lost session: not signed in yet, a wrong password or code. */
  quiet401?: boolean
  signal?: AbortSignal
}

async function call(path: string, init: RequestInit, options: CallOptions): Promise<Response> {
  try {
    return await send(path, { ...init, signal: options.signal })
  } catch (error) {
    if (error instanceof ApiError && error.status === 401 && !options.quiet401) {
      csrfToken = null
      onUnauthorized(error)
    }
    throw error
  }
}

/** The answer's JSON; nothing for 204 No Content. */
async function bodyOf<T>(res: Response): Promise<T> {
  return (res.status === 204 ? undefined : await res.json()) as T
}

export async function get<T>(path: string, options: CallOptions = {}): Promise<T> {
  return bodyOf<T>(await call(path, {}, options))
}

/** Who is signed in; also keeps the session's CSRF token. */
export async function fetchMe(options: CallOptions = {}): Promise<StaffMe> {
  return keepToken(await get<StaffMe>('/api/staff/me', options))
}

export interface WriteOptions extends CallOptions {
  /** The body's type when it is a file: it goes as its bytes, and the server judges its encoding. */
  contentType?: string
  /** Signing in: there is no session, so no token to send. */
  csrf?: false
}

/**
 * An unsafe request with the CSRF token, fetched first when not known yet (a page opened on an item). A
 * sign-in in another tab makes a new session and token: a `csrf` refusal fetches it and tries once more.
 */
export async function write<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown, options: WriteOptions = {}): Promise<T> {
  const withToken = options.csrf !== false
  const payload = body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body)
  const attempt = async () => {
    const headers = {
      ...(withToken ? { 'x-csrf-token': csrfToken ?? '' } : {}),
      ...(options.contentType === undefined ? {} : { 'content-type': options.contentType }),
    }
    return bodyOf<T>(await call(path, { method, body: payload, headers }, options))
  }
  if (withToken && csrfToken === null) await fetchMe()
  try {
    return await attempt()
  } catch (error) {
    if (!(withToken && error instanceof ApiError && error.status === 403 && error.code === 'csrf')) throw error
    await fetchMe()
    return attempt()
  }
}
