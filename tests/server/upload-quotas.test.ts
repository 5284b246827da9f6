import sharp from 'sharp'
import { afterEach, describe, expect, it } from 'vitest'
import type { FeedbackBatchResult } from '../../shared/feedback'
import { feedbackItem, photo } from './feedback-fixtures'
import { createTestApp, postJson, quickResponse, type TestApp } from './test-app'

type ErrorBody = { error: { code: string; message: string } }

let t: TestApp | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

const from = (address: string) => ({ 'x-forwarded-for': address })
const send = (items: unknown[], address = '198.51.100.1') => postJson(t!.app, '/api/feedback', { items }, from(address))
const storedItems = () => t!.count('feedback')

/** A photo that stays large when the server re-encodes it: noise compresses badly. */
async function noisyJpeg(side: number): Promise<Buffer> {
  const pixels = Buffer.alloc(side * side * 3)
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 2654435761) >>> 24
  return sharp(pixels, { raw: { width: side, height: side, channels: 3 } }).jpeg({ quality: 95 }).toBuffer()
}

describe('POST /api/feedback: upload quotas', () => {
  it('gives each address an hour’s items; over it 429 with Retry-After, another address unaffected, nothing lost', async () => {
    t = await createTestApp({ TRUST_PROXY: 'true', UPLOAD_ITEMS_PER_HOUR_PER_ADDRESS: '3' })
    const first = [feedbackItem(), feedbackItem(), feedbackItem()]
    expect((await send(first)).status).toBe(200)
    const over = await send([feedbackItem()])
    expect(over.status).toBe(429)
    expect(((await over.json()) as ErrorBody).error.code).toBe('upload_quota')
    // An hour for 3 items: one more in 20 minutes.
    const retryAfter = Number(over.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(1000)
    expect(retryAfter).toBeLessThanOrEqual(1200)
    expect((await send([feedbackItem()], '203.0.113.5')).status).toBe(200)
    expect(await storedItems()).toBe(4)
    // Ratings are not uploads: the address still rates.
    expect((await postJson(t.app, '/api/responses', { responses: [quickResponse()] }, from('198.51.100.1'))).status).toBe(200)
  })

  it('counts what was stored, not what was resent: a resend of stored items costs nothing', async () => {
    t = await createTestApp({ TRUST_PROXY: 'true', UPLOAD_ITEMS_PER_HOUR_PER_ADDRESS: '2' })
    const items = [feedbackItem(), feedbackItem()]
    expect((await send(items.slice(0, 1))).status).toBe(200)
    expect((await send(items.slice(0, 1))).status).toBe(200) // the same item again: a duplicate
    expect((await send(items.slice(1))).status).toBe(200)
    expect((await send([feedbackItem()])).status).toBe(429)
  })

  it('gives each address an hour’s megabytes, and all addresses together theirs (507)', async () => {
    const big = await noisyJpeg(900)
    t = await createTestApp({ TRUST_PROXY: 'true', UPLOAD_MB_PER_HOUR_PER_ADDRESS: '1', UPLOAD_MB_PER_HOUR: '2' })
    expect((await send([feedbackItem({ photos: [photo(big), photo(big), photo(big)] })])).status).toBe(200)
    const stored = Number((await t.sql('SELECT SUM(size) AS n FROM feedback_photos'))[0]!.n)
    expect(stored).toBeGreaterThan(1024 * 1024)
    const over = await send([feedbackItem()])
    expect(over.status).toBe(429)
    expect(((await over.json()) as ErrorBody).error.code).toBe('upload_quota')

    expect((await send([feedbackItem({ photos: [photo(big), photo(big), photo(big)] })], '203.0.113.5')).status).toBe(200)
    const full = await send([feedbackItem()], '192.0.2.77')
    expect(full.status).toBe(507)
    expect(((await full.json()) as ErrorBody).error.code).toBe('storage_full')
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await storedItems()).toBe(2)
  })

  it('refuses new photos while the disk is nearly full, and still takes ratings and feedback without photos', async () => {
    // More free space than any disk has: the guard always applies.
    t = await createTestApp({ TRUST_PROXY: 'true', MIN_FREE_DISK_MB: '100000000' })
    const refused = await send([feedbackItem({ photos: [photo(await noisyJpeg(40))] })])
    expect(refused.status).toBe(507)
    expect(((await refused.json()) as ErrorBody).error.message).toContain('disk space')
    expect(refused.headers.get('retry-after')).toBe('3600')
    expect(await storedItems()).toBe(0)
    expect((await send([feedbackItem()])).status).toBe(200)
    expect((await postJson(t.app, '/api/responses', { responses: [quickResponse()] })).status).toBe(200)
  })
})

describe('POST /api/feedback: tracking codes already taken', () => {
  it('tells an address that its codes are taken no faster than the tracking page would', async () => {
    t = await createTestApp({ TRUST_PROXY: 'true' })
    const held = Array.from({ length: 12 }, () => feedbackItem())
    expect((await send(held, '203.0.113.5')).status).toBe(200)
    // Another address sends 12 new items that reuse those codes: each is told its code is taken...
    const probe = await send(held.map((item) => feedbackItem({ trackingCode: item.trackingCode })))
    expect(probe.status).toBe(200)
    const results = ((await probe.json()) as FeedbackBatchResult).results
    expect(results.filter((r) => r.error?.code === 'tracking_code_taken')).toHaveLength(12)
    // ...and that spent the 10 lookups a minute the tracking page allows, and then some: the next waits.
    const next = await send([feedbackItem()])
    expect(next.status).toBe(429)
    // 12 spent of 10 a minute: back to one in (1 + 2) × 6 s.
    expect(Number(next.headers.get('retry-after'))).toBe(18)
    // Other addresses still file theirs.
    expect((await send([feedbackItem()], '192.0.2.1')).status).toBe(200)
  })
})
