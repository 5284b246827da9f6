import { vi } from 'vitest'

/** A JSON answer as the API sends it. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
}

export function apiError(status: number, code: string, message = code, path = '', headers: Record<string, string> = {}): Response {
  return json({ error: { code, message, path } }, status, headers)
}

export interface Call {
  method: string
  url: string
  headers: Record<string, string>
  body: unknown
}

/**
 * A fake fetch answering by "METHOD path" (without the query); each route is a queue of answers, the last one
 * repeated. Records every call with its headers and parsed body.
 */
export function fakeFetch(routes: Record<string, Array<() => Response>>) {
  const calls: Call[] = []
  const fetch = vi.fn(async (input: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET'
    const path = input.split('?')[0]
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]))
    calls.push({ method, url: input, headers, body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined })
    const queue = routes[`${method} ${path}`]
    if (!queue || queue.length === 0) throw new Error(`unexpected ${method} ${input}`)
    const answer = queue.length > 1 ? queue.shift()! : queue[0]!
    return answer()
  })
  return { fetch, calls }
}

export const ME = { id: 7, username: 'demo.staff', displayName: 'Nguyễn Thị Lan (demo)', role: 'unit_staff', unitCode: 'LS', csrfToken: 'token-1' }
