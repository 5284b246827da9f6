import type { Lang } from '../../shared/i18n-text'
import { SATISFACTION_LEVELS } from '../../shared/levels'
import {
  formatRate,
  INDICATOR_8_LABELS,
  LICENCE,
  METHOD,
  periodChoices,
  PUBLIC_TEXTS,
  type PublicFeedbackRow,
  type PublicResults,
  type PublicRow,
} from '../../shared/public-results'
import { escapeHtml } from './escape-html'

/** Where each language's page lives; the open data is one pair of files for both. */
export const PUBLIC_PATHS: Record<Lang, string> = { vi: '/cong-khai', en: '/en/public-results' }
export const OPEN_DATA_PATHS = { csv: '/cong-khai/du-lieu.csv', json: '/cong-khai/du-lieu.json' }

/** The app's colours (client/styles.css); tables fold into labelled lines below 40rem so 360 px never scrolls sideways. */
const STYLE = `
:root{--brand:#0b5394;--ink:#1a1a1a;--muted:#4a4a4a;--line:#c8c8c8;--soft:#f2f5f9;--focus:#b45309;
font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',sans-serif;color:var(--ink);background:#fff;line-height:1.45}
*{box-sizing:border-box}body{margin:0}a{color:var(--brand)}:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.topbar{display:flex;align-items:center;justify-content:space-between;gap:1rem;padding:.5rem 1rem;background:var(--brand);color:#fff}
.topbar a{color:#fff;font-weight:600}.brand{font-weight:700;font-size:1.125rem}
main{max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.375rem;line-height:1.25;margin:0 0 .25rem}h2{font-size:1.125rem;margin:1.5rem 0 .5rem}h3{font-size:1rem;margin:1rem 0 .5rem}
.kicker{margin:0;color:var(--muted);font-weight:600}
form.period{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:1rem 0;padding:.75rem;background:var(--soft);border-radius:.5rem}
form.period label{display:block;font-weight:600}
select,button{font:inherit;min-height:3rem;padding:.5rem .75rem;border:1px solid #767676;border-radius:.5rem;background:#fff;color:inherit}
button{background:var(--brand);color:#fff;border-color:var(--brand);font-weight:600;cursor:pointer}
.headline{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0;padding:0;list-style:none}
.headline li{flex:1 1 8.5rem;padding:.75rem;border:1px solid var(--line);border-radius:.5rem}
.headline b{display:block;font-size:1.5rem;color:var(--brand)}
table{width:100%;border-collapse:collapse;margin:.5rem 0 1rem}
th,td{padding:.375rem .5rem;border-bottom:1px solid var(--line);text-align:right;vertical-align:top}
th:first-child,td:first-child{text-align:left}thead th{background:var(--soft)}
.none{color:var(--muted);font-style:italic}
figure{margin:1rem 0}svg{width:100%;height:auto;max-width:40rem}figcaption{color:var(--muted)}
.note{color:var(--muted);font-size:.9375rem}
@media (max-width:40rem){
 table,thead,tbody,tr,th,td{display:block}thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
 tr{border:1px solid var(--line);border-radius:.5rem;margin:0 0 .5rem;padding:.25rem .5rem}
 td,th{border:0;text-align:right;padding:.125rem 0;display:flex;justify-content:space-between;gap:1rem}
 td::before{content:attr(data-label);text-align:left;color:var(--muted)}
 th[scope=row]{font-weight:700;text-align:left;display:block}
}
@media print{
 .topbar,form.period,.print-hint{display:none}main{max-width:none;padding:0}
 a{color:inherit;text-decoration:none}table{page-break-inside:auto}tr{page-break-inside:avoid}
 @page{size:A4;margin:15mm}
}`

type Text = Record<Lang, string>

/** The page of one period in one language: plain HTML and an inline SVG chart, no script. */
export function publicResultsPage(results: PublicResults, lang: Lang, today: string): string {
  const t = (text: Text) => escapeHtml(text[lang])
  const other: Lang = lang === 'vi' ? 'en' : 'vi'
  const query = `?p=${encodeURIComponent(results.period.value)}`
  const none = `<span class="none">${t(PUBLIC_TEXTS.notEnough)}</span>`
  const rate = (r: number | null | undefined) => (r === null || r === undefined ? '–' : formatRate(r, lang))
  const name = (row: { name: Text | null; key: string }) => escapeHtml(row.name?.[lang] ?? (row.key === '' ? PUBLIC_TEXTS.noUnit[lang] : row.key))
  const levelHeads = [PUBLIC_TEXTS.verySatisfied, PUBLIC_TEXTS.satisfied, PUBLIC_TEXTS.unsatisfied]
  const heads = [PUBLIC_TEXTS.forms, ...levelHeads, PUBLIC_TEXTS.satisfiedRate, PUBLIC_TEXTS.score, PUBLIC_TEXTS.band]
  const cells = (row: PublicRow) => {
    if (row.suppressed) return `<td colspan="${heads.length}" data-label="${t(PUBLIC_TEXTS.forms)}">${none}</td>`
    const values = [
      String(row.forms),
      ...SATISFACTION_LEVELS.map((l) => rate(row.rates?.[l])),
      rate(row.satisfiedRate),
      row.score18 === null ? '–' : String(row.score18).replace('.', lang === 'vi' ? ',' : '.'),
      row.band === null ? '–' : escapeHtml(row.band[lang]),
    ]
    return values.map((value, i) => `<td data-label="${t(heads[i]!)}">${value}</td>`).join('')
  }
  const table = (first: Text, rows: PublicRow[]) =>
    rows.length === 0 ? `<p>${none}</p>` :
    `<table><thead><tr><th scope="col">${t(first)}</th>${heads.map((h) => `<th scope="col">${t(h)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((row) => `<tr><th scope="row">${name(row)}</th>${cells(row)}</tr>`).join('') +
    '</tbody></table>'
  const feedbackHeads = [PUBLIC_TEXTS.received, PUBLIC_TEXTS.answered, PUBLIC_TEXTS.answeredOnTime, PUBLIC_TEXTS.onTimeRate]
  const feedbackCells = (row: PublicFeedbackRow) =>
    row.suppressed ?
      `<td colspan="4" data-label="${t(PUBLIC_TEXTS.received)}">${none}</td>`
    : [String(row.received), String(row.answered), String(row.answeredOnTime), rate(row.onTimeRate)].map((value, i) => `<td data-label="${t(feedbackHeads[i]!)}">${value}</td>`).join('')
  const { total, feedback } = results

  const choices = periodChoices(today)
  const groups = [
    ['year', PUBLIC_TEXTS.years],
    ['half', PUBLIC_TEXTS.halves],
    ['quarter', PUBLIC_TEXTS.quarters],
    ['month', PUBLIC_TEXTS.months],
  ] as const
  const choiceLabel = (value: string) => {
    const [y, part] = value.split('-')
    if (!part) return `${PUBLIC_TEXTS.years[lang].replace(/s$/, '')} ${y}`
    if (part.startsWith('H')) return lang === 'vi' ? `6 tháng ${part === 'H1' ? 'đầu' : 'cuối'} năm ${y}` : `${part === 'H1' ? 'First' : 'Second'} half ${y}`
    if (part.startsWith('Q')) return lang === 'vi' ? `Quý ${part.slice(1)}/${y}` : `Q${part.slice(1)} ${y}`
    return `${part}/${y}`
  }
  const selected = (value: string) => (value === results.period.value ? ' selected' : '')
  const options = groups
    .map(([group, label]) => {
      const inGroup = choices.filter((c) => c.group === group)
      return `<optgroup label="${t(label)}">${inGroup.map((c) => `<option value="${c.value}"${selected(c.value)}>${escapeHtml(choiceLabel(c.value))}</option>`).join('')}</optgroup>`
    })
    .join('')
  // A period typed into the URL that the list does not offer (older) is still shown as chosen.
  const extra = choices.some((c) => c.value === results.period.value) ? '' : `<option value="${results.period.value}" selected>${escapeHtml(choiceLabel(results.period.value))}</option>`

  const headline =
    total.suppressed ?
      `<p>${none}</p>`
    : `<ul class="headline">` +
      `<li>${t(PUBLIC_TEXTS.satisfiedRate)}<b>${rate(total.satisfiedRate)}</b></li>` +
      SATISFACTION_LEVELS.map((l, i) => `<li>${t(levelHeads[i]!)}<b>${rate(total.rates?.[l])}</b></li>`).join('') +
      `<li>${t(PUBLIC_TEXTS.score)}<b>${total.score18 === null ? '–' : String(total.score18).replace('.', lang === 'vi' ? ',' : '.')}</b>${total.band ? escapeHtml(total.band[lang]) : ''}</li>` +
      `<li>${t(PUBLIC_TEXTS.forms)}<b>${total.forms}</b></li></ul>`

  const procedures = results.byUnit
    .filter((u) => u.procedures.length > 0)
    .map((u) => `<h3>${name(u)}</h3>${table(PUBLIC_TEXTS.procedure, u.procedures)}`)
    .join('')

  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="UTF-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>${t(PUBLIC_TEXTS.title)} – ${escapeHtml(results.period.label[lang])}</title>
<link rel="alternate" hreflang="${other}" href="${PUBLIC_PATHS[other]}${query}" />
<link rel="alternate" type="text/csv" href="${OPEN_DATA_PATHS.csv}${query}" />
<link rel="alternate" type="application/json" href="${OPEN_DATA_PATHS.json}${query}" />
<style>${STYLE}</style>
</head>
<body>
<header class="topbar"><span class="brand">${t({ vi: 'Hài lòng', en: 'Hài lòng' })}</span><a href="${PUBLIC_PATHS[other]}${query}" lang="${other}" hreflang="${other}">${t(PUBLIC_TEXTS.otherLanguage)}</a></header>
<main>
<p class="kicker">${escapeHtml(results.agency[lang])}</p>
<h1>${t(PUBLIC_TEXTS.title)}</h1>
<p><strong>${escapeHtml(results.period.label[lang])}</strong></p>
<form class="period" method="get" action="${PUBLIC_PATHS[lang]}">
<div><label for="p">${t(PUBLIC_TEXTS.period)}</label><select id="p" name="p">${extra}${options}</select></div>
<button type="submit">${t(PUBLIC_TEXTS.show)}</button>
</form>
${headline}
<h2>${t(PUBLIC_TEXTS.trend)}</h2>
${trendChart(results, lang)}
<h2>${t(PUBLIC_TEXTS.byUnit)}</h2>
${table(PUBLIC_TEXTS.unit, results.byUnit)}
<h2>${t(PUBLIC_TEXTS.byProcedure)}</h2>
${procedures || `<p>${none}</p>`}
<h2>${t(PUBLIC_TEXTS.feedback)}</h2>
${feedback.indicator8 ? `<p>${t(PUBLIC_TEXTS.indicator8)}: <strong>${t(INDICATOR_8_LABELS[feedback.indicator8])}</strong></p>` : ''}
<table><thead><tr><th scope="col">${t(PUBLIC_TEXTS.unit)}</th>${feedbackHeads.map((h) => `<th scope="col">${t(h)}</th>`).join('')}</tr></thead><tbody>
<tr><th scope="row">${t(PUBLIC_TEXTS.department)}</th>${feedbackCells(feedback.total)}</tr>
${feedback.byUnit.map((row) => `<tr><th scope="row">${name(row)}</th>${feedbackCells(row)}</tr>`).join('')}
</tbody></table>
<h2>${t(PUBLIC_TEXTS.method)}</h2>
<p>${t(METHOD)}</p>
<h2>${t(PUBLIC_TEXTS.openData)}</h2>
<p><a href="${OPEN_DATA_PATHS.csv}${query}">CSV</a> · <a href="${OPEN_DATA_PATHS.json}${query}">JSON</a> — ${t(PUBLIC_TEXTS.licence)}: <a href="${LICENCE.url}" rel="license">${LICENCE.name}</a></p>
</main>
</body>
</html>`
}

/** Bars of the satisfied share per month, drawn by the server: no script, and it prints. */
function trendChart(results: PublicResults, lang: Lang): string {
  const width = 640
  const height = 220
  const top = 16
  const bottom = 40
  const left = 36
  const slot = (width - left) / Math.max(results.trend.length, 1)
  const y = (rate: number) => top + (height - top - bottom) * (1 - rate / 100)
  const grid = [0, 50, 100]
    .map((r) => `<line x1="${left}" x2="${width}" y1="${y(r)}" y2="${y(r)}" stroke="#c8c8c8"/><text x="${left - 4}" y="${y(r) + 4}" text-anchor="end" font-size="11" fill="#4a4a4a">${r}%</text>`)
    .join('')
  const bars = results.trend
    .map((m, i) => {
      const x = left + i * slot
      const label = `<text x="${x + slot / 2}" y="${height - 22}" text-anchor="middle" font-size="11" fill="#4a4a4a">${m.month.slice(5)}/${m.month.slice(2, 4)}</text>`
      if (m.satisfiedRate === null) {
        return `${label}<text x="${x + slot / 2}" y="${y(0) - 4}" text-anchor="middle" font-size="11" fill="#4a4a4a">–</text>`
      }
      const barTop = y(m.satisfiedRate)
      return `<rect x="${x + slot * 0.15}" y="${barTop}" width="${slot * 0.7}" height="${y(0) - barTop}" fill="#0b5394"><title>${m.month}: ${formatRate(m.satisfiedRate, lang)}</title></rect>${label}`
    })
    .join('')
  const described = results.trend.map((m) => `${m.month}: ${m.satisfiedRate === null ? PUBLIC_TEXTS.notEnough[lang] : formatRate(m.satisfiedRate, lang)}`).join('; ')
  return `<figure><svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(`${PUBLIC_TEXTS.trend[lang]}. ${described}`)}">${grid}${bars}</svg>` +
    `<figcaption>${escapeHtml(lang === 'vi' ? '“–”: chưa đủ dữ liệu (dưới 5 phiếu).' : '“–”: not enough data (fewer than 5 forms).')}</figcaption></figure>`
}
