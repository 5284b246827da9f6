import type { ApiErrorBody } from '../../shared/api-error'

/** An API answer other than 2xx, carrying the server's `{ error: { code, message, path } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string,
  ) {
    super(message)
  }
}

/** fetch + JSON with the API's error shape; network failures surface as TypeError, as fetch throws them. */
export async function requestJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: { accept: 'application/json', ...(init.body ? { 'content-type': 'application/json' } : {}), ...init.headers },
  })
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as ApiErrorBody | null
    throw new ApiError(res.status, body?.error.code ?? 'http_error', body?.error.message ?? res.statusText, body?.error.path ?? '')
  }
  return (await res.json()) as T
}
