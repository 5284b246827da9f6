import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PublicTracking } from '../../shared/feedback'
import { generateTrackingCode } from '../../shared/tracking-code'
import { loggedPath } from '../../server/middleware/logged-path'
import { TRACK_LOOKUPS_PER_MINUTE } from '../../server/routes/track'
import { feedbackItem, imageBytes, photo, postFeedback, WITH_CONTACT } from './feedback-fixtures'
import { createTestApp, type TestApp } from './test-app'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
})
afterEach(async () => {
  vi.restoreAllMocks()
  await t.close()
})

const track = (code: string) => t.app.request(`/api/track/${encodeURIComponent(code)}`)

/** A valid code with one character changed: the check character catches it. */
function mistyped(code: string): string {
  const i = 2
  return code.slice(0, i) + (code[i] === 'A' ? 'B' : 'A') + code.slice(i + 1)
}

describe('GET /api/track/:code', () => {
  it('shows status, unit, deadline and history, and never contact details or the description', async () => {
    const item = feedbackItem({ ...WITH_CONTACT, category: 'conduct', photos: [photo(imageBytes('image/jpeg'))] })
    await postFeedback(t.app, [item])
    const res = await track(item.trackingCode.toLowerCase().replaceAll('-', ''))
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const text = await res.text()
    const body = JSON.parse(text) as PublicTracking
    const [stored] = (await t.sql('SELECT received_at, resolve_by FROM feedback WHERE id = ?', item.id)) as { received_at: number; resolve_by: number }[]
    expect(body).toEqual({
      trackingCode: item.trackingCode,
      status: 'received',
      category: 'conduct',
      unit: { code: 'VP-TT', name: { vi: 'Văn phòng – Thanh tra Sở', en: 'Office – Inspectorate' } },
      receivedAt: new Date(stored!.received_at).toISOString(),
      deadline: new Date(stored!.resolve_by).toISOString(),
      publicAnswer: null,
      answeredAt: null,
      history: [{ at: new Date(stored!.received_at).toISOString(), action: 'received', status: 'received', note: null }],
    })
    expect(text).not.toMatch(/Riêng|912345678|example\.vn|contact|consent|description|Hồ sơ trễ|route|rule|HCC-01/)
  })

  it('shows public notes in the history and the public answer, but not internal events', async () => {
    const item = feedbackItem()
    await postFeedback(t.app, [item])
    const answeredAt = Date.parse('2026-12-01T03:00:00Z')
    const add = 'INSERT INTO feedback_events (feedback_id, at, actor, action, before, after, public_note) VALUES (?, ?, NULL, ?, ?, ?, ?)'
    await t.sql(add, item.id, answeredAt - 2000, 'note', null, null, null)
    await t.sql(add, item.id, answeredAt - 1000, 'forward', '{"status":"received"}', '{"status":"forwarded"}', 'Chuyển đến Phòng Lãnh sự')
    await t.sql("UPDATE feedback SET status = 'answered', public_answer = ?, answered_at = ? WHERE id = ?", 'Đã xử lý.', answeredAt, item.id)
    const body = (await (await track(item.trackingCode)).json()) as PublicTracking
    expect(body).toMatchObject({ status: 'answered', publicAnswer: 'Đã xử lý.', answeredAt: new Date(answeredAt).toISOString() })
    expect(body.history.map((h) => [h.action, h.status, h.note])).toEqual([
      ['received', 'received', null],
      ['forward', 'forwarded', 'Chuyển đến Phòng Lãnh sự'],
    ])
  })

  it('answers 404 with one body for a mistyped code, an unknown valid code and garbage, after the same lookup', async () => {
    const item = feedbackItem()
    await postFeedback(t.app, [item])
    const lookups = vi.spyOn(t.store.feedback, 'findByTrackingCode')
    const answers = []
    for (const code of [mistyped(item.trackingCode), generateTrackingCode(), 'hello', '0OIL-1111-000', 'x'.repeat(200)]) {
      const res = await track(code)
      answers.push({ status: res.status, type: res.headers.get('content-type'), body: await res.text() })
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1)
    expect(answers[0]).toEqual({
      status: 404,
      type: 'application/json',
      body: JSON.stringify({ error: { code: 'not_found', message: 'No item has this tracking code', path: '' } }),
    })
    // Every miss asked the database once: an invalid code is not answered faster than an unknown one.
    expect(lookups).toHaveBeenCalledTimes(5)
  })

  it(`answers 429 after ${TRACK_LOOKUPS_PER_MINUTE} lookups a minute, a stricter limit than the public writes`, async () => {
    const code = generateTrackingCode()
    for (let i = 0; i < TRACK_LOOKUPS_PER_MINUTE; i++) expect((await track(code)).status).toBe(404)
    const res = await track(code)
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    // Filing is limited separately.
    expect((await postFeedback(t.app, [feedbackItem()]))[0]!.status).toBe('stored')
  })
})

describe('the request log', () => {
  it('never writes a tracking code, from the API or the citizen page', () => {
    expect(loggedPath('/api/track/ABCD-EFGH-JKM')).toBe('/api/track/<code>')
    expect(loggedPath('/t/ABCDEFGHJKM')).toBe('/t/<code>')
    expect(loggedPath('/api/responses')).toBe('/api/responses')
    expect(loggedPath('/q/HCC-01')).toBe('/q/HCC-01')
  })
})
