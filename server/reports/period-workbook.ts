import ExcelJS from 'exceljs'
import { formatDay } from '../../shared/dates'
import { SATISFACTION_LEVELS } from '../../shared/levels'
import { INDICATOR8_LABELS, reportScopeLine, type PeriodReport, type ReportRow } from '../../shared/period-report'

/** Column headings of the per-unit and per-procedure tables, in the order of `rowCells`. */
export const TABLE_HEADINGS = [
  'STT',
  'Tên',
  'Số phiếu',
  'Rất hài lòng (phiếu)',
  'Hài lòng (phiếu)',
  'Không hài lòng (phiếu)',
  'Rất hài lòng (%)',
  'Hài lòng (%)',
  'Không hài lòng (%)',
  'Hài lòng và rất hài lòng (%)',
  'Điểm bình quân (thang 18)',
  'Xếp loại',
] as const

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
    ['Chỉ số 8 (xử lý phản ánh, kiến nghị đúng hạn)', f.indicator8 === null ? 'Chưa có phản ánh được trả lời' : INDICATOR8_LABELS[f.indicator8].vi],
  ]
}

const BOLD = { bold: true } as const

/**
 * The report as an Excel workbook: the heading block an official report carries (agency, national motto,
 * place and date, title, period), then the tables. One sheet, so that it prints as a single document.
 */
export async function periodWorkbook(report: PeriodReport): Promise<Buffer> {
  const book = new ExcelJS.Workbook()
  book.creator = report.agency.vi
  book.created = new Date(0) // Stable bytes for the same data; the date of issue is in the sheet.
  const sheet = book.addWorksheet('Báo cáo', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } })
  sheet.columns = [{ width: 6 }, { width: 48 }, ...Array.from({ length: 10 }, () => ({ width: 14 }))]
  const width = TABLE_HEADINGS.length

  const line = (cells: (string | number | null)[], style?: Partial<ExcelJS.Font>) => {
    const row = sheet.addRow(cells)
    if (style) row.font = style
    return row
  }
  const centred = (text: string, style?: Partial<ExcelJS.Font>) => {
    const row = line([text], style)
    sheet.mergeCells(row.number, 1, row.number, width)
    row.getCell(1).alignment = { horizontal: 'center', wrapText: true }
    return row
  }

  // The heading block: agency on the left, the national motto on the right, as on official letterhead.
  const head = line(['UBND TỈNH HÀ TĨNH', null, null, null, null, null, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'], BOLD)
  sheet.mergeCells(head.number, 1, head.number, 5)
  sheet.mergeCells(head.number, 7, head.number, width)
  const agency = line([report.agency.vi.toUpperCase(), null, null, null, null, null, 'Độc lập - Tự do - Hạnh phúc'], BOLD)
  sheet.mergeCells(agency.number, 1, agency.number, 5)
  sheet.mergeCells(agency.number, 7, agency.number, width)
  const dated = line([null, null, null, null, null, null, `Hà Tĩnh, ngày ${report.issuedOn.replace(/^(\d+)\/(\d+)\/(\d+)$/, '$1 tháng $2 năm $3')}`], { italic: true })
  sheet.mergeCells(dated.number, 7, dated.number, width)
  for (const row of [head, agency, dated]) for (const col of [1, 7]) row.getCell(col).alignment = { horizontal: 'center' }
  line([])
  centred(report.title.vi, { bold: true, size: 14 }).height = 36
  centred(`Kỳ báo cáo: ${report.period.vi} (từ ${formatDay(report.from)} đến ${formatDay(report.to)})`, { italic: true })
  const scope = reportScopeLine(report)
  if (scope) centred(scope, BOLD)
  line([])

  const table = (heading: string, rows: ReportRow[]) => {
    line([heading], BOLD)
    const header = line([...TABLE_HEADINGS], BOLD)
    header.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' }
    header.height = 32
    rows.forEach((row, i) => line(rowCells(row, i + 1)))
    line(rowCells({ ...report.total, name: { vi: 'Tổng cộng', en: 'Total' } }, ''), BOLD)
    line([])
  }
  table('I. KẾT QUẢ THEO ĐƠN VỊ', report.byUnit)
  table('II. KẾT QUẢ THEO THỦ TỤC HÀNH CHÍNH', report.byProcedure)

  line(['III. TIẾP NHẬN VÀ XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ'], BOLD)
  for (const [label, value] of feedbackCells(report)) {
    const row = line([null, label, value])
    sheet.mergeCells(row.number, 3, row.number, 5)
  }
  line([])
  line(['IV. CÁC NỘI DUNG PHẢN ÁNH, KIẾN NGHỊ CHỦ YẾU'], BOLD)
  line(['STT', 'Nội dung', 'Số phản ánh'], BOLD)
  if (report.feedback.byCategory.length === 0) line([null, 'Không có phản ánh, kiến nghị trong kỳ'])
  report.feedback.byCategory.forEach((c, i) => line([i + 1, c.label.vi, c.received]))

  return Buffer.from(await book.xlsx.writeBuffer())
}
