import { afterEach, describe, expect, it, vi } from 'vitest'
import { JsonShapeScanner, jsonShapeProblem } from '../../server/middleware/json-shape'
import { isStandardBase64 } from '../../shared/feedback'
import { feedbackItem } from './feedback-fixtures'
import { createTestApp, postJson, quickResponse, type TestApp } from './test-app'

type ErrorBody = { error: { code: string; message: string; path: string } }

let t: TestApp | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

describe('jsonShapeProblem', () => {
  it('counts the nesting and the values outside strings only', () => {
    expect(jsonShapeProblem('[[[1]]]', { maxDepth: 3, maxValues: 10 })).toBeUndefined()
    expect(jsonShapeProblem('[[[[1]]]]', { maxDepth: 3, maxValues: 10 })).toBe('nests deeper than 3 levels')
    expect(jsonShapeProblem('[1,2,3,4,5]', { maxDepth: 3, maxValues: 4 })).toBe('holds more than 4 values')
    // Brackets, commas and escaped quotes inside a string are text.
    expect(jsonShapeProblem('{"a":"[[[[,,,,\\"[[[[\\\\"}', { maxDepth: 1, maxValues: 2 })).toBeUndefined()
    // A string ending in an escaped backslash ends there; what follows counts again.
    expect(jsonShapeProblem('["\\\\",[[]]]', { maxDepth: 2, maxValues: 10 })).toBe('nests deeper than 2 levels')
  })
})

describe('JsonShapeScanner', () => {
  it('measures the same whatever the chunks: a string and its escapes may straddle two', () => {
    const text = '{"a":"x\\\\","b":"y\\"[[[","c":[[[1]]]}'
    const whole = jsonShapeProblem(text, { maxDepth: 3, maxValues: 100 })
    expect(whole).toBe('nests deeper than 3 levels')
    const bytes = Buffer.from(text)
    for (let cut = 1; cut < bytes.length; cut++) {
      const scanner = new JsonShapeScanner({ maxDepth: 3, maxValues: 100 })
      expect(scanner.push(bytes.subarray(0, cut)) ?? scanner.push(bytes.subarray(cut)), `cut at ${cut}`).toBe(whole)
    }
    for (let cut = 1; cut < bytes.length; cut++) {
      const scanner = new JsonShapeScanner({ maxDepth: 4, maxValues: 100 })
      expect(scanner.push(bytes.subarray(0, cut)) ?? scanner.push(bytes.subarray(cut)), `cut at ${cut}`).toBeUndefined()
    }
  })
})

describe('isStandardBase64', () => {
  const cases: [string, boolean][] = [
    ...[1, 2, 3, 4, 5, 300].map((bytes): [string, boolean] => [Buffer.alloc(bytes, 0xfb).toString('base64'), true]),
    ['ab+/', true],
    ['ab-_', false], // the URL alphabet
    ['abc', false],
    ['ab=c', false],
    ['a===', false],
    ['====', false],
    ['ab c', false],
    ['abc\n', false],
  ]

  it('accepts standard base64 with its padding and nothing else, on the server', () => {
    for (const [text, ok] of cases) expect(isStandardBase64(text), text).toBe(ok)
  })

  it('says the same in a browser, where there is no Buffer', () => {
    vi.stubGlobal('Buffer', undefined)
    try {
      for (const [text, ok] of cases) expect(isStandardBase64(text), text).toBe(ok)
    } finally {
      vi.unstubAllGlobals()
    }
    expect(typeof Buffer.from).toBe('function')
  })
})

describe('bodies are measured before they are parsed', () => {
  it('refuses a deeply nested body under the size limit with 400, and the server goes on answering', async () => {
    t = await createTestApp()
    const depth = 1_000_000
    const res = await postJson(t.app, '/api/feedback', `{"items":${'['.repeat(depth)}${']'.repeat(depth)}}`)
    expect(res.status).toBe(400)
    const body = (await res.json()) as ErrorBody
    expect(body.error.code).toBe('too_complex')
    expect(body.error.message).toContain('nests deeper than 16 levels')
    expect((await t.app.request('/api/health')).status).toBe(200)
  })

  it('refuses a body of more values than any batch holds', async () => {
    t = await createTestApp()
    const res = await postJson(t.app, '/api/responses', `{"responses":[${Array(200_000).fill('0').join(',')}]}`)
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error.message).toContain('holds more than 100000 values')
  })

  it('still names the first bad field of an ordinary body, and stores a good one', async () => {
    t = await createTestApp()
    const bad = await postJson(t.app, '/api/feedback', { items: 'none' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as ErrorBody).error.path).toBe('items')
    expect((await postJson(t.app, '/api/responses', { responses: [quickResponse()] })).status).toBe(200)
    expect((await postJson(t.app, '/api/feedback', { items: [feedbackItem()] })).status).toBe(200)
  })
})

/**
 * A POST /api/feedback whose body keeps arriving until `finish` is called: it holds its slot meanwhile.
 * `reading` resolves once the server reads the body, that is, once the request holds its slot.
 */
function slowUpload(app: TestApp['app'], from: string) {
  let finish!: () => void
  let read!: () => void
  const reading = new Promise<void>((resolve) => (read = resolve))
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(JSON.stringify({ items: [feedbackItem()] })))
      finish = () => controller.close()
    },
    // Called once the chunk above was taken: the server has begun reading.
    pull() {
      read()
    },
  })
  const answer = app.request('/api/feedback', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
    body,
    duplex: 'half',
  } as RequestInit)
  return { answer, reading, finish: () => finish() }
}

const sendFrom = (app: TestApp['app'], from: string) =>
  postJson(app, '/api/feedback', JSON.stringify({ items: [feedbackItem({ description: 'x'.repeat(70_000) })] }), { 'x-forwarded-for': from })

describe('large bodies are handled a few at a time', () => {
  it('gives one client one slot and the server four; over that, 503 with Retry-After, and nothing is lost', async () => {
    t = await createTestApp({ TRUST_PROXY: 'true' })
    const held = [slowUpload(t.app, '198.51.100.1')]
    await held[0]!.reading
    const second = await sendFrom(t.app, '198.51.100.1')
    expect(second.status).toBe(503)
    expect(second.headers.get('retry-after')).toBe('2')
    expect(((await second.json()) as ErrorBody).error.code).toBe('busy')

    // Other clients still get in, one slot each, until the server's four are taken.
    for (const address of ['203.0.113.7', '203.0.113.8', '203.0.113.9']) held.push(slowUpload(t.app, address))
    await Promise.all(held.map((h) => h.reading))
    const full = await sendFrom(t.app, '192.0.2.9')
    expect(full.status).toBe(503)
    expect(full.headers.get('retry-after')).toBe('5')

    // Small bodies (ratings, feedback without photos) never wait for a slot.
    expect((await postJson(t.app, '/api/responses', { responses: [quickResponse()] }, { 'x-forwarded-for': '192.0.2.9' })).status).toBe(200)

    for (const h of held) h.finish()
    for (const h of held) expect((await h.answer).status).toBe(200)
    // The slots are free again: the refused one is sent again and stored.
    expect((await sendFrom(t.app, '198.51.100.1')).status).toBe(200)
  })
})

describe('allowances per client', () => {
  it('keys an IPv6 client by its /64, so that changing addresses within it gives no new allowance', async () => {
    t = await createTestApp({ TRUST_PROXY: 'true', RATE_LIMIT_PER_MINUTE: '2' })
    const from = (address: string) => postJson(t!.app, '/api/responses', { responses: [quickResponse()] }, { 'x-forwarded-for': address })
    expect((await from('2001:db8:1:2::1')).status).toBe(200)
    expect((await from('2001:0db8:0001:0002:ffff::9')).status).toBe(200)
    expect((await from('2001:db8:1:2:abcd:1:2:3')).status).toBe(429)
    // The next /64 is another client; an IPv4 address mapped into IPv6 is its IPv4 address.
    expect((await from('2001:db8:1:3::1')).status).toBe(200)
    expect((await from('::ffff:192.0.2.1')).status).toBe(200)
    expect((await from('192.0.2.1')).status).toBe(200)
    expect((await from('192.0.2.1')).status).toBe(429)
  })
})
