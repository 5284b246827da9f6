import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Dashboard } from '../../shared/dashboard'
import { today } from '../../shared/dates'
import type { PublicResults } from '../../shared/public-results'
import { feedbackItem, postFeedback } from './feedback-fixtures'
import { addStaff, createTestApp, officialResponse, postResponses, quickResponse, type Session, signIn, staffRequest, type TestApp } from './test-app'

let t: TestApp
let leader: Session
const year = today().slice(0, 4)
const from = `${year}-01-01`
const to = `${year}-12-31`

const quick = (procedure: string, overall: string) => quickResponse({ counter: 'HCC-02', procedure, answers: { overall } })
const times = <T>(n: number, make: () => T) => Array.from({ length: n }, make)

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  await addStaff(t, { username: 'p.leader', role: 'leadership' })
  leader = await signIn(t.app, 'p.leader')
  await postResponses(t.app, [
    // HTQT, 12 forms: ABTC 7 (5 official), HNHT-QT 5.
    ...times(5, () => officialResponse([2, 2, 1, 2, 2, 2], 'very_satisfied', { procedure: 'ABTC' })),
    quick('ABTC', 'unsatisfied'),
    quick('ABTC', 'satisfied'),
    ...times(4, () => quick('HNHT-QT', 'satisfied')),
    quick('HNHT-QT', 'very_satisfied'),
    // LS, 9 forms: HPH-LS 6, HC-NGCV 3 (under 5).
    ...times(6, () => quick('HPH-LS', 'satisfied')),
    ...times(3, () => quick('HC-NGCV', 'unsatisfied')),
    // BG, 2 forms: under 5.
    ...times(2, () => quick('BG-QL', 'very_satisfied')),
  ])
  // Feedback: HTQT 6, LS 2 (under 5).
  await postFeedback(t.app, [...times(6, () => feedbackItem({ procedure: 'ABTC' })), ...times(2, () => feedbackItem({ procedure: 'HPH-LS' }))])
})
afterAll(() => t.close())

const publicJson = async (query = `?p=${year}`, headers: Record<string, string> = {}) => t.app.request(`/cong-khai/du-lieu.json${query}`, { headers })
const results = async () => (await (await publicJson()).json()) as PublicResults & { licence: { name: string }; method: { vi: string; en: string } }
const dashboard = async (unit?: string) => {
  const res = await staffRequest(t.app, 'GET', `/api/staff/dashboard?from=${from}&to=${to}${unit ? `&unit=${unit}` : ''}`, leader)
  expect(res.status).toBe(200)
  return (await res.json()) as Dashboard
}

describe('public results (cong-khai)', () => {
  it('publishes the figures of the dashboard for the same period', async () => {
    const body = await results()
    const dash = await dashboard()
    expect(body.period).toMatchObject({ value: year, from, to })
    expect(body.total).toMatchObject({ suppressed: false, forms: dash.total.total, rates: dash.total.rates, satisfiedRate: dash.total.satisfiedRate })
    const htqt = body.byUnit.find((u) => u.key === 'HTQT')!
    const dashHtqt = dash.byUnit.find((u) => u.key === 'HTQT')!
    expect(htqt).toMatchObject({ suppressed: false, forms: 12, rates: dashHtqt.rates, satisfiedRate: dashHtqt.satisfiedRate })
    // Procedures inside their unit: the dashboard filtered by that unit.
    const dashHtqtProcedures = (await dashboard('HTQT')).byProcedure
    for (const procedure of htqt.procedures) {
      const same = dashHtqtProcedures.find((p) => p.key === procedure.key)!
      expect(procedure).toMatchObject({ suppressed: false, forms: same.total, rates: same.rates })
    }
    // ABTC has 5 official forms: a score on the 18-point scale (each lost one point of 12 → 16.5) and its band.
    expect(htqt.procedures.find((p) => p.key === 'ABTC')).toMatchObject({ score18: 16.5, band: { vi: 'Xuất sắc' } })
    expect(body.feedback.total).toMatchObject({ suppressed: false, received: dash.feedback.received, answeredOnTime: dash.feedback.answeredOnTime })
    expect(body.feedback.indicator8).toBe(dash.feedback.indicator8)
    expect(body.trend).toHaveLength(12)
    const month = today().slice(0, 7)
    expect(body.trend.find((m) => m.month === month)).toMatchObject({ forms: 23, satisfiedRate: dash.total.satisfiedRate })
    expect(body.licence.name).toBe('CC BY 4.0')
    expect(body.method.vi).toContain('dưới 5')
  })

  it('hides groups under 5 and one more, so that no difference gives them away', async () => {
    const body = await results()
    const units = Object.fromEntries(body.byUnit.map((u) => [u.key, u]))
    expect(units.BG).toMatchObject({ suppressed: true, forms: null, rates: null })
    // BG alone hidden would be the total minus the others: LS, the next smallest, is hidden with it.
    expect(units.LS).toMatchObject({ suppressed: true, forms: null })
    expect(units.LS!.procedures.every((p) => p.suppressed)).toBe(true)
    const published = body.byUnit.filter((u) => !u.suppressed).reduce((sum, u) => sum + u.forms!, 0)
    expect(body.total.forms! - published).toBe(11) // BG and LS together, not either one
    // Feedback: LS received 2, hidden, and so HTQT (6); the department's 8 stays.
    expect(body.feedback.byUnit.every((u) => u.suppressed)).toBe(true)
    expect(body.feedback.total.received).toBe(8)
    // Nothing of a hidden group reaches the page, the JSON or the CSV.
    const csv = await (await t.app.request(`/cong-khai/du-lieu.csv?p=${year}`)).text()
    const bgLine = csv.split('\r\n').find((line) => line.startsWith('unit,BG,'))!
    expect(bgLine.split(',').slice(6).every((cell) => cell === '')).toBe(true)
    const html = await (await t.app.request(`/cong-khai?p=${year}`)).text()
    expect(html).toContain('chưa đủ dữ liệu')
  })

  it('shows a period with no forms as not enough data', async () => {
    const res = await publicJson('?p=2020-Q1')
    const body = (await res.json()) as PublicResults
    expect(body.total).toMatchObject({ suppressed: true, forms: null })
    expect(body.feedback.total.suppressed).toBe(true)
  })

  it('is cacheable: an ETag from the figures, 304 when it still holds, a new one when a form arrives', async () => {
    const first = await t.app.request(`/cong-khai?p=${year}`)
    expect(first.status).toBe(200)
    expect(first.headers.get('Cache-Control')).toBe('public, max-age=300')
    const etag = first.headers.get('ETag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    const again = await t.app.request(`/cong-khai?p=${year}`, { headers: { 'If-None-Match': etag } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    // The English page and the open data are other representations, with tags of their own.
    const en = await t.app.request(`/en/public-results?p=${year}`)
    expect(en.headers.get('ETag')).not.toBe(etag)
    expect(await en.text()).toContain('<html lang="en">')
    await postResponses(t.app, [quick('ABTC', 'satisfied')])
    const changed = await t.app.request(`/cong-khai?p=${year}`, { headers: { 'If-None-Match': etag } })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('ETag')).not.toBe(etag)
  })

  it('writes the page without script, in Vietnamese, under a policy that allows its own style only', async () => {
    const res = await t.app.request(`/cong-khai?p=${year}`)
    const html = await res.text()
    expect(html).toContain('<html lang="vi">')
    expect(html).not.toMatch(/<script/i)
    expect(html).toContain('<form class="period" method="get" action="/cong-khai">')
    expect(html).toContain('<svg')
    const csp = res.headers.get('Content-Security-Policy')!
    expect(csp).toMatch(/style-src 'self' 'sha256-[^']+'/)
    expect(csp).toContain("frame-ancestors 'none'")
  })

  it('names a bad period, on the page and in the open data', async () => {
    expect((await t.app.request('/cong-khai?p=2026-Q5')).status).toBe(400)
    const res = await publicJson('?p=yesterday')
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { path: string } }).error.path).toBe('p')
  })

  it('gives the open data as CSV with the licence and method, safe to open in a spreadsheet', async () => {
    const res = await t.app.request(`/cong-khai/du-lieu.csv?p=${year}`)
    expect(res.headers.get('Content-Type')).toContain('text/csv')
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*')
    const csv = await res.text()
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[2]).toContain('CC BY 4.0')
    expect(lines.filter((l) => l.startsWith('# Method:'))).toHaveLength(1)
    expect(lines[5]).toMatch(/^section,unit_code,code,name_vi/)
    expect(lines.find((l) => l.startsWith('unit,HTQT,'))).toContain('Phòng Hợp tác quốc tế')
    // Every line that is not a comment starts with a plain word: nothing a spreadsheet would run.
    for (const line of lines.slice(5).filter(Boolean)) expect(line).toMatch(/^[a-z_]+,/)
  })
})

describe('public results under load', () => {
  it('are rate-limited per client, and the limit covers nothing else', async () => {
    const limited = await createTestApp({ RATE_LIMIT_PER_MINUTE: '2' })
    try {
      const statuses = []
      for (let i = 0; i < 3; i++) statuses.push((await limited.app.request('/cong-khai/du-lieu.json')).status)
      expect(statuses).toEqual([200, 200, 429])
      expect((await limited.app.request('/api/health')).status).toBe(200)
      expect((await limited.app.request('/widget/hai-long')).status).toBe(200)
    } finally {
      await limited.close()
    }
  })
})

const formOn = (procedure: string, day: string) => quickResponse({ counter: 'HCC-02', procedure, answers: { overall: 'satisfied' }, submittedAt: `${day}T03:00:00Z` })
const page = async (p: string) => (await (await publicJson(`?p=${p}`)).json()) as PublicResults

describe('public results across periods', () => {
  it('keeps a small month hidden on the month, quarter, half-year and year pages alike', async () => {
    // 2025: BG has 3 forms in January, 10 in February and 10 in March; HTQT 20 a month.
    await postResponses(t.app, [
      ...times(3, () => formOn('BG-QL', '2025-01-15')),
      ...times(10, () => formOn('BG-QL', '2025-02-15')),
      ...times(10, () => formOn('BG-QL', '2025-03-15')),
      ...['2025-01-10', '2025-02-10', '2025-03-10'].flatMap((day) => times(20, () => formOn('ABTC', day))),
    ])
    const bg = async (p: string) => (await page(p)).byUnit.find((u) => u.key === 'BG')!
    expect((await bg('2025-01')).suppressed).toBe(true)
    const published = async (p: string) => ((await bg(p)).suppressed ? null : (await bg(p)).forms)
    const [quarter, february, march] = [await published('2025-Q1'), await published('2025-02'), await published('2025-03')]
    // Were all three published, January would be the quarter less February and March.
    expect([quarter, february, march].filter((n) => n === null).length).toBeGreaterThan(0)
    // And the month chart of the year agrees with the month pages.
    const trend = (await page('2025')).trend
    for (const month of ['2025-01', '2025-02', '2025-03']) {
      expect(trend.find((m) => m.month === month)!.suppressed).toBe((await page(month)).total.suppressed)
    }
  })
})
