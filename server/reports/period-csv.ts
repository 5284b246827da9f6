import { reportScopeLine, type PeriodReport } from '../../shared/period-report'
import { BOM, csvLine } from './csv'
import { feedbackCells, rowCells, TABLE_HEADINGS } from './period-workbook'

/**
 * The same report as CSV (RFC 4180, CRLF), sections one after another. It starts with a byte-order mark:
 * without it Excel reads UTF-8 as the local code page and the Vietnamese letters come out garbled.
 */
export function periodCsv(report: PeriodReport): string {
  const lines: (string | number | null)[][] = [
    [report.agency.vi],
    [report.title.vi],
    [`Kỳ báo cáo: ${report.period.vi}`, report.from, report.to],
    ...(report.unit ? [[reportScopeLine(report), report.unit.code]] : []),
    ['Ngày lập', report.issuedOn],
    [],
    ['I. KẾT QUẢ THEO ĐƠN VỊ'],
    [...TABLE_HEADINGS],
    ...report.byUnit.map((row, i) => rowCells(row, i + 1)),
    rowCells({ ...report.total, name: { vi: 'Tổng cộng', en: 'Total' } }, ''),
    [],
    ['II. KẾT QUẢ THEO THỦ TỤC HÀNH CHÍNH'],
    [...TABLE_HEADINGS],
    ...report.byProcedure.map((row, i) => rowCells(row, i + 1)),
    rowCells({ ...report.total, name: { vi: 'Tổng cộng', en: 'Total' } }, ''),
    [],
    ['III. TIẾP NHẬN VÀ XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ'],
    ...feedbackCells(report),
    [],
    ['IV. CÁC NỘI DUNG PHẢN ÁNH, KIẾN NGHỊ CHỦ YẾU'],
    ['STT', 'Nội dung', 'Số phản ánh'],
    ...report.feedback.byCategory.map((c, i) => [i + 1, c.label.vi, c.received]),
  ]
  return BOM + lines.map(csvLine).join('')
}
