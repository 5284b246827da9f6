import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve, type ServerType } from '@hono/node-server'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { generateTrackingCode } from '../../shared/tracking-code'
import { addStaff, createTestApp, signIn, type TestApp } from './test-app'

let t: TestApp
let server: ServerType | undefined
/** Every line written to the console, with the stream it went to. */
let output: { method: string; text: string }[]
beforeEach(async () => {
  output = []
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      output.push({ method, text: args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(' ') })
    })
  }
  // Request logging on, as in production, so that the access log's line is checked too.
  t = await createTestApp({ LOG_REQUESTS: 'true', RATE_LIMIT_PER_MINUTE: '100000' })
})
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  server = undefined
  vi.restoreAllMocks()
  await t.close()
})

/** Serves the test app on a free port of 127.0.0.1, as server/index.ts would. */
function listen(): Promise<number> {
  return new Promise((resolve) => {
    server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port))
  })
}

/**
 * Starts a request whose body never ends (chunked, no Content-Length) and closes the connection midway, as
 * a phone does when it loses its signal during an upload. Resolves once the server has logged the request.
 */
async function abortUpload(port: number, path: string, headers: Record<string, string>): Promise<void> {
  const received = new Promise((resolve) => server!.once('request', resolve))
  const req = request({ port, host: '127.0.0.1', method: 'POST', path, headers })
  req.on('error', () => {}) // The socket is ours to destroy.
  req.write('{"items": [{"id": "')
  await received
  // A moment for the handler to start reading the body, so that the abort meets it half-read.
  await new Promise((resolve) => setTimeout(resolve, 20))
  req.destroy()
  await vi.waitUntil(() => output.some((l) => l.method === 'log' && l.text.startsWith(`POST ${path} `)), { timeout: 5000 })
}

describe('the error log', () => {
  it('masks the tracking code in the path of an unhandled error, as the access log does', async () => {
    const code = generateTrackingCode()
    vi.spyOn(t.store.feedback, 'findByTrackingCode').mockRejectedValue(new Error('disk I/O error'))
    const res = await t.app.request(`/api/track/${code}`)
    expect(res.status).toBe(500)
    const errors = output.filter((l) => l.method === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]!.text).toContain('GET /api/track/<code>')
    expect(errors[0]!.text).toContain('disk I/O error')
    expect(JSON.stringify(output)).not.toContain(code)
  })

  it('does not log or answer an upload the client abandoned as a 500, and writes one short line for it', async () => {
    const port = await listen()
    await addStaff(t, { username: 'e.admin', role: 'admin' })
    const admin = await signIn(t.app, 'e.admin')
    await abortUpload(port, '/api/feedback', { 'content-type': 'application/json' })
    await abortUpload(port, '/api/staff/admin/catalog/procedures/import', { 'content-type': 'text/csv', cookie: admin.cookie, 'x-csrf-token': admin.csrfToken })

    expect(output.filter((l) => l.method === 'error')).toEqual([])
    for (const path of ['/api/feedback', '/api/staff/admin/catalog/procedures/import']) {
      const lines = output.filter((l) => l.text.includes(`POST ${path}`))
      // The access log's line, with nginx's 499 "client closed request", and one line saying so.
      expect(lines.map((l) => l.text.replace(/ [\d.]+ms$/, ''))).toEqual([`client closed the connection: POST ${path}`, `POST ${path} 499`])
    }
  })

  it('masks the tracking code in the line about a request the client abandoned', async () => {
    const code = generateTrackingCode()
    const client = new AbortController()
    // The citizen closes the page while the lookup runs; what the lookup then throws is no fault of the server.
    vi.spyOn(t.store.feedback, 'findByTrackingCode').mockImplementation(async () => {
      client.abort()
      throw new DOMException('The operation was aborted.', 'AbortError')
    })
    const res = await t.app.request(`/api/track/${code}`, { signal: client.signal })
    expect(res.status).toBe(499)
    expect(output.filter((l) => l.method === 'error')).toEqual([])
    expect(output.map((l) => l.text.replace(/ [\d.]+ms$/, ''))).toEqual(['client closed the connection: GET /api/track/<code>', 'GET /api/track/<code> 499'])
    expect(JSON.stringify(output)).not.toContain(code)
  })
})
