import { connect, type AddressInfo, type Socket } from 'node:net'
import type { Server } from 'node:http'
import { serve, type ServerType } from '@hono/node-server'
import { afterEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../../server/config'
import { limitConnections, serverOptions } from '../../server/http-limits'
import { createTestApp, type TestApp } from './test-app'

let t: TestApp | undefined
let server: ServerType | undefined
const sockets: Socket[] = []
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy()
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  server = undefined
  await t?.close()
  t = undefined
})

/** Serves a test app as server/index.ts does: with the configured timeouts and connection caps. */
async function listen(env: Record<string, string>): Promise<number> {
  t = await createTestApp(env)
  const config = parseConfig({ LOG_REQUESTS: 'false', ...env })
  const app = t.app
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', serverOptions: serverOptions(config) }, (info: AddressInfo) => resolve(info.port))
  })
  limitConnections(server as Server, config)
  return port
}

/** Opens a connection and resolves when it is open; `closed` resolves when the server ends it. */
function open(port: number) {
  const socket = connect(port, '127.0.0.1')
  sockets.push(socket)
  let received = ''
  socket.on('data', (chunk: Buffer) => (received += chunk.toString()))
  const closed = new Promise<string>((resolve) => socket.on('close', () => resolve(received)))
  socket.on('error', () => {})
  return { socket, closed, ready: new Promise<void>((resolve) => socket.on('connect', () => resolve())) }
}

/** Whether the server answers a health check on a new connection. */
async function healthAnswers(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { connection: 'close' } })
    return res.status === 200
  } catch {
    return false
  }
}

describe('the HTTP server limits', () => {
  it('closes an address’s connections beyond its cap, and keeps serving once they are gone', async () => {
    const port = await listen({ MAX_CONNECTIONS_PER_ADDRESS: '3' })
    const idle = [open(port), open(port), open(port)]
    await Promise.all(idle.map((c) => c.ready))
    const fourth = open(port)
    await fourth.ready
    expect(await fourth.closed).toBe('') // closed without an answer
    for (const c of idle) c.socket.destroy()
    await Promise.all(idle.map((c) => c.closed))
    await expect.poll(() => healthAnswers(port)).toBe(true)
  })

  it('ends a connection whose headers do not arrive in time', async () => {
    const port = await listen({ HEADERS_TIMEOUT_SECONDS: '2' })
    const slow = open(port)
    await slow.ready
    slow.socket.write('GET /api/health HTTP/1.1\r\nHost: x\r\n') // and never the blank line
    expect(await slow.closed).toMatch(/^HTTP\/1\.1 408/)
    expect(await healthAnswers(port)).toBe(true)
  })
  it('reads a JSON body straight from the socket: a rating is stored, a body nested too deep is refused by name', async () => {
    const port = await listen({})
    const url = `http://127.0.0.1:${port}/api/responses`
    const rating = {
      id: '01936b2e-7c1a-7000-8000-000000000001',
      counter: 'HCC-01',
      questionnaire: { key: 'quick', version: 1 },
      answers: { overall: 'satisfied' },
      lang: 'vi',
      submittedAt: new Date().toISOString(),
    }
    const stored = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ responses: [rating] }) })
    expect(stored.status).toBe(200)
    expect(((await stored.json()) as { results: { status: string }[] }).results.map((r) => r.status)).toEqual(['stored'])
    expect(await t!.count('responses')).toBe(1)

    const deep = `{"responses":[${'['.repeat(40)}${']'.repeat(40)}]}`
    const refused = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep })
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'too_complex', message: 'Request body nests deeper than 16 levels' })
    // The server goes on serving after refusing it.
    expect(await healthAnswers(port)).toBe(true)
  })
})
