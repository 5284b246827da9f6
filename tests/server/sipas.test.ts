import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Catalog } from '../../shared/catalog'
import type { Dashboard } from '../../shared/dashboard'
import type { PeriodReport } from '../../shared/period-report'
import type { SipasIndex } from '../../shared/sipas'
import { DEFAULT_QUESTIONNAIRES, OFFICIAL_V1, OFFICIAL_V2, QUICK_V1, SIPAS_V1 } from '../../server/defaults/questionnaires'
import { addStaff, createTestApp, postResponses, quickResponse, type Session, signIn, staffRequest, type TestApp } from './test-app'

/** A SIPAS-style form answered with `answers` (criteria left out are unanswered) at `counter`, in May 2026. */
const sipas = (counter: string, day: string, answers: Record<string, string>) =>
  quickResponse({ counter, questionnaire: { key: 'sipas', version: 1 }, answers, submittedAt: `2026-05-${day}T03:00:00Z` })

let t: TestApp
let leader: Session
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  await addStaff(t, { username: 's.leader', role: 'leadership' })
  leader = await signIn(t.app, 's.leader')
  const results = await postResponses(t.app, [
    // HCC-01 is the LS unit's counter, HCC-02 the HTQT unit's.
    sipas('HCC-01', '04', { a1_seats: 'very_satisfied', a2_equipment_enough: 'neutral', p1_posted_fully: 'satisfied', c1_polite: 'satisfied', r1_result_as_prescribed: 'unsatisfied', overall: 'satisfied' }),
    sipas('HCC-01', '05', { a1_seats: 'satisfied', a2_equipment_enough: 'very_unsatisfied', p1_posted_fully: 'satisfied', c1_polite: 'neutral', overall: 'satisfied' }),
    sipas('HCC-01', '06', { a1_seats: 'unsatisfied', p1_posted_fully: 'very_satisfied', c1_polite: 'satisfied', r1_result_as_prescribed: 'satisfied', overall: 'very_satisfied' }),
    sipas('HCC-01', '07', { a1_seats: 'neutral', a2_equipment_enough: 'satisfied', overall: 'unsatisfied' }),
    sipas('HCC-02', '08', { a1_seats: 'very_satisfied', f1_channel: 'satisfied', overall: 'satisfied' }),
    // Outside the period, and another questionnaire: neither counts.
    quickResponse({ counter: 'HCC-01', questionnaire: { key: 'sipas', version: 1 }, answers: { a1_seats: 'unsatisfied', overall: 'unsatisfied' }, submittedAt: '2026-04-20T03:00:00Z' }),
    quickResponse({ answers: { overall: 'unsatisfied' }, submittedAt: '2026-05-04T03:00:00Z' }),
  ])
  expect(results.map((r) => r.status)).toEqual(Array(7).fill('stored'))
})
afterAll(() => t.close())

const dashboard = async (query: string) => (await (await staffRequest(t.app, 'GET', `/api/staff/dashboard?from=2026-05-01&to=2026-05-31${query}`, leader)).json()) as Dashboard
const factorIndexes = (index: SipasIndex | undefined) => index?.factors.map((f) => [f.id, f.index])

describe('the SIPAS index from stored responses', () => {
  it('is on the dashboard as computed by hand', async () => {
    const [index, ...others] = (await dashboard('')).sipas
    expect(others).toEqual([])
    // Criterion = satisfied ÷ answered × 100 ("Bình thường" is answered, not satisfied):
    //   a1: very_satisfied, satisfied, unsatisfied, neutral, very_satisfied → 3 ÷ 5 = 60;  a2: neutral, very_unsatisfied, satisfied → 1 ÷ 3 = 33.33…
    //   p1: 3 ÷ 3 = 100;  c1: satisfied, neutral, satisfied → 2 ÷ 3 = 66.66…;  r1: unsatisfied, satisfied → 1 ÷ 2 = 50;  f1: 1 ÷ 1 = 100
    // Factors: access (60 + 33.33…) ÷ 2 = 46.66… → 46.67; procedures 100; civil servants 66.67; results 50; feedback 100.
    // SIPAS = (46.66… + 100 + 66.66… + 50 + 100) ÷ 5 = 363.33… ÷ 5 = 72.66… → 72.67
    expect(index).toMatchObject({ key: 'sipas', forms: 5, index: 72.67 })
    expect(factorIndexes(index)).toEqual([['access', 46.67], ['procedures', 100], ['civil_servants', 66.67], ['results', 50], ['feedback', 100]])
    const access = index!.factors[0]!.criteria
    expect(access.map((c) => [c.id, c.answered, c.satisfied, c.index])).toEqual([
      ['a1_seats', 5, 3, 60],
      ['a2_equipment_enough', 3, 1, 33.33],
      ['a3_equipment_modern', 0, 0, null],
      ['a4_equipment_easy', 0, 0, null],
    ])
    expect(index!.source?.vi).toContain('1001/QĐ-BNV')
  })

  it('follows the filters: one unit leaves the feedback factor unanswered, out of the mean', async () => {
    // LS only (the first four forms): a1 = 2 ÷ 4 = 50, access = (50 + 33.33…) ÷ 2 = 41.67, feedback none;
    // SIPAS = (41.66… + 100 + 66.66… + 50) ÷ 4 = 258.33… ÷ 4 = 64.58
    const [ls] = (await dashboard('&unit=LS')).sipas
    expect(ls).toMatchObject({ forms: 4, index: 64.58 })
    expect(factorIndexes(ls)).toEqual([['access', 41.67], ['procedures', 100], ['civil_servants', 66.67], ['results', 50], ['feedback', null]])
    // HCC-02: a1 and f1, both satisfied; the factors nobody answered there have no index.
    const [hcc2] = (await dashboard('&counter=HCC-02')).sipas
    expect(hcc2).toMatchObject({ forms: 1, index: 100 })
    expect(factorIndexes(hcc2)).toEqual([['access', 100], ['procedures', null], ['civil_servants', null], ['results', null], ['feedback', 100]])
    // A procedure no SIPAS form named: no index at all.
    expect((await dashboard('&procedure=ABTC')).sipas).toEqual([])
  })

  it('is in the period report, the same as on the dashboard, in every format', async () => {
    const q = 'from=2026-05-01&to=2026-05-31'
    const report = (await (await staffRequest(t.app, 'GET', `/api/staff/reports/period?${q}&format=json`, leader)).json()) as PeriodReport
    expect(report.sipas).toEqual((await dashboard('')).sipas)
    const csv = await (await staffRequest(t.app, 'GET', `/api/staff/reports/period?${q}&format=csv`, leader)).text()
    expect(csv).toContain('V. CHỈ SỐ HÀI LÒNG THEO PHƯƠNG PHÁP SIPAS')
    expect(csv).toContain('1.1,Nơi ngồi chờ có đủ chỗ ngồi,5,3,60\r\n')
    expect(csv).toContain(',Chỉ số SIPAS (trung bình các yếu tố),,,72.67\r\n')
    const html = await (await staffRequest(t.app, 'GET', `/api/staff/reports/period?${q}&format=html`, leader)).text()
    expect(html).toContain('<th scope="row">Tiếp cận dịch vụ</th><td></td><td></td><td>46,67</td>')
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await (await staffRequest(t.app, 'GET', `/api/staff/reports/period?${q}&format=xlsx`, leader)).arrayBuffer())
    const rows: unknown[][] = []
    book.getWorksheet('Báo cáo')!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
    expect(rows.find((r) => r[1] === 'Chỉ số SIPAS (trung bình các yếu tố)')?.[4]).toBe(72.67)
    // A unit's report has its unit's index; a period without SIPAS forms says so.
    const ls = (await (await staffRequest(t.app, 'GET', `/api/staff/reports/period?${q}&format=json&unit=LS`, leader)).json()) as PeriodReport
    expect(ls.sipas[0]?.index).toBe(64.58)
    const none = await (await staffRequest(t.app, 'GET', '/api/staff/reports/period?from=2026-03-01&to=2026-03-31&format=csv', leader)).text()
    expect(none).toContain('Không có phiếu khảo sát theo phương pháp SIPAS trong kỳ')
  })
})

describe('a database made before the SIPAS-style survey', () => {
  it('gets it, active, at its next start, its other questionnaires as they were', async () => {
    const old = await createTestApp({}, { questionnaires: [QUICK_V1, OFFICIAL_V1, OFFICIAL_V2] })
    try {
      const keys = async () => ((await (await old.app.request('/api/catalog')).json()) as Catalog).questionnaires.map((q) => `${q.key}@${q.version}`).sort()
      expect(await keys()).toEqual(['official@2', 'quick@1'])
      await old.reopen(DEFAULT_QUESTIONNAIRES)
      expect(await keys()).toEqual(['official@2', 'quick@1', 'sipas@1'])
      expect(await old.store.questionnaire('sipas', 1)).toEqual(SIPAS_V1)
    } finally {
      await old.close()
    }
  })
})

describe('a counter offering the SIPAS-style survey', () => {
  it('can be given it by an administrator, and the public catalog carries the form with its factors', async () => {
    await addStaff(t, { username: 's.admin', role: 'admin' })
    const admin = await signIn(t.app, 's.admin')
    const counter = (await (await t.app.request('/api/catalog')).json() as Catalog).counters.find((c) => c.code === 'HCC-01')!
    const { code: _code, active: _active, ...body } = counter as typeof counter & { active?: boolean }
    const res = await staffRequest(t.app, 'PUT', '/api/staff/admin/catalog/counters/HCC-01', admin, { body: { ...body, questionnaireKey: 'sipas' } })
    expect(res.status).toBe(200)
    const catalog = (await (await t.app.request('/api/catalog')).json()) as Catalog
    expect(catalog.counters.find((c) => c.code === 'HCC-01')?.questionnaireKey).toBe('sipas')
    const form = catalog.questionnaires.find((q) => q.key === 'sipas')!
    expect(form.factors?.map((f) => f.title.vi)).toEqual([
      'Tiếp cận dịch vụ', 'Thủ tục hành chính', 'Công chức trực tiếp giải quyết công việc', 'Kết quả giải quyết thủ tục hành chính', 'Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị',
    ])
    expect(form.questions.filter((q) => q.factor)).toHaveLength(22)
  })
})
