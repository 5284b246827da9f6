import { TOTAL_LABEL } from '../../shared/messages/figures'
import { reportScopeLine, type PeriodReport, type ReportRow } from '../../shared/period-report'
import { escapeHtml } from '../pages/escape-html'
import { printablePage } from '../pages/printable-page'
import type { SipasIndex } from '../../shared/sipas'
import { datedLine, feedbackCells, periodLine, rowCells, SIPAS_NONE, SIPAS_SECTION, sipasLines, TABLE_HEADINGS } from './period-workbook'

const cell = (value: string | number | null) => (value === null ? '' : escapeHtml(typeof value === 'number' ? value.toLocaleString('vi-VN') : value))

function table(caption: string, rows: ReportRow[], total: ReportRow): string {
  const body = [...rows.map((row, i) => rowCells(row, i + 1)), rowCells({ ...total, name: TOTAL_LABEL }, '')]
    .map((cells, i) => `<tr${i === rows.length ? ' class="total"' : ''}>${cells.map((c, k) => (k === 1 ? `<th scope="row">${cell(c)}</th>` : `<td>${cell(c)}</td>`)).join('')}</tr>`)
    .join('\n')
  return `<table><caption>${escapeHtml(caption)}</caption>
<thead><tr>${TABLE_HEADINGS.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>${body}</tbody></table>`
}

/** One SIPAS questionnaire's table: the workbook's lines, factors and the overall index in bold. */
function sipasTable(index: SipasIndex): string {
  const lines = sipasLines(index)
  const [title, ...rest] = lines
  const note = rest[0]?.kind === 'note' ? `<p class="note">${cell(rest.shift()!.cells[0]!)}</p>` : ''
  const [headings, ...rows] = rest
  const body = rows
    .map((line) => `<tr${line.kind === 'total' ? ' class="factor"' : ''}>${line.cells.map((c, k) => (k === 1 ? `<th scope="row">${cell(c)}</th>` : `<td>${cell(c)}</td>`)).join('')}</tr>`)
    .join('\n')
  return `${note}<table><caption>${cell(title!.cells[0]!)}</caption>
<thead><tr>${headings!.cells.map((h) => `<th scope="col">${cell(h)}</th>`).join('')}</tr></thead>
<tbody>${body}</tbody></table>`
}

/** The report as a page to print (or save as PDF) from the browser: the same cells as the workbook. */
export function periodHtml(report: PeriodReport): string {
  return printablePage(
    `${report.title.vi} – ${report.period.vi}`,
    `@page { size: A4 landscape; margin: 15mm; }
body { font-family: "Times New Roman", "Noto Serif", serif; color: #000; margin: 16px; font-size: 12pt; }
.letterhead { display: grid; grid-template-columns: 1fr 1fr; text-align: center; font-weight: 700; }
.letterhead p { margin: 0; }
.dated { text-align: right; font-style: italic; margin: 8px 0 16px; }
h1 { text-align: center; font-size: 14pt; margin: 12px 0 4px; }
.period { text-align: center; font-style: italic; margin: 0 0 16px; }
.scope { text-align: center; font-weight: 700; margin: -8px 0 16px; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 20px; page-break-inside: auto; }
caption { text-align: left; font-weight: 700; padding: 6px 0; }
th, td { border: 1px solid #000; padding: 3px 5px; font-size: 10.5pt; }
td { text-align: right; }
tbody th { text-align: left; font-weight: 400; }
tr.total th, tr.total td, tr.factor th, tr.factor td { font-weight: 700; }
.note { font-style: italic; font-size: 10.5pt; margin: 4px 0; }
h2 { font-size: 12pt; margin: 16px 0 4px; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
.print { font: inherit; padding: 8px 16px; margin-bottom: 12px; }
@media print { .print { display: none; } body { margin: 0; } }
`,
    `<button type="button" class="print" onclick="window.print()">In báo cáo / Print</button>
<div class="letterhead">
  <div><p>UBND TỈNH HÀ TĨNH</p><p>${escapeHtml(report.agency.vi.toUpperCase())}</p></div>
  <div><p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p><p>Độc lập - Tự do - Hạnh phúc</p></div>
</div>
<p class="dated">${escapeHtml(datedLine(report.issuedOn))}</p>
<h1>${escapeHtml(report.title.vi)}</h1>
<p class="period">${escapeHtml(periodLine(report))}</p>
${report.unit ? `<p class="scope">${escapeHtml(reportScopeLine(report) ?? '')}</p>` : ''}
${table('I. KẾT QUẢ THEO ĐƠN VỊ', report.byUnit, report.total)}
${table('II. KẾT QUẢ THEO THỦ TỤC HÀNH CHÍNH', report.byProcedure, report.total)}
<table><caption>III. TIẾP NHẬN VÀ XỬ LÝ PHẢN ÁNH, KIẾN NGHỊ</caption><tbody>
${feedbackCells(report).map(([label, value]) => `<tr><th scope="row">${escapeHtml(label)}</th><td>${cell(value)}</td></tr>`).join('\n')}
</tbody></table>
<table><caption>IV. CÁC NỘI DUNG PHẢN ÁNH, KIẾN NGHỊ CHỦ YẾU</caption>
<thead><tr><th scope="col">STT</th><th scope="col">Nội dung</th><th scope="col">Số phản ánh</th></tr></thead><tbody>
${report.feedback.byCategory.length === 0 ? '<tr><td colspan="3">Không có phản ánh, kiến nghị trong kỳ</td></tr>' : report.feedback.byCategory.map((c, i) => `<tr><td>${i + 1}</td><th scope="row">${escapeHtml(c.label.vi)}</th><td>${c.received}</td></tr>`).join('\n')}
</tbody></table>
<h2>${escapeHtml(SIPAS_SECTION)}</h2>
${report.sipas.length === 0 ? `<p>${escapeHtml(SIPAS_NONE)}</p>` : report.sipas.map(sipasTable).join('\n')}`,
  )
}
