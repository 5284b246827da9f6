import ExcelJS from 'exceljs'
import { formatDay } from '../../shared/dates'
import { SATISFACTION_LEVELS } from '../../shared/levels'
import { INDICATOR8_LABELS, INDICATOR8_NAME, SATISFACTION_LEVEL_LABELS, TOTAL_LABEL } from '../../shared/messages/figures'
import { reportScopeLine, type PeriodReport, type ReportRow } from '../../shared/period-report'
import type { SipasIndex } from '../../shared/sipas'

/** Column headings of the per-unit and per-procedure tables, in the order of `rowCells`. */
export const TABLE_HEADINGS = [
  'STT',
  'Tên',
  'Số phiếu',
  ...SATISFACTION_LEVELS.map((l) => `${SATISFACTION_LEVEL_LABELS[l].vi} (phiếu)`),
  ...SATISFACTION_LEVELS.map((l) => `${SATISFACTION_LEVEL_LABELS[l].vi} (%)`),
  'Hài lòng và rất hài lòng (%)',
  'Điểm bình quân (thang 18)',
  'Xếp loại',
]

/** One table row's cells: numbers stay numbers, so the workbook can be summed and charted. */
export function rowCells(row: ReportRow, index: number | string): (string | number | null)[] {
  return [
    index,
    row.name?.vi ?? row.key,
    row.forms,
    ...SATISFACTION_LEVELS.map((l) => row.counts[l]),
    ...SATISFACTION_LEVELS.map((l) => row.rates[l]),
    row.satisfiedRate,
    row.score18,
    row.band?.vi ?? null,
  ]
}

/** The feedback table, label and value, shared with the CSV. */
export function feedbackCells(report: PeriodReport): [string, string | number | null][] {
  const f = report.feedback
  return [
    ['Phản ánh, kiến nghị tiếp nhận trong kỳ', f.received],
    ['Đã trả lời đúng hạn', f.answeredOnTime],
    ['Đã trả lời quá hạn', f.answeredLate],
    ['Đang xử lý', f.open],
    ['Đang quá hạn', f.overdueNow],
    ['Tỷ lệ trả lời đúng hạn (%)', f.onTimeRate],
    ['Thời gian trả lời (trung vị, ngày làm việc)', f.medianAnswerWorkingDays],
    [INDICATOR8_NAME.vi, f.indicator8 === null ? 'Chưa có phản ánh được trả lời' : INDICATOR8_LABELS[f.indicator8].vi],
  ]
}

export const SIPAS_SECTION = 'V. CHỈ SỐ HÀI LÒNG THEO PHƯƠNG PHÁP SIPAS'
export const SIPAS_HEADINGS = ['STT', 'Yếu tố, tiêu chí', 'Số người trả lời', 'Hài lòng, rất hài lòng', 'Chỉ số (%)']
export const SIPAS_NONE = 'Không có phiếu khảo sát theo phương pháp SIPAS trong kỳ'
export const SIPAS_OVERALL = 'Chỉ số SIPAS (trung bình các yếu tố)'

/**
 * One SIPAS questionnaire's lines: its title and forms, the method it follows, then each factor (its index,
 * the mean of its criteria) followed by its criteria, and the overall index last.
 */
export function sipasLines(index: SipasIndex): { kind: 'section' | 'note' | 'headings' | 'row' | 'total'; cells: (string | number | null)[] }[] {
  const lines: ReturnType<typeof sipasLines> = [{ kind: 'section', cells: [`${index.title.vi} (${index.forms} phiếu)`] }]
  if (index.source) lines.push({ kind: 'note', cells: [`Phương pháp: ${index.source.vi}`] })
  lines.push({ kind: 'headings', cells: [...SIPAS_HEADINGS] })
  index.factors.forEach((factor, i) => {
    lines.push({ kind: 'total', cells: [String(i + 1), factor.title.vi, null, null, factor.index] })
    factor.criteria.forEach((c, j) => lines.push({ kind: 'row', cells: [`${i + 1}.${j + 1}`, c.text.vi, c.answered, c.satisfied, c.index] }))
  })
  lines.push({ kind: 'total', cells: [null, SIPAS_OVERALL, null, null, index.index] })
  return lines
}

/** What a line of the report is, which is how the workbook dresses it (the CSV holds the cells alone). */
export type ReportLineKind = 'letterhead' | 'dated' | 'title' | 'period' | 'scope' | 'section' | 'headings' | 'row' | 'total' | 'feedback' | 'note' | 'blank'

export interface ReportLine {
  kind: ReportLineKind
  cells: (string | number | null)[]
}

/** "Hà Tĩnh, ngày 02 tháng 07 năm 2026" from the dd/MM/yyyy date of issue. */
export function datedLine(issuedOn: string): string {
  return `Hà Tĩnh, ngày ${issuedOn.replace(/^(\d+)\/(\d+)\/(\d+)$/, '$1 tháng $2 năm $3')}`
}

/** "Kỳ báo cáo: 6 tháng đầu năm 2026 (từ 01/01/2026 đến 30/06/2026)". */
export function periodLine(report: Pick<PeriodReport, 'period' | 'from' | 'to'>): string {
  return `Kỳ báo cáo: ${report.period.vi} (từ ${formatDay(report.from)} đến ${formatDay(report.to)})`
}

/**
 * The report's lines, cell by cell, in order: the workbook and the CSV both write these, so that they hold
 * the same cells in the same places (README: "csv the same cells").
 */
export function reportLines(report: PeriodReport): ReportLine[] {
  const lines: ReportLine[] = []
  const add = (kind: ReportLineKind, cells: (string | number | null)[] = []) => lines.push({ kind, cells })
  // The heading block: agency on the left, the national motto on the right, as on official letterhead.
  add('letterhead', ['UBND TỈNH HÀ TĨNH', null, null, null, null, null, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'])
  add('letterhead', [report.agency.vi.toUpperCase(), null, null, null, null, null, 'Độc lập - Tự do - Hạnh phúc'])
  add('dated', [null, null, null, null, null, null, datedLine(report.issuedOn)])
  add('blank')
  add('title', [report.title.vi])
  add('period', [periodLine(report)])
  const scope = reportScopeLine(report)
  if (scope) add('scope', [scope])
  add('blank')

  const table = (heading: string, rows: ReportRow[]) => {
    add('section', [heading])
    add('headings', [...TABLE_HEADINGS])
    rows.forEach((row, i) => add('row', rowCells(row, i + 1)))
    add('total', rowCells({ ...report.total, name: TOTAL_LABEL }, ''))
    add('blank')
  }
  table('I. KẾT QUẢ THEO ĐƠN VỊ', report.byUnit)
  table('II. KẾT QUẢ THEO THỦ TỤC HÀNH CHÍNH', report.byProcedure)

  add('section', ['III. TIẾP NHẬN VÀ XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ'])
  for (const [label, value] of feedbackCells(report)) add('feedback', [null, label, value])
  add('blank')
  add('section', ['IV. CÁC NỘI DUNG PHẢN ÁNH, KIẾN NGHỊ CHỦ YẾU'])
  add('section', ['STT', 'Nội dung', 'Số phản ánh'])
  if (report.feedback.byCategory.length === 0) add('row', [null, 'Không có phản ánh, kiến nghị trong kỳ'])
  report.feedback.byCategory.forEach((c, i) => add('row', [i + 1, c.label.vi, c.received]))
  add('blank')
  add('section', [SIPAS_SECTION])
  if (report.sipas.length === 0) add('row', [null, SIPAS_NONE])
  for (const index of report.sipas) for (const line of sipasLines(index)) add(line.kind, line.cells)
  return lines
}

const BOLD = { bold: true } as const

/**
 * The report as an Excel workbook: the lines of `reportLines`, dressed as an official report (letterhead in
 * two merged halves, centred title and period, bold headings). One sheet, so that it prints as a single document.
 */
export async function periodWorkbook(report: PeriodReport): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.creator = report.agency.vi
  book.created = new Date(0) // Stable bytes for the same data; the date of issue is in the sheet.
  const sheet = book.addWorksheet('Báo cáo', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } })
  sheet.columns = [{ width: 6 }, { width: 48 }, ...Array.from({ length: 10 }, () => ({ width: 14 }))]
  const width = TABLE_HEADINGS.length
  const centre = (row: ExcelJS.Row, from = 1, to: number = width) => {
    sheet.mergeCells(row.number, from, row.number, to)
    row.getCell(from).alignment = { horizontal: 'center', wrapText: true }
  }

  for (const { kind, cells } of reportLines(report)) {
    const row = sheet.addRow(cells)
    switch (kind) {
      case 'letterhead':
        row.font = BOLD
        centre(row, 1, 5)
        centre(row, 7)
        break
      case 'dated':
        row.font = { italic: true }
        centre(row, 7)
        break
      case 'title':
        row.font = { bold: true, size: 14 }
        row.height = 36
        centre(row)
        break
      case 'period':
        row.font = { italic: true }
        centre(row)
        break
      case 'scope':
        row.font = BOLD
        centre(row)
        break
      case 'headings':
        row.font = BOLD
        row.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' }
        row.height = 32
        break
      case 'section':
      case 'total':
        row.font = BOLD
        break
      case 'feedback':
        sheet.mergeCells(row.number, 3, row.number, 5)
        break
      case 'note':
        row.font = { italic: true }
        break
      default:
        break
    }
  }
  return Buffer.from(await book.xlsx.writeBuffer())
}
