import type { ApiErrorBody } from '../../shared/api-error'

/** An API answer other than 2xx, carrying the server's `{ error: { code, message, path } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string,
    /** The seconds a 429 or 503 asked the client to wait, when it said. */
    readonly retryAfter: number | null = null,
  ) {
    super(message)
  }
}

async function apiErrorOf(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as ApiErrorBody | null
  const retry = Number(res.headers.get('retry-after'))
  return new ApiError(
    res.status,
    body?.error?.code ?? 'http_error',
    body?.error?.message ?? res.statusText,
    body?.error?.path ?? '',
    Number.isFinite(retry) && retry > 0 ? retry : null,
  )
}

/**
 * fetch with the API's manners: JSON accepted, a body sent as JSON unless the caller names its type, and any
 * answer but 2xx thrown as ApiError. Network failures surface as TypeError, as fetch throws them.
 */
export async function send(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(path, {
    credentials: 'same-origin',
    ...init,
    headers: { accept: 'application/json', ...(init.body == null ? {} : { 'content-type': 'application/json' }), ...init.headers },
  })
  if (res.ok) return res
  throw await apiErrorOf(res)
}

/** A JSON answer. The staff session's own calls go through client.ts, which adds the CSRF token and reports a 401. */
export async function requestJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  return (await (await send(path, init)).json()) as T
}
