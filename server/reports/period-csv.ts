import type { PeriodReport } from '../../shared/period-report'
import { BOM, csvLine } from './csv'
import { reportLines } from './period-workbook'

/**
 * The same report as CSV (RFC 4180, CRLF): the workbook's lines, cell for cell in the same columns, from
 * the letterhead to the last category. It starts with a byte-order mark: without it Excel reads UTF-8 as
 * the local code page and the Vietnamese letters come out garbled.
 */
export function periodCsv(report: PeriodReport): string {
  return BOM + reportLines(report).map((line) => csvLine(line.cells)).join('')
}
