import { afterEach, describe, expect, it, vi } from 'vitest'
import type { BatchResult } from '../../shared/response'
import { addStaff, createTestApp, onPostgres, postJson, postResponses, quickResponse, type Session, signIn, staffRequest, type TestApp } from './test-app'

type ErrorBody = { error: { code: string; message: string; path: string } }

const open: TestApp[] = []
async function app(env: Record<string, string> = {}) {
  const t = await createTestApp(env)
  open.push(t)
  return t
}
afterEach(async () => {
  vi.restoreAllMocks()
  await Promise.all(open.splice(0).map((t) => t.close()))
})

/** A JSON body of about `bytes` bytes: one valid item whose comment pads it out. */
function bodyOfSize(bytes: number): string {
  const item = quickResponse({ answers: { overall: 'satisfied' } })
  const base = JSON.stringify({ responses: [item] })
  return base.replace('"lang"', `"pad":"${'x'.repeat(Math.max(0, bytes - base.length - 9))}","lang"`)
}

/**
 * A request body that is streamed in 16 KiB chunks without a Content-Length (as with chunked transfer
 * encoding), up to `total` bytes, counting how much the server actually pulled.
 */
function streamedBody(total: number) {
  const chunk = new TextEncoder().encode(`[${'1,'.repeat(8191)}`.slice(0, 16 * 1024))
  const counter = { pulled: 0, cancelled: false }
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (counter.pulled >= total) return controller.close()
        counter.pulled += chunk.length
        controller.enqueue(chunk)
      },
      cancel() {
        counter.cancelled = true
      },
    },
    { highWaterMark: 0 },
  )
  return { stream, counter }
}

describe('POST /api/responses: body limit', () => {
  it('post /responses refuses a body over BODY_LIMIT_BYTES with 413 when Content-Length says so, reading nothing', async () => {
    const t = await app({ BODY_LIMIT_BYTES: '4096' })
    const { stream, counter } = streamedBody(1024 * 1024)
    const res = await t.app.request('/api/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(1024 * 1024) },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(((await res.json()) as ErrorBody).error).toEqual({ code: 'too_large', message: 'Request body is larger than 4096 bytes', path: '' })
    expect(counter.pulled).toBe(0)
  })

  it('post /responses refuses a body just over the limit with 413 and accepts one just under it', async () => {
    const t = await app({ BODY_LIMIT_BYTES: '4096' })
    const under = bodyOfSize(4000)
    const over = bodyOfSize(4200)
    expect(Buffer.byteLength(under)).toBeLessThanOrEqual(4096)
    expect(Buffer.byteLength(over)).toBeGreaterThan(4096)
    // Invalid only because of the pad field: the point is that it was read and checked, not refused for size.
    const ok = await postJson(t.app, '/api/responses', under)
    expect(ok.status).toBe(200)
    expect(((await ok.json()) as BatchResult).results[0]?.error?.path).toBe('responses.0.pad')
    const res = await postJson(t.app, '/api/responses', over)
    expect(res.status).toBe(413)
    expect(await t.count('responses')).toBe(0)
  })

  it('post /responses refuses a streamed body with no Content-Length with 413 once the limit is passed, without buffering the rest', async () => {
    const t = await app({ BODY_LIMIT_BYTES: String(64 * 1024) })
    const { stream, counter } = streamedBody(64 * 1024 * 1024)
    const res = await t.app.request('/api/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(res.status).toBe(413)
    expect(((await res.json()) as ErrorBody).error.code).toBe('too_large')
    // At most the limit plus the chunk that crossed it (and one read-ahead) was pulled, not 64 MiB.
    expect(counter.pulled).toBeLessThanOrEqual(64 * 1024 + 2 * 16 * 1024)
  })

  it('post /responses reads a streamed body under the limit as usual', async () => {
    const t = await app()
    const item = quickResponse()
    const bytes = new TextEncoder().encode(JSON.stringify({ responses: [item] }))
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 7) controller.enqueue(bytes.subarray(i, i + 7))
        controller.close()
      },
    })
    const res = await t.app.request('/api/responses', { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit)
    expect(res.status).toBe(200)
    expect(((await res.json()) as BatchResult).results[0]).toEqual({ index: 0, id: item.id, status: 'stored' })
  })

  it('post /responses accepts a full 500-item batch under the default 1 MiB limit', async () => {
    const t = await app()
    const body = JSON.stringify({ responses: Array.from({ length: 500 }, () => quickResponse()) })
    expect(Buffer.byteLength(body)).toBeLessThan(1024 * 1024)
    expect((await postJson(t.app, '/api/responses', body)).status).toBe(200)
  })
})

describe('POST /api/responses: rate limit', () => {
  it('post /responses answers 429 with Retry-After once a client has used its minute', async () => {
    const t = await app({ RATE_LIMIT_PER_MINUTE: '3' })
    for (let i = 0; i < 3; i++) expect((await postJson(t.app, '/api/responses', { responses: [quickResponse()] })).status).toBe(200)
    const item = quickResponse()
    const res = await postJson(t.app, '/api/responses', { responses: [item] })
    expect(res.status).toBe(429)
    const retryAfter = Number(res.headers.get('retry-after'))
    expect(Number.isInteger(retryAfter)).toBe(true)
    // One request in 60/3 = 20 s.
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(20)
    expect(((await res.json()) as ErrorBody).error.code).toBe('rate_limited')
    expect(await t.count('responses')).toBe(3)
    expect(await t.count('responses', 'id = ?', item.id)).toBe(0)
  })

  it('post /responses lets the client in again once its allowance has refilled', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      const t = await app({ RATE_LIMIT_PER_MINUTE: '2' })
      for (let i = 0; i < 2; i++) await postResponses(t.app, [quickResponse()])
      const refused = await postJson(t.app, '/api/responses', { responses: [quickResponse()] })
      expect(refused.status).toBe(429)
      vi.setSystemTime(Date.now() + Number(refused.headers.get('retry-after')) * 1000)
      expect((await postJson(t.app, '/api/responses', { responses: [quickResponse()] })).status).toBe(200)
    } finally {
      vi.useRealTimers()
    }
  })

  it('post /responses counts a whole batch as one request', async () => {
    const t = await app({ RATE_LIMIT_PER_MINUTE: '1' })
    const results = await postResponses(t.app, Array.from({ length: 200 }, () => quickResponse()))
    expect(results.every((r) => r.status === 'stored')).toBe(true)
  })

  it('post /responses keeps one allowance per app: another app in the same process is not throttled', async () => {
    const first = await app({ RATE_LIMIT_PER_MINUTE: '1' })
    await postResponses(first.app, [quickResponse()])
    expect((await postJson(first.app, '/api/responses', { responses: [quickResponse()] })).status).toBe(429)
    const second = await app({ RATE_LIMIT_PER_MINUTE: '1' })
    expect((await postJson(second.app, '/api/responses', { responses: [quickResponse()] })).status).toBe(200)
  })

  it('post /responses keeps one allowance per forwarded client behind a trusted proxy', async () => {
    const t = await app({ RATE_LIMIT_PER_MINUTE: '1', TRUST_PROXY: 'true' })
    // The proxy appends the address it saw; whatever comes before it is the client's to forge.
    const from = (ip: string, forged = '10.0.0.1') => postJson(t.app, '/api/responses', { responses: [quickResponse()] }, { 'x-forwarded-for': `${forged}, ${ip}` })
    expect((await from('203.0.113.1')).status).toBe(200)
    expect((await from('203.0.113.1')).status).toBe(429)
    expect((await from('203.0.113.1', '10.9.9.9')).status).toBe(429)
    expect((await from('203.0.113.2')).status).toBe(200)
  })

  it('post /responses ignores X-Forwarded-For unless the proxy is trusted (a client cannot pick a fresh address)', async () => {
    const t = await app({ RATE_LIMIT_PER_MINUTE: '1' })
    const from = (ip: string) => postJson(t.app, '/api/responses', { responses: [quickResponse()] }, { 'x-forwarded-for': ip })
    expect((await from('203.0.113.1')).status).toBe(200)
    expect((await from('203.0.113.2')).status).toBe(429)
  })

  it('get /catalog is not throttled by the write limit', async () => {
    const t = await app({ RATE_LIMIT_PER_MINUTE: '1' })
    expect((await postJson(t.app, '/api/responses', { responses: [quickResponse()] })).status).toBe(200)
    for (let i = 0; i < 5; i++) expect((await t.app.request('/api/catalog')).status).toBe(200)
  })

  it('get /stats/satisfaction has an allowance of its own, apart from the writes, and spends it before any session check', async () => {
    const t = await app({ RATE_LIMIT_PER_MINUTE: '2' })
    await addStaff(t, { username: 'l.leader', role: 'leadership' })
    const leader = await signIn(t.app, 'l.leader')
    const stats = (session?: Session) => staffRequest(t.app, 'GET', '/api/stats/satisfaction?from=2026-01-01&to=2026-01-31', session)
    for (let i = 0; i < 2; i++) expect((await postJson(t.app, '/api/responses', { responses: [quickResponse()] })).status).toBe(200)
    expect((await postJson(t.app, '/api/responses', { responses: [quickResponse()] })).status).toBe(429)
    expect((await stats(leader)).status).toBe(200)
    expect((await stats()).status).toBe(401)
    const limited = await stats(leader)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited')
  })
})

/** Makes the database refuse the response with this dossier, as a full disk or an I/O error would, on either store. */
async function failOnDossier(t: TestApp, dossier: string) {
  if (!onPostgres) {
    await t.sql(`CREATE TRIGGER fail_insert BEFORE INSERT ON responses WHEN NEW.dossier = '${dossier}' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`)
    return
  }
  await t.sql("CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk I/O error'; END $$")
  await t.sql(`CREATE TRIGGER fail_insert BEFORE INSERT ON responses FOR EACH ROW WHEN (NEW.dossier = '${dossier}') EXECUTE FUNCTION fail_insert()`)
}

async function failNoMore(t: TestApp) {
  await t.sql(onPostgres ? 'DROP TRIGGER fail_insert ON responses' : 'DROP TRIGGER fail_insert')
}

describe('POST /api/responses: store failure', () => {
  it('post /responses answers 503 with Retry-After when the store fails, and stores nothing of the batch', async () => {
    const t = await app()
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    await failOnDossier(t, 'HS-FAIL')
    const items = [quickResponse(), quickResponse({ dossier: 'HS-FAIL', answers: { overall: 'unsatisfied', problems: ['fees'] } }), quickResponse()]
    const res = await postJson(t.app, '/api/responses', { responses: items })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(((await res.json()) as ErrorBody).error.code).toBe('unavailable')
    expect(await t.count('responses')).toBe(0)
    expect(await t.count('response_answers')).toBe(0)
    // The log says what failed without the content (a dossier code identifies a citizen's case).
    expect(log).toHaveBeenCalled()
    expect(JSON.stringify(log.mock.calls)).not.toContain('HS-FAIL')

    await failNoMore(t)
    const results = await postResponses(t.app, items)
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored'])
    expect(await t.count('responses')).toBe(3)
    expect(await t.count('response_answers')).toBe(4)
  })

  it('post /responses leaves every concurrent request either acknowledged and stored, or refused and not stored', async () => {
    const t = await app()
    vi.spyOn(console, 'error').mockImplementation(() => {})
    await failOnDossier(t, 'HS-FAIL')
    const batches = [[quickResponse({ dossier: 'HS-FAIL' })], [quickResponse()], [quickResponse(), quickResponse()]]
    const responses = await Promise.all(batches.map((items) => postJson(t.app, '/api/responses', { responses: items })))
    expect(responses[0]?.status).toBe(503)
    for (const [i, res] of responses.entries()) {
      const ids = batches[i]!.map((item) => item.id)
      const present = await t.count('responses', `id IN (${ids.map(() => '?').join(',')})`, ...ids)
      expect(res.status === 200 ? ids.length : 0).toBe(present)
      expect([200, 503]).toContain(res.status)
    }
  })
})
