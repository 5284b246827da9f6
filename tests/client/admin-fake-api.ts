import { vi } from 'vitest'

/** A fake of the server for the admin stores: answers by "METHOD path" and records every request. */
export interface Call {
  method: string
  path: string
  headers: Record<string, string>
  body: unknown
}

type Handler = (call: Call) => Response | Promise<Response>

export const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
export const apiError = (status: number, code: string, message: string, path: string) => json({ error: { code, message, path } }, status)

export const ME = { id: 5, username: 'demo.admin', displayName: 'Quản trị', role: 'admin', unitCode: null, csrfToken: 'token-1' }

export function fakeApi(routes: Record<string, Handler>) {
  const calls: Call[] = []
  const fetchMock = vi.fn(async (input: string, init: RequestInit = {}) => {
    const url = new URL(input, 'http://app.test')
    const method = init.method ?? 'GET'
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]))
    let body: unknown = init.body
    if (typeof body === 'string' && headers['content-type']?.startsWith('application/json')) body = JSON.parse(body)
    const call = { method, path: url.pathname + url.search, headers, body }
    calls.push(call)
    const handler = routes[`${method} ${url.pathname + url.search}`] ?? routes[`${method} ${url.pathname}`]
    if (!handler) return apiError(404, 'not_found', `No API endpoint ${method} ${url.pathname}`, '')
    return handler(call)
  })
  vi.stubGlobal('fetch', fetchMock)
  return { calls, fetchMock, writes: () => calls.filter((c) => c.method !== 'GET') }
}
