import { today } from '../../shared/dates'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildPeriodReport } from '../../server/domain/period-report'
import { periodCsv } from '../../server/reports/period-csv'
import { periodWorkbook, TABLE_HEADINGS } from '../../server/reports/period-workbook'
import { periodLabel, type PeriodReport } from '../../shared/period-report'
import type { FeedbackSummary } from '../../shared/staff-feedback'
import { feedbackItem, postFeedback } from './feedback-fixtures'
import { addStaff, createTestApp, getStats, officialResponse, postResponses, quickResponse, type Session, signIn, staffRequest, type TestApp } from './test-app'

const SUMMARY: FeedbackSummary = {
  from: '2026-01-01',
  to: '2026-06-30',
  received: 12,
  open: 2,
  overdueNow: 1,
  answeredOnTime: 9,
  answeredLate: 1,
  onTimeRate: 0.9,
  indicator8: 'at_least_90',
  medianAnswerWorkingDays: 2.5,
  byCategory: [
    { category: 'processing_time', received: 7, open: 1, overdueNow: 1 },
    { category: 'conduct', received: 5, open: 1, overdueNow: 0 },
    { category: 'fees', received: 0, open: 0, overdueNow: 0 },
  ],
  byUnit: [],
  byPetitionType: [],
  byChannel: [],
}

const at = (iso: string) => ({ submittedAt: iso })

let t: TestApp
let report: PeriodReport
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  await postResponses(t.app, [
    quickResponse({ counter: 'HCC-01', procedure: 'HPH-LS', answers: { overall: 'very_satisfied' }, ...at('2026-02-10T03:00:00Z') }),
    quickResponse({ counter: 'HCC-01', answers: { overall: 'unsatisfied' }, ...at('2026-03-10T03:00:00Z') }),
    quickResponse({ counter: 'HCC-02', procedure: 'ABTC', answers: { overall: 'satisfied' }, ...at('2026-06-30T16:30:00Z') }), // 23:30 on 30/06
    quickResponse({ counter: 'HCC-02', procedure: 'ABTC', answers: { overall: 'satisfied' }, ...at('2026-06-30T17:30:00Z') }), // 01/07: outside
    officialResponse([2, 2, 1, 2, 2, 2], 'very_satisfied', { procedure: 'ABTC', ...at('2026-04-01T02:00:00Z') }),
    officialResponse([0, 1, 0, 1, 1, 0], 'unsatisfied', { procedure: 'HNHT-QT', ...at('2026-05-01T02:00:00Z') }),
  ])
  report = await buildPeriodReport(t.store, { from: '2026-01-01', to: '2026-06-30' }, SUMMARY, Date.parse('2026-07-02T03:00:00Z'))
})
afterAll(() => t.close())

/** Every row of the sheet as plain values, the way a reader of the file sees them. */
async function sheetRows(bytes: Buffer): Promise<unknown[][]> {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(bytes as unknown as ArrayBuffer)
  const sheet = book.getWorksheet('Báo cáo')!
  const rows: unknown[][] = []
  sheet.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)))
  return rows
}

describe('the half-year report', () => {
  it('names its period as an official report does', () => {
    expect(periodLabel('2026-01-01', '2026-06-30').vi).toBe('6 tháng đầu năm 2026')
    expect(periodLabel('2026-07-01', '2026-12-31').vi).toBe('6 tháng cuối năm 2026')
    expect(periodLabel('2026-01-01', '2026-12-31').vi).toBe('Năm 2026')
    expect(periodLabel('2026-04-01', '2026-06-30').vi).toBe('Quý II năm 2026')
    expect(periodLabel('2026-02-01', '2026-02-28').vi).toBe('Tháng 2 năm 2026')
    expect(periodLabel('2026-02-03', '2026-02-20').vi).toBe('Từ ngày 03/02/2026 đến ngày 20/02/2026')
  })

  it('holds the heading block and, cell by cell, the numbers the statistics give for the period', async () => {
    const rows = await sheetRows(await periodWorkbook(report))
    const text = rows.map((r) => r.filter((c) => c !== null && c !== undefined).join(' | '))
    expect(text[0]).toContain('UBND TỈNH HÀ TĨNH')
    expect(text[0]).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')
    expect(text[1]).toContain('SỞ NGOẠI VỤ TỈNH HÀ TĨNH')
    expect(text[2]).toContain('Hà Tĩnh, ngày 02 tháng 07 năm 2026')
    expect(text.some((l) => l.startsWith('BÁO CÁO KẾT QUẢ ĐÁNH GIÁ SỰ HÀI LÒNG'))).toBe(true)
    expect(text.some((l) => l.includes('Kỳ báo cáo: 6 tháng đầu năm 2026 (từ 01/01/2026 đến 30/06/2026)'))).toBe(true)

    for (const [section, groupBy] of [
      ['I. KẾT QUẢ THEO ĐƠN VỊ', 'unit'],
      ['II. KẾT QUẢ THEO THỦ TỤC HÀNH CHÍNH', 'procedure'],
    ] as const) {
      const stats = await getStats(t, { from: '2026-01-01', to: '2026-06-30', groupBy })
      const start = text.findIndex((l) => l === section)
      expect(rows[start + 1]).toEqual([...TABLE_HEADINGS])
      stats.groups.forEach((group, i) => {
        const row = rows[start + 2 + i]!
        expect(row[1], `${section} ${group.key}`).toBe(group.label?.vi)
        expect(row.slice(2, 10)).toEqual([
          group.total,
          group.counts.very_satisfied,
          group.counts.satisfied,
          group.counts.unsatisfied,
          group.rates.very_satisfied,
          group.rates.satisfied,
          group.rates.unsatisfied,
          group.satisfiedRate,
        ])
      })
      const total = rows[start + 2 + stats.groups.length]!
      expect(total[1]).toBe('Tổng cộng')
      expect(total[2]).toBe(stats.total.total)
    }
    // 23:30 on 30/06 is in the first half; 00:30 on 01/07 is not.
    expect(report.total.forms).toBe(5)
  })

  it('puts the official score on the 0–18 scale with its band, and the feedback handled on time', async () => {
    const rows = await sheetRows(await periodWorkbook(report))
    const abtc = rows.find((r) => r[1] === report.byProcedure.find((p) => p.key === 'ABTC')!.name!.vi)!
    expect(abtc[10]).toBe(16.5) // 11 of 12 points → 16.5 of 18
    expect(abtc[11]).toBe('Xuất sắc')
    const hnht = rows.find((r) => r[1] === report.byProcedure.find((p) => p.key === 'HNHT-QT')!.name!.vi)!
    expect(hnht[10]).toBe(4.5)
    expect(hnht[11]).toBe('Yếu')
    const value = (label: string) => rows.find((r) => r[1] === label)?.[2]
    expect(value('Phản ánh, kiến nghị tiếp nhận trong kỳ')).toBe(12)
    expect(value('Đã trả lời đúng hạn')).toBe(9)
    expect(value('Tỷ lệ trả lời đúng hạn (%)')).toBe(90)
    expect(value('Thời gian trả lời (trung vị, ngày làm việc)')).toBe(2.5)
    expect(value('Chỉ số 8 (xử lý phản ánh, kiến nghị đúng hạn)')).toBe('Từ 90% đúng hạn (1 điểm)')
    // The main complaints, most frequent first, categories with none left out.
    const list = rows.findIndex((r) => r[0] === 'IV. CÁC NỘI DUNG PHẢN ÁNH, KIẾN NGHỊ CHỦ YẾU')
    expect(rows.slice(list + 2, list + 4).map((r) => [r[1], r[2]])).toEqual([
      ['Thời gian giải quyết, trễ hẹn', 7],
      ['Thái độ, tác phong của cán bộ', 5],
    ])
  })

  it('writes the same numbers as CSV, with a byte-order mark for Excel', () => {
    const csv = periodCsv(report)
    expect(csv.startsWith('\uFEFF')).toBe(true)
    const lines = csv.slice(1).split('\r\n')
    // The heading block first, as in the workbook; the title holds a comma, so it is quoted.
    expect(lines[0]).toBe('UBND TỈNH HÀ TĨNH,,,,,,CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM')
    expect(lines[2]).toBe(',,,,,,"Hà Tĩnh, ngày 02 tháng 07 năm 2026"')
    expect(lines[4]).toBe(`"${report.title.vi}"`)
    expect(lines[5]).toBe('Kỳ báo cáo: 6 tháng đầu năm 2026 (từ 01/01/2026 đến 30/06/2026)')
    const unitRow = report.byUnit[0]!
    expect(lines).toContain(
      ['1', unitRow.name!.vi, unitRow.forms, unitRow.counts.very_satisfied, unitRow.counts.satisfied, unitRow.counts.unsatisfied,
        unitRow.rates.very_satisfied ?? '', unitRow.rates.satisfied ?? '', unitRow.rates.unsatisfied ?? '', unitRow.satisfiedRate ?? '',
        unitRow.score18 ?? '', unitRow.band?.vi ?? ''].map((c) => (/[",]/.test(String(c)) ? `"${c}"` : String(c))).join(','),
    )
    expect(lines).toContain(',Tỷ lệ trả lời đúng hạn (%),90')
    expect(lines).toContain(',"Thời gian trả lời (trung vị, ngày làm việc)",2.5')
  })

  it('holds in the CSV the workbook\'s cells, line for line and column for column', async () => {
    const book = new ExcelJS.Workbook()
    await book.xlsx.load((await periodWorkbook(report)) as unknown as ArrayBuffer)
    // A merged range reads back with its value in every cell it covers: keep it in its first cell only.
    const fromSheet: unknown[][] = []
    book.getWorksheet('Báo cáo')!.eachRow({ includeEmpty: true }, (row) => {
      const cells: unknown[] = []
      row.eachCell({ includeEmpty: true }, (cell, col) => (cells[col - 1] = cell.isMerged && cell.master.address !== cell.address ? null : cell.value))
      fromSheet.push(Array.from(cells))
    })
    const csvRows = periodCsv(report).slice(1).split('\r\n').slice(0, -1).map((line) => plainCells(parseCsvLine(line)))
    expect(csvRows).toEqual(fromSheet.map(plainCells))
  })
})

/** One RFC 4180 line's fields (no line breaks inside fields in this report). */
function parseCsvLine(line: string): string[] {
  const fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"'
      i++
    } else if (ch === '"') {
      quoted = !quoted
    } else if (ch === ',' && !quoted) {
      fields.push(field)
      field = ''
    } else {
      field += ch
    }
  }
  fields.push(field)
  return fields
}

/** A line's cells as text, empty ones at the end left out (a CSV line ends at its last value). */
function plainCells(cells: unknown[]): string[] {
  const out = cells.map((c) => (c === null || c === undefined ? '' : String(c)))
  while (out.length > 0 && out.at(-1) === '') out.pop()
  return out
}

describe('GET /api/staff/reports/period', () => {
  let leader: Session
  beforeAll(async () => {
    await addStaff(t, { username: 'r.leader', role: 'leadership' })
    leader = await signIn(t.app, 'r.leader')
    await postFeedback(t.app, [feedbackItem({ category: 'fees' }), feedbackItem({ category: 'fees' }), feedbackItem({ category: 'conduct' })])
  })

  it('serves the workbook whose cells equal the statistics and the feedback summary the dashboard shows', async () => {
    const from = '2026-01-01'
    const to = today()
    const res = await staffRequest(t.app, 'GET', `/api/staff/reports/period?from=${from}&to=${to}&format=xlsx`, leader)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers.get('content-disposition')).toContain(`bao-cao-hai-long-${from}-${to}.xlsx`)
    const rows = await sheetRows(Buffer.from(await res.arrayBuffer()))
    const stats = await getStats(t, { from, to, groupBy: 'unit' })
    const total = rows.filter((r) => r[1] === 'Tổng cộng')
    // By unit, by procedure, by channel (section V): each table ends on the same total.
    expect(total.map((r) => r[2])).toEqual([stats.total.total, stats.total.total, stats.total.total])
    const summary = await (await staffRequest(t.app, 'GET', `/api/staff/feedback/summary?from=${from}&to=${to}`, leader)).json()
    const value = (label: string) => rows.find((r) => r[1] === label)?.[2]
    expect(value('Phản ánh, kiến nghị tiếp nhận trong kỳ')).toBe(summary.received)
    expect(summary.received).toBe(3)
    const list = rows.findIndex((r) => r[0] === 'IV. CÁC NỘI DUNG PHẢN ÁNH, KIẾN NGHỊ CHỦ YẾU')
    expect(rows[list + 2]!.slice(1, 3)).toEqual(['Phí, lệ phí', 2])
  })

  it('serves the same report as CSV, as a printable page and as JSON', async () => {
    const q = `from=2026-01-01&to=2026-06-30`
    const json = await (await staffRequest(t.app, 'GET', `/api/staff/reports/period?${q}&format=json`, leader)).json()
    expect(json.total.forms).toBe(5)
    const csv = await staffRequest(t.app, 'GET', `/api/staff/reports/period?${q}&format=csv`, leader)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(await csv.text()).toContain('6 tháng đầu năm 2026')
    const html = await (await staffRequest(t.app, 'GET', `/api/staff/reports/period?${q}&format=html`, leader)).text()
    expect(html).toContain('<h1>BÁO CÁO KẾT QUẢ ĐÁNH GIÁ SỰ HÀI LÒNG')
    expect(html).toContain('@page { size: A4 landscape')
    expect(html.match(/<tr class="total">/g)).toHaveLength(3)
  })

  it('gives a unit head their own unit’s report, the same tables filtered, and refuses another unit', async () => {
    await addStaff(t, { username: 'r.head', role: 'unit_head', unitCode: 'HTQT' })
    const head = await signIn(t.app, 'r.head')
    const q = 'from=2026-01-01&to=2026-06-30'
    const own = (await (await staffRequest(t.app, 'GET', `/api/staff/reports/period?${q}&format=json`, head)).json()) as PeriodReport
    const stats = await getStats(t, { from: '2026-01-01', to: '2026-06-30', groupBy: 'procedure', unit: 'HTQT' })
    expect(own.unit).toEqual({ code: 'HTQT', name: expect.objectContaining({ vi: expect.any(String) }) })
    expect(own.total.forms).toBe(stats.total.total)
    expect(own.total.forms).toBeGreaterThan(0)
    expect(own.total.forms).toBeLessThan(5)
    expect(own.byUnit.map((r) => r.key)).toEqual(['HTQT'])
    expect(own.byProcedure.map((r) => r.key).sort()).toEqual(stats.groups.map((g) => g.key).sort())
    // Its feedback: the unit's items only (the three filed above went where the routing rules sent them).
    const summary = await (await staffRequest(t.app, 'GET', `/api/staff/feedback/summary?${q}`, head)).json()
    expect(own.feedback.received).toBe(summary.received)
    // Named as the unit's report, in the file name and under the period.
    const xlsx = await staffRequest(t.app, 'GET', `/api/staff/reports/period?${q}&format=xlsx&unit=HTQT`, head)
    expect(xlsx.headers.get('content-disposition')).toContain('bao-cao-hai-long-htqt-2026-01-01-2026-06-30.xlsx')
    const rows = await sheetRows(Buffer.from(await xlsx.arrayBuffer()))
    expect(rows.some((r) => r[0] === `Đơn vị: ${own.unit!.name.vi}`)).toBe(true)
    const other = await staffRequest(t.app, 'GET', `/api/staff/reports/period?${q}&format=json&unit=LS`, head)
    expect(other.status).toBe(403)
    expect((await other.json()).error.message).toContain('unit')
    // Leadership may ask for any one unit; the whole department's report has no unit line.
    const ls = (await (await staffRequest(t.app, 'GET', `/api/staff/reports/period?${q}&format=json&unit=LS`, leader)).json()) as PeriodReport
    expect(ls.unit?.code).toBe('LS')
    expect(ls.total.forms + own.total.forms).toBeLessThanOrEqual(report.total.forms)
    expect(await (await staffRequest(t.app, 'GET', `/api/staff/reports/period?${q}&format=csv`, leader)).text()).not.toContain('Đơn vị:')
  })

  it('names the bad field', async () => {
    for (const [query, path] of [
      ['from=2026-07-01&to=2026-06-30', 'from'],
      ['from=2026-01-01&to=2026-06-31', 'to'],
      ['from=2026-01-01&to=2026-06-30&format=pdf', 'format'],
      ['from=2026-01-01&to=2026-06-30&unit=NOPE', 'unit'],
      ['from=2026-01-01&to=2026-06-30&unit=x%20y', 'unit'],
    ] as const) {
      const res = await staffRequest(t.app, 'GET', `/api/staff/reports/period?${query}`, leader)
      expect(res.status, query).toBe(400)
      expect((await res.json()).error.path, query).toBe(path)
    }
  })
})
