import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { uuidv7 } from 'uuidv7'
import { addDays, localDayOf, today, zonedInstant } from '../../shared/dates'
import { deadlineFor } from '../../shared/petition-types'
import { generateTrackingCode } from '../../shared/tracking-code'
import type { IntakeFeedbackResult, PaperCheckResult, PaperEntryView } from '../../shared/intake'
import type { FeedbackDetail, FeedbackSummary } from '../../shared/staff-feedback'
import { DEFAULT_DEADLINES } from '../../server/defaults/deadlines'
import { DEFAULT_CALENDAR } from '../../server/defaults/holidays'
import { addStaff, createTestApp, getStats, OFFICIAL_INDICATORS, type Session, signIn, staffRequest, type TestApp } from './test-app'

let t: TestApp
let first: Session
let second: Session
let inspector: Session

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  await addStaff(t, { username: 'i.first', role: 'unit_staff', unitCode: 'LS', displayName: 'Cán bộ Một' })
  await addStaff(t, { username: 'i.second', role: 'unit_head', unitCode: 'LS', displayName: 'Cán bộ Hai' })
  await addStaff(t, { username: 'i.inspector', role: 'inspector', unitCode: 'VP-TT', displayName: 'Thanh tra' })
  first = await signIn(t.app, 'i.first')
  second = await signIn(t.app, 'i.second')
  inspector = await signIn(t.app, 'i.inspector')
})
afterAll(() => t.close())

const post = (session: Session, path: string, body?: unknown) => staffRequest(t.app, 'POST', `/api/staff/intake${path}`, session, { body })

/** A paper quick form of counter HCC-01 (unit LS), dated `daysAgo` days before today. */
const quickPaper = (daysAgo = 3, overrides: Record<string, unknown> = {}) => ({
  counter: 'HCC-01',
  questionnaire: 'quick',
  paperDay: addDays(today(), -daysAgo),
  answers: { overall: 'satisfied' },
  ...overrides,
})

/** A paper official form of counter HCC-01 for one dossier. */
const officialPaper = (dossier: string, overrides: Record<string, unknown> = {}) => ({
  counter: 'HCC-01',
  questionnaire: 'official',
  dossier,
  paperDay: addDays(today(), -5),
  answers: { ...Object.fromEntries(OFFICIAL_INDICATORS.map((id) => [id, 'good'])), convenience: 'satisfied', overall: 'very_satisfied' },
  ...overrides,
})

async function keyed(session: Session, paper: unknown): Promise<PaperEntryView> {
  const res = await post(session, '/paper', paper)
  expect(res.status, await res.clone().text()).toBe(201)
  return (await res.json()) as PaperEntryView
}

describe('paper forms keyed twice', () => {
  it('stores a matching pair as one paper response rated on the paper’s day, with both officers recorded', async () => {
    const paper = quickPaper(3)
    const entry = await keyed(first, paper)
    expect(entry).toMatchObject({ status: 'pending', paperDay: paper.paperDay, keyedBy: { displayName: 'Cán bộ Một' }, responseId: null })
    // Nothing is a response until the second keying.
    expect(await t.count('responses')).toBe(0)

    const res = await post(second, `/paper/${entry.id}/check`, paper)
    expect(res.status).toBe(200)
    const body = (await res.json()) as Extract<PaperCheckResult, { result: 'stored' }>
    expect(body).toMatchObject({ result: 'stored', localDay: paper.paperDay, channel: 'paper', entry: { status: 'stored', checkedBy: { displayName: 'Cán bộ Hai' } } })

    const [row] = await t.sql('SELECT channel, local_day, received_at, rated_at FROM responses WHERE id = ?', body.entry.responseId)
    // Counted on the paper's day, at noon; received (keyed) today.
    expect(row).toMatchObject({ channel: 'paper', local_day: paper.paperDay, rated_at: zonedInstant(paper.paperDay, 12 * 60) })
    expect(localDayOf(Number(row!.received_at))).toBe(today())
    const [recorded] = await t.sql(
      'SELECT k.username AS keyed, c.username AS checked FROM paper_entries e JOIN staff k ON k.id = e.keyed_by JOIN staff c ON c.id = e.checked_by WHERE e.response_id = ?',
      body.entry.responseId,
    )
    expect(recorded).toEqual({ keyed: 'i.first', checked: 'i.second' })
  })

  it('shows the second officer every field the keyings differ in, and stores nothing', async () => {
    const paper = quickPaper(2, { answers: { overall: 'unsatisfied', problems: ['waiting_time', 'fees'] } })
    const entry = await keyed(first, paper)
    const res = await post(second, `/paper/${entry.id}/check`, { ...paper, paperDay: addDays(today(), -1), answers: { overall: 'unsatisfied', problems: ['fees'] } })
    expect(res.status).toBe(200)
    const body = (await res.json()) as Extract<PaperCheckResult, { result: 'mismatch' }>
    expect(body.result).toBe('mismatch')
    expect(body.mismatches).toEqual([
      { field: 'paperDay', first: paper.paperDay, second: addDays(today(), -1) },
      { field: 'answers.problems', first: 'fees, waiting_time', second: 'fees' },
    ])
    expect(await t.count('responses', 'id = ?', (await t.sql('SELECT response_id FROM paper_entries WHERE id = ?', entry.id))[0]!.response_id)).toBe(0)
    expect((await t.sql('SELECT status, mismatches FROM paper_entries WHERE id = ?', entry.id))[0]).toEqual({ status: 'pending', mismatches: 1 })
    // The same options in another order match.
    const ok = await post(second, `/paper/${entry.id}/check`, { ...paper, answers: { problems: ['fees', 'waiting_time'], overall: 'unsatisfied' } })
    expect(((await ok.json()) as PaperCheckResult).result).toBe('stored')
  })

  it('refuses the same officer as the second keying, and a check of an entry already stored', async () => {
    const paper = quickPaper(1)
    const entry = await keyed(first, paper)
    const same = await post(first, `/paper/${entry.id}/check`, paper)
    expect(same.status).toBe(409)
    expect(((await same.json()) as { error: { code: string } }).error.code).toBe('same_officer')
    expect((await post(inspector, `/paper/${entry.id}/check`, paper)).status).toBe(200)
    expect((await post(second, `/paper/${entry.id}/check`, paper)).status).toBe(409)
  })

  it('refuses a paper dated in the future or more than a year back, naming the field', async () => {
    for (const day of [addDays(today(), 1), addDays(today(), -400)]) {
      const res = await post(first, '/paper', quickPaper(0, { paperDay: day }))
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: { path: string } }).error.path).toBe('paperDay')
    }
    const bad = await post(first, '/paper', quickPaper(1, { answers: { overall: 'delighted' } }))
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { path: string; message: string } }).error).toMatchObject({ path: 'answers.overall', message: 'answers.overall: "delighted" is not an option' })
  })

  it('refuses an official form for a dossier already evaluated or already waiting for its check', async () => {
    const dossier = `HS-${uuidv7().slice(-8)}`.toUpperCase()
    const entry = await keyed(first, officialPaper(dossier))
    const waiting = await post(inspector, '/paper', officialPaper(dossier))
    expect(waiting.status).toBe(409)
    expect(((await waiting.json()) as { error: { code: string; path: string } }).error).toEqual(expect.objectContaining({ code: 'dossier_pending', path: 'dossier' }))
    expect((await post(second, `/paper/${entry.id}/check`, officialPaper(dossier))).status).toBe(200)
    const again = await post(first, '/paper', officialPaper(dossier))
    expect(again.status).toBe(409)
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('dossier_already_rated')
    // The official form without its dossier.
    const missing = await post(first, '/paper', officialPaper(dossier, { dossier: undefined }))
    expect(((await missing.json()) as { error: { path: string } }).error.path).toBe('dossier')
  })

  it('keeps a unit officer to their own unit’s counters, and lists and discards within scope', async () => {
    const res = await post(first, '/paper', quickPaper(1, { counter: 'HCC-02' }))
    expect(res.status).toBe(403)
    const other = await keyed(inspector, quickPaper(1, { counter: 'HCC-02' }))
    expect((await post(first, `/paper/${other.id}/check`, quickPaper(1, { counter: 'HCC-02' }))).status).toBe(404)
    const waiting = await keyed(first, quickPaper(2, { answers: { overall: 'very_satisfied' } }))
    const list = (await (await staffRequest(t.app, 'GET', '/api/staff/intake/paper', first)).json()) as { pending: PaperEntryView[]; stored: PaperEntryView[] }
    expect(list.pending.map((e) => e.id)).toContain(waiting.id)
    expect(list.pending.every((e) => e.counter === 'HCC-01')).toBe(true)
    // The second keying is blind: the list does not say what the first keying put.
    expect(list.pending.every((e) => e.paperDay === null && e.dossier === null)).toBe(true)
    expect(list.stored.length).toBeGreaterThan(0)
    expect((await post(inspector, `/paper/${other.id}/discard`)).status).toBe(204)
    expect((await post(inspector, `/paper/${other.id}/discard`)).status).toBe(409)
  })
})

/** An item as the intake page sends it: a call about a late passport, the caller's contact kept with consent. */
const item = (overrides: Record<string, unknown> = {}) => ({
  id: uuidv7(),
  trackingCode: generateTrackingCode(),
  category: 'processing_time',
  counter: 'HCC-01',
  description: 'Công dân gọi điện báo hồ sơ hộ chiếu trễ hẹn năm ngày.',
  wantsAnswer: true,
  contact: { name: 'Nguyễn Văn An', phone: '0912 345 678' },
  consent: { given: true, textVersion: 'consent-2026-11' },
  lang: 'vi',
  ...overrides,
})

describe('feedback filed on a citizen’s behalf', () => {
  it('keeps the channel, the received time with deadlines from it, the consent and the officer', async () => {
    const day = addDays(today(), -10)
    const res = await post(first, '/feedback', { channel: 'phone', receivedDay: day, receivedTime: '09:30', item: item() })
    expect(res.status).toBe(201)
    const result = (await res.json()) as IntakeFeedbackResult
    const receivedAt = zonedInstant(day, 9 * 60 + 30)
    const deadlines = deadlineFor('feedback', receivedAt, DEFAULT_DEADLINES, DEFAULT_CALENDAR, { category: 'processing_time' })
    expect(result).toMatchObject({
      channel: 'phone',
      receivedAt: new Date(receivedAt).toISOString(),
      resolveBy: new Date(deadlines.resolveBy).toISOString(),
      acceptBy: deadlines.acceptBy === null ? null : new Date(deadlines.acceptBy).toISOString(),
    })
    const [row] = await t.sql('SELECT id, channel, received_at, consent_version, consent_at, contact_phone FROM feedback WHERE tracking_code = ?', result.trackingCode)
    expect(row).toMatchObject({ channel: 'phone', received_at: receivedAt, consent_version: 'consent-2026-11', consent_at: receivedAt, contact_phone: '+84912345678' })
    const detail = (await (await staffRequest(t.app, 'GET', `/api/staff/feedback/${String(row!.id)}`, inspector)).json()) as FeedbackDetail
    expect(detail.history[0]).toMatchObject({ action: 'received', actor: { displayName: 'Cán bộ Một' } })
  })

  it('refuses contact details without the consent the officer ticks, and a future received time', async () => {
    const noConsent = await post(first, '/feedback', { channel: 'email', receivedDay: today(), item: item({ consent: undefined }) })
    expect(noConsent.status).toBe(400)
    expect(((await noConsent.json()) as { error: { path: string } }).error.path).toBe('item.consent')
    const future = await post(first, '/feedback', { channel: 'paper', receivedDay: addDays(today(), 1), item: item() })
    expect(((await future.json()) as { error: { path: string } }).error.path).toBe('receivedDay')
    const later = await post(first, '/feedback', { channel: 'paper', receivedDay: today(), receivedTime: '23:59', item: item() })
    // Unless the test runs in the last minute of the day in Hà Tĩnh.
    if (localDayOf(Date.now() + 60_000) === today()) expect(((await later.json()) as { error: { path: string } }).error.path).toBe('receivedTime')
    const web = await post(first, '/feedback', { channel: 'qr', receivedDay: today(), item: item() })
    expect(((await web.json()) as { error: { path: string } }).error.path).toBe('channel')
  })

  it('stores a retried filing once', async () => {
    const body = { channel: 'email', receivedDay: addDays(today(), -1), item: item({ contact: undefined, consent: undefined, wantsAnswer: false }) }
    expect((await post(second, '/feedback', body)).status).toBe(201)
    expect((await post(second, '/feedback', body)).status).toBe(200)
    expect(await t.count('feedback', 'id = ?', body.item.id)).toBe(1)
  })
})

describe('the printable paper form', () => {
  it('lists the counter’s questions with boxes and a QR code to the online form', async () => {
    const res = await staffRequest(t.app, 'GET', `/api/staff/intake/form?counter=HCC-02&questionnaire=official&origin=${encodeURIComponent('https://hailong.example.gov.vn')}`, first)
    expect(res.status).toBe(200)
    // Its style and print button are its own inline code, which the page's policy names by hash.
    const policy = res.headers.get('content-security-policy')
    expect(policy).toMatch(/script-src 'self' 'unsafe-hashes' 'sha256-[^']+'/)
    expect(policy).toMatch(/style-src 'self' 'sha256-[^']+'/)
    const html = await res.text()
    expect(html).toContain('Phiếu đánh giá mức độ hài lòng')
    expect(html).toContain('https://hailong.example.gov.vn/q/HCC-02')
    expect(html).toContain('<svg')
    expect(html).toContain('Mã hồ sơ')
    for (const id of OFFICIAL_INDICATORS) expect(html).toContain(`data-question="${id}"`)
    const en = await (await staffRequest(t.app, 'GET', `/api/staff/intake/form?counter=HCC-01&lang=en&origin=${encodeURIComponent('https://h.example')}`, first)).text()
    expect(en).toContain('<html lang="en">')
    expect(en).toContain('Satisfaction rating form')
  })
})

describe('statistics by channel', () => {
  it('count the paper forms stored and the items filed by phone under their own channels', async () => {
    const from = addDays(today(), -30)
    const stats = await getStats(t, { from, to: today(), groupBy: 'channel' })
    const paperRows = await t.count('responses', "channel = 'paper'")
    expect(paperRows).toBeGreaterThan(0)
    expect(stats.groups.find((g) => g.key === 'paper')?.responses).toBe(paperRows)
    expect(stats.groups.find((g) => g.key === 'qr')).toBeUndefined()
    const onlyPaper = await getStats(t, { from, to: today(), channel: 'paper' })
    expect(onlyPaper.total.responses).toBe(paperRows)

    const summary = (await (await staffRequest(t.app, 'GET', `/api/staff/feedback/summary?from=${from}&to=${today()}`, inspector)).json()) as FeedbackSummary
    const phone = summary.byChannel.find((c) => c.channel === 'phone')!
    expect(phone.received).toBe(await t.count('feedback', "channel = 'phone'"))
    expect(phone.received).toBeGreaterThan(0)
  })
})
