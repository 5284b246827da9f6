import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MAX_PHOTO_BYTES } from '../../shared/feedback'
import { generateTrackingCode } from '../../shared/tracking-code'
import { FEEDBACK_BODY_LIMIT_BYTES } from '../../server/routes/feedback'
import { feedbackItem, imageBytes, photo, postFeedback, WITH_CONTACT } from './feedback-fixtures'
import { createTestApp, postJson, refuseInserts, type TestApp } from './test-app'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
})
afterEach(async () => {
  vi.useRealTimers()
  vi.restoreAllMocks()
  await t.close()
})

type Row = Record<string, unknown>
/** The three tables' rows, in one call: what a batch left behind. */
const counts = async () => [await t.count('feedback'), await t.count('feedback_photos'), await t.count('feedback_events')]
/** The stored item, its flags as SQLite holds them (0 / 1) whichever the store (PostgreSQL's are booleans). */
async function row(id: string): Promise<Row | undefined> {
  const [found] = await t.sql('SELECT * FROM feedback WHERE id = ?', id)
  return found && Object.fromEntries(Object.entries(found).map(([key, value]) => [key, typeof value === 'boolean' ? Number(value) : value]))
}
const photos = (id: string) => t.sql('SELECT * FROM feedback_photos WHERE feedback_id = ? ORDER BY idx', id)
/** Before and after as the JSON text stored, on either store (PostgreSQL's json would come back parsed). */
const events = (id: string) =>
  t.sql('SELECT action, actor, CAST(before AS TEXT) AS before, CAST(after AS TEXT) AS after, public_note FROM feedback_events WHERE feedback_id = ? ORDER BY id', id)

describe('POST /api/feedback: storing', () => {
  it('stores a good item with a photo, its received event, and echoes the tracking code', async () => {
    const jpeg = imageBytes('image/jpeg', 5000)
    const item = feedbackItem({ photos: [photo(jpeg)] })
    const results = await postFeedback(t.app, [item])
    expect(results).toEqual([{ index: 0, id: item.id, status: 'stored', trackingCode: item.trackingCode }])
    expect(await row(item.id)).toMatchObject({
      tracking_code: item.trackingCode,
      category: 'processing_time',
      petition_type: 'feedback',
      status: 'received',
      counter_code: 'HCC-01',
      procedure_code: 'ABTC',
      wants_answer: 0,
      contact_name: null,
      contact_phone: null,
      contact_email: null,
      consent_version: null,
    })
    const [stored] = await photos(item.id)
    // Stored as the server re-encoded it: the comments that made up most of the 5000 bytes are gone.
    expect(stored).toMatchObject({ idx: 0, content_type: 'image/jpeg', size: (stored!.bytes as Buffer).length })
    expect(stored!.size).toBeLessThan(1000)
    const [event] = await events(item.id)
    expect(event).toMatchObject({ action: 'received', actor: null, before: null, public_note: null })
    expect(JSON.parse(event!.after as string)).toMatchObject({ status: 'received', unitCode: 'HTQT', routedByRule: 'procedure-content', photos: 1 })
  })

  it('accepts PNG and WebP by their bytes, and a typed code in lower case with spaces, stored canonical', async () => {
    const code = generateTrackingCode()
    const item = feedbackItem({
      trackingCode: code.toLowerCase().replaceAll('-', ' '),
      photos: [photo(imageBytes('image/png'), 'image/png'), photo(imageBytes('image/webp'), 'image/webp')],
    })
    expect((await postFeedback(t.app, [item]))[0]).toMatchObject({ status: 'stored', trackingCode: code })
    expect((await photos(item.id)).map((p) => p.content_type)).toEqual(['image/png', 'image/webp'])
  })

  it('stores contact details and the consent version only with wantsAnswer and consent', async () => {
    const item = feedbackItem(WITH_CONTACT)
    await postFeedback(t.app, [item])
    expect(await row(item.id)).toMatchObject({
      wants_answer: 1,
      contact_name: 'Nguyễn Văn Riêng',
      contact_phone: '+84912345678',
      contact_email: 'rieng@example.vn',
      hide_name: 1,
      consent_version: 'pd-2026-01',
    })
    expect((await row(item.id))!.consent_at).toEqual(expect.any(Number))
    // The audit trail holds no personal data.
    expect(JSON.stringify(await events(item.id))).not.toMatch(/Riêng|912345678|example\.vn/)
  })

  it.each([
    ['contact without consent', { wantsAnswer: true, contact: WITH_CONTACT.contact }, 'items.0.consent'],
    ['contact without wantsAnswer', { wantsAnswer: false, contact: WITH_CONTACT.contact, consent: WITH_CONTACT.consent }, 'items.0.contact'],
  ])('refuses %s and stores nothing', async (_label, overrides, path) => {
    const [result] = await postFeedback(t.app, [feedbackItem(overrides)])
    expect(result).toMatchObject({ status: 'invalid', error: { path } })
    expect(await t.count('feedback')).toBe(0)
  })

  it('the table itself refuses contact details without consent', async () => {
    const item = feedbackItem()
    await postFeedback(t.app, [item])
    await expect(t.sql("UPDATE feedback SET contact_name = 'Name' WHERE id = ?", item.id)).rejects.toThrow(/check constraint/i)
    await expect(t.sql("UPDATE feedback SET wants_answer = TRUE, contact_name = 'Name' WHERE id = ?", item.id)).rejects.toThrow(/check constraint/i)
    expect((await row(item.id))!.contact_name).toBeNull()
  })
})

describe('POST /api/feedback: photos', () => {
  it('refuses a photo whose bytes are not its declared type, naming the field', async () => {
    const item = feedbackItem({ photos: [photo(imageBytes('image/jpeg')), photo(imageBytes('image/png'), 'image/jpeg')] })
    const [result] = await postFeedback(t.app, [item])
    expect(result).toMatchObject({ index: 0, id: item.id, status: 'invalid', trackingCode: item.trackingCode })
    expect(result!.error).toMatchObject({ code: 'photo_type_mismatch', path: 'items.0.photos.1.data' })
    expect(result!.error!.message).toMatch(/^items\.0\.photos\.1\.data: is image\/png, not the image\/jpeg/)
    expect((await counts()).slice(0, 2)).toEqual([0, 0])
  })

  it('refuses bytes that are no image at all', async () => {
    const [result] = await postFeedback(t.app, [feedbackItem({ photos: [photo(imageBytes('text/plain'), 'image/webp')] })])
    expect(result!.error).toMatchObject({ code: 'photo_type_mismatch', path: 'items.0.photos.0.data' })
  })

  it('refuses a photo over 2 MB', async () => {
    const big = imageBytes('image/jpeg', MAX_PHOTO_BYTES + 1)
    const [declared] = await postFeedback(t.app, [feedbackItem({ photos: [photo(big)] })])
    expect(declared).toMatchObject({ status: 'invalid', error: { path: 'items.0.photos.0.byteSize' } })
    // Lying about the size does not help: the bytes are counted.
    const [lied] = await postFeedback(t.app, [feedbackItem({ photos: [photo(big, 'image/jpeg', { byteSize: 1000 })] })])
    expect(lied).toMatchObject({ status: 'invalid', error: { path: 'items.0.photos.0.data' } })
    expect(await t.count('feedback')).toBe(0)
  })

  it('refuses a photo whose byte count differs from byteSize, bad base64, or no data', async () => {
    const jpeg = imageBytes('image/jpeg', 100)
    const results = await postFeedback(t.app, [
      feedbackItem({ photos: [photo(jpeg, 'image/jpeg', { byteSize: 99 })] }),
      feedbackItem({ photos: [photo(jpeg, 'image/jpeg', { data: 'not*base64!' })] }),
      feedbackItem({ photos: [photo(jpeg, 'image/jpeg', { data: undefined })] }),
    ])
    expect(results.map((r) => [r.status, r.error?.path])).toEqual([
      ['invalid', 'items.0.photos.0.data'],
      ['invalid', 'items.1.photos.0.data'],
      ['invalid', 'items.2.photos.0.data'],
    ])
  })

  it('takes one item with three photos of 2 MB, over the general body limit', async () => {
    const item = feedbackItem({ photos: ['image/jpeg', 'image/png', 'image/webp'].map((type) => photo(imageBytes(type as 'image/png', MAX_PHOTO_BYTES), type)) })
    const body = JSON.stringify({ items: [item] })
    // The general limit (BODY_LIMIT_BYTES) is 1 MB by default.
    expect(body.length).toBeGreaterThan(1024 * 1024)
    expect(body.length).toBeLessThanOrEqual(FEEDBACK_BODY_LIMIT_BYTES)
    expect((await postFeedback(t.app, [item]))[0]!.status).toBe('stored')
    // Each was a tiny image padded with 2 MB of comments, which the re-encoding drops.
    expect((await photos(item.id)).map((p) => [p.content_type, (p.size as number) < 1000])).toEqual([
      ['image/jpeg', true],
      ['image/png', true],
      ['image/webp', true],
    ])
  })

  it('answers 413 for a body over its own limit before reading it', async () => {
    const res = await t.app.request('/api/feedback', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(FEEDBACK_BODY_LIMIT_BYTES + 1) },
      body: '{"items":[]}',
    })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_large')
  })
})

describe('POST /api/feedback: idempotency and tracking codes', () => {
  it('a resent id with the same content is a duplicate; with other content a conflict; the stored one is unchanged', async () => {
    const original = photo(imageBytes('image/jpeg'))
    const item = feedbackItem({ photos: [original] })
    await postFeedback(t.app, [item])
    expect(await postFeedback(t.app, [item])).toEqual([{ index: 0, id: item.id, status: 'duplicate', trackingCode: item.trackingCode }])
    const changed = { ...item, description: 'Một nội dung khác hẳn ban đầu.' }
    const [conflict] = await postFeedback(t.app, [changed])
    expect(conflict).toMatchObject({ status: 'conflict', error: { code: 'conflict', path: 'items.0.id' } })
    // Another photo under the same id is other content too.
    const otherBytes = imageBytes('image/jpeg', 400)
    const otherPhoto = { ...item, photos: [{ ...original, byteSize: otherBytes.length, data: otherBytes.toString('base64') }] }
    expect((await postFeedback(t.app, [otherPhoto]))[0]!.status).toBe('conflict')
    expect((await row(item.id))!.description).toBe(item.description)
    expect(await counts()).toEqual([1, 1, 1])
  })

  it('a tracking code held by another item is a conflict on trackingCode; a new code goes through under the same id', async () => {
    const first = feedbackItem()
    const second = feedbackItem({ trackingCode: first.trackingCode.toLowerCase() })
    const results = await postFeedback(t.app, [first, second])
    expect(results[1]).toEqual({
      index: 1,
      id: second.id,
      status: 'conflict',
      trackingCode: first.trackingCode,
      error: expect.objectContaining({ code: 'tracking_code_taken', path: 'items.1.trackingCode' }),
    })
    const retried = { ...second, trackingCode: generateTrackingCode() }
    expect((await postFeedback(t.app, [retried]))[0]).toMatchObject({ status: 'stored', trackingCode: retried.trackingCode })
    expect(await t.count('feedback')).toBe(2)
  })

  it('the same item twice in one batch is stored once', async () => {
    const item = feedbackItem({ photos: [photo(imageBytes('image/jpeg'))] })
    expect((await postFeedback(t.app, [item, item])).map((r) => r.status)).toEqual(['stored', 'duplicate'])
    expect(await counts()).toEqual([1, 1, 1])
  })

  it('refuses a tracking code with a wrong check character', async () => {
    const code = generateTrackingCode()
    const wrong = code.slice(0, -1) + (code.endsWith('A') ? 'B' : 'A')
    const [result] = await postFeedback(t.app, [feedbackItem({ trackingCode: wrong })])
    expect(result).toMatchObject({ status: 'invalid', trackingCode: null, error: { path: 'items.0.trackingCode' } })
  })

  it('gives per-item results in order, one bad item not stopping the others', async () => {
    const good = feedbackItem()
    const results = await postFeedback(t.app, [good, { ...feedbackItem(), category: 'nonsense' }, feedbackItem({ counter: 'NO-SUCH' })])
    expect(results.map((r) => [r.index, r.status, r.error?.path])).toEqual([
      [0, 'stored', undefined],
      [1, 'invalid', 'items.1.category'],
      [2, 'invalid', 'items.2.counter'],
    ])
  })

  it.each([
    ['no item', { items: [] }],
    ['51 items', { items: Array.from({ length: 51 }, () => feedbackItem()) }],
    ['no items field', { feedback: [feedbackItem()] }],
  ])('refuses a batch with %s with a 400 naming items', async (_label, body) => {
    const res = await postJson(t.app, '/api/feedback', body)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { path: string } }).error.path).toBe('items')
  })
})

describe('POST /api/feedback: routing and deadlines', () => {
  it('routes conduct to the inspectorate (VP-TT), whatever the counter, and records the rule', async () => {
    const item = feedbackItem({ category: 'conduct', counter: 'HCC-01', procedure: 'HC-NGCV' })
    await postFeedback(t.app, [item])
    expect(await row(item.id)).toMatchObject({ unit_code: 'VP-TT', routed_by_rule: 'conduct', petition_type: 'feedback' })
    expect((await row(item.id))!.route_reason_en).toMatch(/Office – Inspectorate/)
  })

  it("routes a procedure's delay to the unit owning the procedure, not the counter's", async () => {
    // HCC-01 is run by LS; ABTC is owned by HTQT.
    const item = feedbackItem({ category: 'processing_time', counter: 'HCC-01', procedure: 'ABTC' })
    await postFeedback(t.app, [item])
    expect(await row(item.id)).toMatchObject({ unit_code: 'HTQT', routed_by_rule: 'procedure-content' })
    expect((await row(item.id))!.route_reason_en).toMatch(/owns the procedure Approval to use the APEC Business Travel Card \(ABTC\) \(ABTC\)/)
  })

  it('routes facilities to the counter’s unit, and a delay without procedure to the counter with the reason why', async () => {
    const facilities = feedbackItem({ category: 'facilities', counter: 'HCC-02', procedure: undefined })
    const delay = feedbackItem({ category: 'processing_time', counter: 'HCC-01', procedure: undefined })
    await postFeedback(t.app, [facilities, delay])
    expect(await row(facilities.id)).toMatchObject({ unit_code: 'HTQT', routed_by_rule: 'facilities' })
    expect(await row(delay.id)).toMatchObject({ unit_code: 'LS', routed_by_rule: 'procedure-content' })
    expect((await row(delay.id))!.route_reason_en).toMatch(/no procedure given/)
  })

  it('counts 15 working days over the seeded calendar: Hùng Kings (compensatory), 30/4 and 1/5 are skipped', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    // Wednesday 22/4/2026, 10:00 in Hà Tĩnh.
    vi.setSystemTime(new Date('2026-04-22T03:00:00Z'))
    const item = feedbackItem({ submittedAt: '2026-04-22T02:59:00.000Z' })
    await postFeedback(t.app, [item])
    // Weekdays alone would end on 13/5; the three days off push it to Monday 18/5, at 17:00 local.
    expect(await row(item.id)).toMatchObject({
      received_at: Date.parse('2026-04-22T03:00:00Z'),
      accept_by: null,
      resolve_by: Date.parse('2026-05-18T10:00:00Z'),
    })
  })
})

describe('POST /api/feedback: all or nothing', () => {
  it('a failure while storing leaves nothing half-stored and answers 503; the resend then stores everything', async () => {
    const lift = await refuseInserts(t, 'feedback_events')
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    const items = [feedbackItem({ ...WITH_CONTACT, photos: [photo(imageBytes('image/jpeg'))] }), feedbackItem()]
    const res = await postJson(t.app, '/api/feedback', { items })
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('5')
    expect(await counts()).toEqual([0, 0, 0])
    // The log names the failure, never the sender.
    expect(JSON.stringify(errors.mock.calls)).not.toMatch(/Riêng|912345678|example\.vn|Hồ sơ trễ/)

    await lift()
    expect((await postFeedback(t.app, items)).map((r) => r.status)).toEqual(['stored', 'stored'])
    expect(await counts()).toEqual([2, 1, 2])
  })

  it('the audit trail is append-only', async () => {
    const item = feedbackItem()
    await postFeedback(t.app, [item])
    await expect(t.sql('UPDATE feedback_events SET action = ?', 'x')).rejects.toThrow(/append-only/)
    await expect(t.sql('DELETE FROM feedback_events')).rejects.toThrow(/append-only/)
    expect(await events(item.id)).toMatchObject([{ action: 'received' }])
  })
})

describe('POST /api/feedback: rate limit', () => {
  it('answers 429 with Retry-After once a client has used its minute', async () => {
    const limited = await createTestApp({ RATE_LIMIT_PER_MINUTE: '2' })
    try {
      for (let i = 0; i < 2; i++) expect((await postJson(limited.app, '/api/feedback', { items: [feedbackItem()] })).status).toBe(200)
      const res = await postJson(limited.app, '/api/feedback', { items: [feedbackItem()] })
      expect(res.status).toBe(429)
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    } finally {
      await limited.close()
    }
  })
})
