import { formatDay, wallClock } from '../../shared/dates'
import { FEEDBACK_CATEGORY_LABELS } from '../../shared/messages/feedback'
import type { FeedbackCategory } from '../../shared/feedback'
import type { NoticeKind, StaffNotification } from '../../shared/notifications'

/**
 * The e-mails' words: Vietnamese first, then English, in plain text with a simple HTML twin. They name items
 * by tracking code and category only; the public answer (the citizen's own mail) is what the tracking page
 * already shows to anyone holding the code.
 */

export interface MailText {
  subject: string
  text: string
  html: string
}

const KIND_LABELS: Record<NoticeKind, { vi: string; en: string }> = {
  new: { vi: 'Mới chuyển đến', en: 'New' },
  due_soon: { vi: 'Sắp đến hạn', en: 'Due soon' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function dateTime(ms: number): string {
  const { day, hour, minute } = wallClock(ms)
  return `${formatDay(day)} ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
}

function html(paragraphs: string[], list: { text: string; href: string }[] = []): string {
  const items = list.length === 0 ? '' : `<ul>${list.map((i) => `<li><a href="${escape(i.href)}">${escape(i.text)}</a></li>`).join('')}</ul>`
  return `<!doctype html><html lang="vi"><meta charset="utf-8"><body style="font-family:sans-serif;line-height:1.5">${paragraphs
    .map((p) => `<p>${escape(p).replaceAll('\n', '<br>')}</p>`)
    .join('')}${items}</body></html>`
}

/** The officer's daily digest: what was announced to them since the last one. */
export function digestMail(publicUrl: string, day: string, notices: StaffNotification[]): MailText {
  const count = (kind: NoticeKind) => notices.filter((n) => n.kind === kind).length
  const line = (n: StaffNotification) => {
    const category = FEEDBACK_CATEGORY_LABELS[n.category as FeedbackCategory]
    return {
      text: `${KIND_LABELS[n.kind].vi} / ${KIND_LABELS[n.kind].en}: ${n.trackingCode} — ${category?.vi ?? n.category} — hạn / due ${dateTime(n.dueAt)}`,
      href: `${publicUrl}/staff/items/${encodeURIComponent(n.feedbackId)}`,
    }
  }
  const lines = notices.map(line)
  const summaryVi = `Phản ánh, kiến nghị cần anh/chị chú ý ngày ${formatDay(day)}: ${count('new')} mới, ${count('due_soon')} sắp đến hạn, ${count('overdue')} quá hạn.`
  const summaryEn = `Feedback needing your attention on ${formatDay(day)}: ${count('new')} new, ${count('due_soon')} due soon, ${count('overdue')} overdue.`
  const inbox = `${publicUrl}/staff`
  return {
    subject: `[Hài lòng] Tổng hợp phản ánh ngày ${formatDay(day)} / Feedback digest`,
    text: [
      summaryVi,
      '',
      ...lines.map((l) => `- ${l.text}\n  ${l.href}`),
      '',
      `Hộp thư phản ánh: ${inbox}`,
      '',
      '---',
      summaryEn,
      `Feedback inbox: ${inbox}`,
      '',
      'Thư tự động, xin đừng trả lời. / An automatic message, please do not reply.',
    ].join('\n'),
    html: html([summaryVi, summaryEn], [...lines, { text: `Hộp thư phản ánh / Feedback inbox`, href: inbox }]),
  }
}

/** The citizen's answer, with the link to follow the item. */
export function answerMail(publicUrl: string, trackingCode: string, publicAnswer: string): MailText {
  const link = `${publicUrl}/t/${encodeURIComponent(trackingCode)}`
  const vi = `Phản ánh, kiến nghị mã ${trackingCode} của anh/chị đã được trả lời:`
  const en = `Your feedback ${trackingCode} has been answered:`
  return {
    subject: `[Hài lòng] Trả lời phản ánh ${trackingCode} / Answer to your feedback`,
    text: [
      vi,
      '',
      publicAnswer,
      '',
      `Xem chi tiết và quá trình xử lý: ${link}`,
      '',
      '---',
      en,
      `(the answer is above, in Vietnamese)`,
      `Follow it at: ${link}`,
      '',
      'Thư tự động, xin đừng trả lời. / An automatic message, please do not reply.',
    ].join('\n'),
    html: html([vi, publicAnswer, en], [{ text: `Theo dõi / Track ${trackingCode}`, href: link }]),
  }
}
