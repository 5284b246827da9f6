import QRCode from 'qrcode'
import type { Counter } from '../../shared/catalog'
import type { Lang, LocalizedText } from '../../shared/i18n-text'
import type { Question, Questionnaire } from '../../shared/questionnaire'
import { requiresDossier } from '../../shared/answers'
import { escapeHtml } from './escape-html'
import { counterUrl } from './poster'
import { printablePage } from './printable-page'

export interface PaperFormInput {
  agency: LocalizedText
  counter: Counter
  questionnaire: Questionnaire
  /** The public origin the QR code points into (PUBLIC_URL, or what the officer's browser shows). */
  origin: string
  lang: Lang
}

const WORDS = {
  vi: {
    title: 'Phiếu đánh giá mức độ hài lòng',
    counter: 'Quầy',
    date: 'Ngày đánh giá: ....../....../..........',
    dossier: 'Mã hồ sơ',
    procedure: 'Thủ tục hành chính',
    tick: 'Đánh dấu ✗ vào một ô (câu có ghi "nhiều lựa chọn": một hoặc nhiều ô).',
    many: 'nhiều lựa chọn',
    onlyIf: (question: string, options: string) => `Chỉ trả lời nếu câu ${question} chọn: ${options}.`,
    qr: 'Hoặc quét mã QR để đánh giá trực tuyến',
    thanks: 'Xin cảm ơn Ông/Bà! Phiếu không ghi tên; xin bỏ phiếu vào hòm phiếu hoặc gửi lại cán bộ tại quầy.',
    office: 'Phần cán bộ ghi — số phiếu nhập:',
    print: 'In phiếu',
    other: 'English',
  },
  en: {
    title: 'Satisfaction rating form',
    counter: 'Counter',
    date: 'Date of rating: ....../....../..........',
    dossier: 'Dossier code',
    procedure: 'Administrative procedure',
    tick: 'Mark ✗ in one box (questions marked "several": one or more boxes).',
    many: 'several',
    onlyIf: (question: string, options: string) => `Only if question ${question} is answered: ${options}.`,
    qr: 'Or scan the QR code to rate online',
    thanks: 'Thank you! The form carries no name; drop it in the box or hand it back at the counter.',
    office: 'For staff — entry number:',
    print: 'Print',
    other: 'Tiếng Việt',
  },
} as const

function questionBlock(question: Question, number: number, all: Question[], lang: Lang): string {
  const t = escapeHtml
  const w = WORDS[lang]
  const notes: string[] = []
  if (question.type === 'multi') notes.push(w.many)
  const head = `<p class="q"><strong>${number}.</strong> ${t(question.text[lang])}${notes.length > 0 ? ` <em>(${notes.join(', ')})</em>` : ''}</p>`
  let condition = ''
  if (question.showIf) {
    const on = all.findIndex((q) => q.id === question.showIf!.question)
    const labels = question.showIf.anyOf.map((value) => all[on]?.options.find((o) => o.value === value)?.label[lang] ?? value)
    condition = `<p class="if">${t(w.onlyIf(String(on + 1), labels.join(', ')))}</p>`
  }
  const body =
    question.type === 'text'
      ? '<div class="lines" aria-hidden="true"></div>'
      : `<ul class="options">${question.options.map((o) => `<li><span class="box" aria-hidden="true"></span>${t(o.label[lang])}</li>`).join('')}</ul>`
  return `<section class="question" data-question="${t(question.id)}">${head}${condition}${body}</section>`
}

/**
 * The paper form of a counter's questionnaire, one A4 sheet (two if the form is long), with a box for each
 * option so that the officer keys exactly what was ticked, and the counter's QR code for whoever would rather
 * rate online. Options are printed in the questionnaire's order, the order the intake page keys them in.
 */
export async function paperFormPage({ agency, counter, questionnaire, origin, lang }: PaperFormInput): Promise<string> {
  const t = escapeHtml
  const w = WORDS[lang]
  const url = counterUrl(origin, counter.code)
  const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 })
  const dossier = requiresDossier(questionnaire)
    ? `<p class="field">${w.dossier}: <span class="code-boxes" aria-hidden="true">${'<span></span>'.repeat(16)}</span></p><p class="field">${w.procedure}: ......................................................................</p>`
    : ''
  const questions = questionnaire.questions.map((q, i) => questionBlock(q, i + 1, questionnaire.questions, lang)).join('\n')
  const other = lang === 'vi' ? 'en' : 'vi'
  const body = `<nav class="toolbar" aria-label="${lang === 'vi' ? 'Công cụ in' : 'Print tools'}">
  <button type="button" onclick="window.print()">${w.print}</button>
  <a href="?counter=${encodeURIComponent(counter.code)}&amp;questionnaire=${encodeURIComponent(questionnaire.key)}&amp;lang=${other}&amp;origin=${encodeURIComponent(origin)}" lang="${other}">${w.other}</a>
</nav>
<main class="sheet" data-counter="${t(counter.code)}" data-questionnaire="${t(questionnaire.key)}" data-version="${questionnaire.version}">
  <header>
    <div>
      <p class="agency">${t(agency[lang])}</p>
      <h1>${w.title}</h1>
      <p class="form-title">${t(questionnaire.title[lang])}</p>
      <p class="field">${w.counter}: <strong>${t(counter.name[lang])}</strong> (${t(counter.code)})</p>
      <p class="field">${w.date}</p>
      ${dossier}
    </div>
    <figure class="qr"><div role="img" aria-label="QR: ${t(url)}">${svg}</div><figcaption>${w.qr}<br /><span class="url">${t(url)}</span></figcaption></figure>
  </header>
  <p class="tick">${w.tick}</p>
  ${questions}
  <footer><p>${w.thanks}</p><p class="office">${w.office} ..................</p></footer>
</main>`
  return printablePage(`${w.title} – ${counter.name[lang]}`, STYLE, body).replace('<html lang="vi">', `<html lang="${lang}">`)
}

const STYLE = `
@page { size: A4 portrait; margin: 12mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Times New Roman", "Noto Serif", Georgia, serif; color: #000; background: #eee; font-size: 11.5pt; }
.toolbar { padding: 12px 16px; background: #0b5394; display: flex; gap: 12px; flex-wrap: wrap; font-family: system-ui, sans-serif; }
.toolbar a, .toolbar button { color: #fff; background: transparent; border: 2px solid #fff; border-radius: 8px; padding: 8px 14px; font: inherit; cursor: pointer; text-decoration: none; }
.sheet { background: #fff; margin: 16px auto; max-width: 186mm; padding: 8mm; }
header { display: flex; gap: 6mm; justify-content: space-between; align-items: flex-start; flex-wrap: wrap; }
.agency { margin: 0; font-weight: 700; text-transform: uppercase; font-size: 11pt; }
h1 { margin: 2mm 0 0; font-size: 17pt; }
.form-title { margin: 0 0 2mm; font-style: italic; }
.field { margin: 1.5mm 0; }
.code-boxes { display: inline-flex; vertical-align: middle; }
.code-boxes span { width: 5.5mm; height: 7mm; border: 1px solid #000; margin-left: -1px; }
.qr { margin: 0; width: 38mm; text-align: center; font-size: 8.5pt; }
.qr svg { width: 100%; height: auto; display: block; }
.url { font-family: ui-monospace, Menlo, Consolas, monospace; word-break: break-all; }
.tick { margin: 3mm 0 2mm; font-style: italic; }
.question { break-inside: avoid; margin: 0 0 2.5mm; }
.q { margin: 0 0 1mm; }
.if { margin: 0 0 1mm; font-size: 9.5pt; font-style: italic; }
.options { list-style: none; margin: 0; padding: 0 0 0 5mm; display: flex; flex-wrap: wrap; gap: 1mm 7mm; }
.options li { display: flex; align-items: center; gap: 2mm; }
.box { display: inline-block; width: 4.5mm; height: 4.5mm; border: 1.2px solid #000; flex: none; }
.lines { height: 16mm; margin-left: 5mm; background: repeating-linear-gradient(#fff 0 7mm, #000 7mm calc(7mm + 1px)); }
footer { margin-top: 4mm; border-top: 1px solid #000; padding-top: 2mm; font-size: 10pt; }
.office { text-align: right; }
@media print {
  body { background: #fff; }
  .toolbar { display: none; }
  .sheet { margin: 0; max-width: none; padding: 0; }
  .lines { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}`
