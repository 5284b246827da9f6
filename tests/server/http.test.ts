import { execFile } from 'node:child_process'
import { request } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { serve, type ServerType } from '@hono/node-server'
import { afterEach, describe, expect, it } from 'vitest'
import type { BatchResult } from '../../shared/response'
import { createTestApp, quickResponse, type TestApp } from './test-app'

const ROOT = join(import.meta.dirname, '..', '..')

let t: TestApp | undefined
let server: ServerType | undefined
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)))
  server = undefined
  await t?.close()
  t = undefined
})

/** Serves a test app on a free port of 127.0.0.1, as server/index.ts would. */
async function listen(env: Record<string, string> = {}): Promise<number> {
  t = await createTestApp(env)
  const app = t.app
  return new Promise((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port))
  })
}

function post(port: number, body: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/api/responses', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = ''
      res.on('data', (chunk: Buffer) => (text += chunk.toString()))
      res.on('end', () => resolve({ status: res.statusCode!, body: text, headers: res.headers }))
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('over real HTTP', () => {
  it('post /responses over HTTP stores a batch and acknowledges it', async () => {
    const port = await listen()
    const item = quickResponse()
    const res = await post(port, JSON.stringify({ responses: [item] }))
    expect(res.status).toBe(200)
    expect((JSON.parse(res.body) as BatchResult).results).toEqual([{ index: 0, id: item.id, status: 'stored' }])
    expect(await t!.count('responses')).toBe(1)
  })

  it('post /responses over HTTP refuses a chunked body with no Content-Length with 413 long before it ends', async () => {
    const port = await listen({ BODY_LIMIT_BYTES: String(64 * 1024) })
    const total = 256 * 1024 * 1024
    const chunk = Buffer.alloc(64 * 1024, 0x20)
    const outcome = await new Promise<{ status: number; written: number; body: string }>((resolve, reject) => {
      let written = 0
      // An object, so that the pump loop sees the response callback's change.
      const state = { answered: false }
      const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/api/responses', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } }, (res) => {
        state.answered = true
        let text = ''
        res.on('data', (data: Buffer) => (text += data.toString()))
        res.on('end', () => {
          resolve({ status: res.statusCode!, written, body: text })
          req.destroy()
        })
      })
      req.on('error', (error) => (state.answered ? undefined : reject(error)))
      req.write('{"responses": [')
      const pump = () => {
        while (!state.answered && written < total) {
          written += chunk.length
          if (!req.write(chunk)) return void req.once('drain', pump)
        }
        if (!state.answered) req.end(']}')
      }
      pump()
    })
    expect(outcome.status).toBe(413)
    expect(JSON.parse(outcome.body)).toMatchObject({ error: { code: 'too_large' } })
    // The answer came while the client was still sending: the server did not wait for (or hold) 256 MiB.
    expect(outcome.written).toBeLessThan(total / 8)
  }, 60_000)

  it('post /responses over HTTP keys the rate limit on the socket address', async () => {
    const port = await listen({ RATE_LIMIT_PER_MINUTE: '2' })
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await post(port, JSON.stringify({ responses: [quickResponse()] }))).status)
    expect(statuses).toEqual([200, 200, 429])
  })
})

describe('server start-up', () => {
  it.each([
    [{ PORT: 'eighty' }, 'PORT="eighty"'],
    [{ DATABASE_URL: 'mysql://db/hailong' }, 'DATABASE_URL: must start with sqlite:'],
    [{ DATABASE_URL: 'postgres://db' }, 'DATABASE_URL: needs a database name'],
  ])('server/index.ts stops with exit code 2 and a message for %j', async (env, message) => {
    const run = promisify(execFile)(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      timeout: 20_000,
    })
    const failure = (await run.then(
      () => ({ code: 0, stderr: '' }),
      (error: { code?: number; stderr?: string }) => error,
    )) as { code?: number; stderr?: string }
    expect(failure.code).toBe(2)
    expect(failure.stderr).toContain('Invalid configuration')
    expect(failure.stderr).toContain(message)
  }, 30_000)
})
