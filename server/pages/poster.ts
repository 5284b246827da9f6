import QRCode from 'qrcode'
import type { Counter } from '../../shared/catalog'
import type { LocalizedText } from '../../shared/i18n-text'
import { escapeHtml } from './escape-html'
import { printablePage } from './printable-page'

export const POSTER_SIZES = ['a4', 'a5'] as const
export type PosterSize = (typeof POSTER_SIZES)[number]

export interface PosterInput {
  agency: LocalizedText
  counter: Counter
  /** The counter's stable citizen URL, `<public origin>/q/<code>`: what the QR code holds. */
  url: string
}


/** The poster's stable URL for a counter. Only the origin and the code go in: no version, no query. */
export function counterUrl(origin: string, counterCode: string): string {
  return `${origin.replace(/\/+$/, '')}/q/${encodeURIComponent(counterCode)}`
}

/**
 * One poster: the QR code as SVG (sharp at any print size), the department, the counter, and short
 * instructions in Vietnamese and English, with the URL in words for whoever cannot scan. Medium error
 * correction (15 %) survives a scuffed or slightly creased print.
 */
async function posterSection({ agency, counter, url }: PosterInput): Promise<string> {
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
  const t = escapeHtml
  return `<section class="poster" data-counter="${t(counter.code)}">
  <header><p class="agency">${t(agency.vi)}</p><p class="agency en" lang="en">${t(agency.en)}</p></header>
  <h1>Đánh giá mức độ hài lòng</h1>
  <p class="sub" lang="en">Rate our service</p>
  <figure class="qr" role="img" aria-label="Mã QR: ${t(url)}">${svg}</figure>
  <p class="url">${t(url)}</p>
  <h2>${t(counter.name.vi)}</h2>
  <p class="where">${t(counter.location.vi)}</p>
  <ol class="steps">
    <li>Mở máy ảnh trên điện thoại và quét mã QR. <span lang="en">Open your phone's camera and scan the code.</span></li>
    <li>Chọn mức độ hài lòng, gửi trong 30 giây. Không cần đăng nhập, không cần mạng ổn định. <span lang="en">Tap how satisfied you are; it takes 30 seconds, no sign-in, works on a weak connection.</span></li>
    <li>Có phản ánh, kiến nghị? Gửi ngay trên trang đó và nhận mã theo dõi. <span lang="en">Something to report? Send it on the same page and get a tracking code.</span></li>
  </ol>
  <p class="code">Mã quầy / Counter code: <strong>${t(counter.code)}</strong></p>
</section>`
}

const STYLE = (size: PosterSize) => `
@page { size: ${size.toUpperCase()} portrait; margin: ${size === 'a4' ? '14mm' : '9mm'}; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif; color: #111; background: #eee; }
.toolbar { padding: 12px 16px; background: #0b5394; color: #fff; display: flex; gap: 12px; align-items: center; flex-wrap: wrap; }
.toolbar a, .toolbar button { color: #fff; background: transparent; border: 2px solid #fff; border-radius: 8px; padding: 8px 14px; font: inherit; cursor: pointer; text-decoration: none; }
.poster { background: #fff; margin: 16px auto; width: ${size === 'a4' ? '182mm' : '130mm'}; min-height: ${size === 'a4' ? '269mm' : '192mm'};
  padding: ${size === 'a4' ? '10mm' : '6mm'}; text-align: center; display: flex; flex-direction: column; align-items: center; gap: ${size === 'a4' ? '4mm' : '2.5mm'}; }
.agency { margin: 0; font-weight: 700; font-size: ${size === 'a4' ? '16pt' : '12pt'}; text-transform: uppercase; }
.agency.en { font-weight: 400; font-size: ${size === 'a4' ? '11pt' : '9pt'}; text-transform: none; }
h1 { margin: 2mm 0 0; font-size: ${size === 'a4' ? '30pt' : '21pt'}; color: #0b5394; }
.sub { margin: 0; font-size: ${size === 'a4' ? '16pt' : '12pt'}; color: #333; }
.qr { margin: 0; width: ${size === 'a4' ? '105mm' : '72mm'}; }
.qr svg { display: block; width: 100%; height: auto; }
.url { margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: ${size === 'a4' ? '13pt' : '10pt'}; word-break: break-all; }
h2 { margin: 2mm 0 0; font-size: ${size === 'a4' ? '20pt' : '15pt'}; }
.where { margin: 0; font-size: ${size === 'a4' ? '12pt' : '10pt'}; color: #333; }
.steps { text-align: left; margin: 2mm 0 0; padding-left: 7mm; font-size: ${size === 'a4' ? '12.5pt' : '9.5pt'}; line-height: 1.35; }
.steps li { margin-bottom: 1.5mm; }
.steps span { display: block; color: #444; font-style: italic; }
.code { margin-top: auto; font-size: ${size === 'a4' ? '11pt' : '9pt'}; color: #333; }
@media print {
  body { background: #fff; }
  .toolbar { display: none; }
  /* Exactly the printable area of one sheet (the page box less its margins), so each poster is one page. */
  .poster { margin: 0; width: auto; min-height: 0; height: ${size === 'a4' ? '268mm' : '191mm'}; padding: 0; overflow: hidden; break-after: page; break-inside: avoid; }
  .poster:last-of-type { break-after: auto; }
}`

/** A printable page of posters, one per printed page, with a print button that the print itself hides. */
export async function posterPage(posters: PosterInput[], size: PosterSize): Promise<string> {
  const sections = await Promise.all(posters.map(posterSection))
  const title = posters.length === 1 ? `Áp phích mã QR – ${posters[0]!.counter.name.vi}` : 'Áp phích mã QR các quầy'
  return printablePage(
    title,
    STYLE(size),
    `<nav class="toolbar" aria-label="Công cụ in / Print tools">
  <button type="button" onclick="window.print()">In áp phích / Print</button>
  <a href="?size=${size === 'a4' ? 'a5' : 'a4'}${posters.length === 1 ? `&amp;counter=${encodeURIComponent(posters[0]!.counter.code)}` : ''}">Khổ ${size === 'a4' ? 'A5' : 'A4'} / ${size === 'a4' ? 'A5' : 'A4'} size</a>
</nav>
<main>
${sections.join('\n')}
</main>`,
  )
}
