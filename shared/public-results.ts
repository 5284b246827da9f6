import * as v from 'valibot'
import { addDays } from './dates'
import type { Lang, LocalizedText } from './i18n-text'
import type { SatisfactionLevel } from './levels'
import type { FeedbackSummary } from './staff-feedback'

/**
 * The public results (cong-khai), the widget and the open data: what the department publishes of its
 * figures, as aggregates only. Periods are whole calendar periods, named as in the URL: a year (2026), a
 * half-year (2026-H1), a quarter (2026-Q3) or a month (2026-07).
 */

const PERIOD_PATTERN = /^(20\d\d)(?:-(?:(0[1-9]|1[0-2])|Q([1-4])|H([12])))?$/

export const PublicPeriod = v.pipe(
  v.string('must be a period such as 2026, 2026-H1, 2026-Q3 or 2026-07'),
  v.regex(PERIOD_PATTERN, 'must be a period such as 2026, 2026-H1, 2026-Q3 or 2026-07'),
)

/** The page's and the open data's query: other parameters (a portal's tracking tags) are ignored. */
export const PublicResultsQuery = v.object({ p: v.optional(PublicPeriod) })
export type PublicResultsQuery = v.InferOutput<typeof PublicResultsQuery>

const pad = (n: number) => String(n).padStart(2, '0')
const lastDayOfMonth = (year: number, month: number) => addDays(`${month === 12 ? year + 1 : year}-${pad(month === 12 ? 1 : month + 1)}-01`, -1)

/** The first and last day of a period named as in the URL. */
export function periodRange(period: string): { from: string; to: string } {
  const match = PERIOD_PATTERN.exec(period)
  if (!match) throw new RangeError(`not a period: ${period}`)
  const year = Number(match[1])
  const [first, last] =
    match[2] ? [Number(match[2]), Number(match[2])]
    : match[3] ? [Number(match[3]) * 3 - 2, Number(match[3]) * 3]
    : match[4] ? [Number(match[4]) * 6 - 5, Number(match[4]) * 6]
    : [1, 12]
  return { from: `${year}-${pad(first)}-01`, to: lastDayOfMonth(year, last) }
}

/** The last quarter that has ended by `today` (YYYY-MM-DD): the page's default period. */
export function defaultPeriod(today: string): string {
  const year = Number(today.slice(0, 4))
  const quarter = Math.floor((Number(today.slice(5, 7)) - 1) / 3)
  return quarter === 0 ? `${year - 1}-Q4` : `${year}-Q${quarter}`
}

/** The periods the picker offers, newest first: those that have begun by `today`, back to the year before. */
export function periodChoices(today: string): { group: 'year' | 'half' | 'quarter' | 'month'; value: string }[] {
  const year = Number(today.slice(0, 4))
  const month = Number(today.slice(5, 7))
  const choices: ReturnType<typeof periodChoices> = []
  for (const y of [year, year - 1, year - 2]) choices.push({ group: 'year', value: String(y) })
  for (const y of [year, year - 1]) {
    for (const h of [2, 1]) if (y < year || month >= h * 6 - 5) choices.push({ group: 'half', value: `${y}-H${h}` })
  }
  for (const y of [year, year - 1]) {
    for (const q of [4, 3, 2, 1]) if (y < year || month >= q * 3 - 2) choices.push({ group: 'quarter', value: `${y}-Q${q}` })
  }
  for (const y of [year, year - 1]) {
    for (let m = 12; m >= 1; m--) if (y < year || m <= month) choices.push({ group: 'month', value: `${y}-${pad(m)}` })
  }
  return choices
}

/** A group as published: its figures, or `suppressed` with none of them. */
export interface PublicRow {
  key: string
  name: LocalizedText | null
  suppressed: boolean
  /** Forms that carry a satisfaction level (the rates' denominator); null when suppressed. */
  forms: number | null
  /** Official rate per level, % to two decimals. */
  rates: Record<SatisfactionLevel, number | null> | null
  satisfiedRate: number | null
  /** Mean indicator score on the 0–18 scale and its band; null without at least 5 scored forms. */
  score18: number | null
  band: LocalizedText | null
}

export interface PublicUnitRow extends PublicRow {
  procedures: PublicRow[]
}

/** Feedback handled (indicator 8), for the department or a unit. */
export interface PublicFeedbackRow {
  key: string
  name: LocalizedText | null
  suppressed: boolean
  received: number | null
  answered: number | null
  answeredOnTime: number | null
  /** Answered on time ÷ answered, %; null when nothing was answered or suppressed. */
  onTimeRate: number | null
}

export interface PublicResults {
  agency: LocalizedText
  period: { value: string; from: string; to: string; label: LocalizedText }
  minGroup: number
  total: PublicRow
  byUnit: PublicUnitRow[]
  /** Satisfied or very satisfied, per month of the period's year. */
  trend: { month: string; forms: number | null; satisfiedRate: number | null; suppressed: boolean }[]
  feedback: {
    total: PublicFeedbackRow
    indicator8: FeedbackSummary['indicator8'] | null
    byUnit: PublicFeedbackRow[]
  }
}

export const LICENCE = {
  name: 'CC BY 4.0',
  url: 'https://creativecommons.org/licenses/by/4.0/',
}

/** The method, as the page, the JSON and the CSV state it. */
export const METHOD: LocalizedText = {
  vi:
    'Tỷ lệ hài lòng theo từng mức = số phiếu ở mức đó ÷ số phiếu có đánh giá mức độ hài lòng × 100 (Nghị định 61/2018/NĐ-CP, ' +
    'Thông tư 01/2018/TT-VPCP). Điểm trung bình là điểm các chỉ số của phiếu chính thức, quy về thang 18 điểm, kèm xếp loại. ' +
    'Chỉ số 8 (phản ánh, kiến nghị được trả lời đúng hạn) tính trên các phản ánh, kiến nghị nhận trong kỳ. ' +
    'Nhóm có dưới 5 phiếu (hoặc dưới 5 phản ánh) không được công bố ("chưa đủ dữ liệu"); khi đó một nhóm khác cũng được ẩn ' +
    'để không ai tính ngược được số bị ẩn từ tổng và các phần còn lại.',
  en:
    'Rate per level = forms at that level ÷ forms that give a satisfaction level × 100 (Decree 61/2018/NĐ-CP, Circular ' +
    '01/2018/TT-VPCP). The mean score is the official form\'s indicator points on the 18-point scale, with its band. ' +
    'Indicator 8 (feedback answered on time) counts the feedback received in the period. ' +
    'A group of fewer than 5 forms (or 5 feedback items) is not published ("not enough data"); another group is then ' +
    'hidden too, so that no hidden figure can be worked out from the total and the other parts.',
}

/** Texts of the public page, the widget and the open data. */
export const PUBLIC_TEXTS = {
  title: { vi: 'Công khai kết quả đánh giá sự hài lòng', en: 'Public satisfaction results' },
  period: { vi: 'Kỳ báo cáo', en: 'Period' },
  show: { vi: 'Xem', en: 'Show' },
  years: { vi: 'Năm', en: 'Years' },
  halves: { vi: '6 tháng', en: 'Half-years' },
  quarters: { vi: 'Quý', en: 'Quarters' },
  months: { vi: 'Tháng', en: 'Months' },
  department: { vi: 'Toàn Sở', en: 'Whole department' },
  forms: { vi: 'Số phiếu', en: 'Forms' },
  verySatisfied: { vi: 'Rất hài lòng', en: 'Very satisfied' },
  satisfied: { vi: 'Hài lòng', en: 'Satisfied' },
  unsatisfied: { vi: 'Không hài lòng', en: 'Not satisfied' },
  satisfiedRate: { vi: 'Hài lòng và rất hài lòng', en: 'Satisfied or very satisfied' },
  score: { vi: 'Điểm trung bình (thang 18)', en: 'Mean score (of 18)' },
  band: { vi: 'Xếp loại', en: 'Band' },
  byUnit: { vi: 'Theo đơn vị', en: 'By unit' },
  byProcedure: { vi: 'Theo thủ tục hành chính', en: 'By procedure' },
  unit: { vi: 'Đơn vị', en: 'Unit' },
  procedure: { vi: 'Thủ tục', en: 'Procedure' },
  trend: { vi: 'Theo tháng trong năm (tỷ lệ hài lòng và rất hài lòng)', en: 'Month by month through the year (satisfied or very satisfied)' },
  month: { vi: 'Tháng', en: 'Month' },
  feedback: { vi: 'Phản ánh, kiến nghị (chỉ số 8)', en: 'Feedback and petitions (indicator 8)' },
  received: { vi: 'Đã nhận', en: 'Received' },
  answered: { vi: 'Đã trả lời', en: 'Answered' },
  answeredOnTime: { vi: 'Trả lời đúng hạn', en: 'Answered on time' },
  onTimeRate: { vi: 'Tỷ lệ đúng hạn', en: 'On-time rate' },
  indicator8: { vi: 'Chỉ số 8', en: 'Indicator 8' },
  notEnough: { vi: 'chưa đủ dữ liệu', en: 'not enough data' },
  noUnit: { vi: 'Chưa xác định đơn vị', en: 'Unit not yet set' },
  method: { vi: 'Phương pháp', en: 'Method' },
  openData: { vi: 'Dữ liệu mở', en: 'Open data' },
  licence: { vi: 'Giấy phép', en: 'Licence' },
  print: { vi: 'In trang này', en: 'Print this page' },
  otherLanguage: { vi: 'English', en: 'Tiếng Việt' },
  widgetWindow: { vi: 'Từ đầu năm đến nay', en: 'This year so far' },
} satisfies Record<string, LocalizedText>

export const INDICATOR_8_LABELS: Record<NonNullable<FeedbackSummary['indicator8']>, LocalizedText> = {
  all_on_time: { vi: '100% đúng hạn (2 điểm)', en: '100% on time (2 points)' },
  at_least_90: { vi: 'Từ 90% đúng hạn (1 điểm)', en: 'At least 90% on time (1 point)' },
  below_90: { vi: 'Dưới 90% hoặc có việc quá hạn (0 điểm)', en: 'Below 90% or overdue items (0 points)' },
}

/** A rate as the page writes it: 87,5% in Vietnamese, 87.5% in English. */
export function formatRate(rate: number, lang: Lang): string {
  const text = String(Math.round(rate * 10) / 10)
  return `${lang === 'vi' ? text.replace('.', ',') : text}%`
}
