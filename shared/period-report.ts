import * as v from 'valibot'
import { addDays, formatDay } from './dates'
import type { LocalizedText } from './i18n-text'
import type { SatisfactionLevel } from './levels'
import type { LevelCounts } from './scoring'
import type { SipasIndex } from './sipas'
import { bandOf, onOfficialScale } from './score-bands'
import type { FeedbackSummary } from './staff-feedback'
import type { StatsGroup } from './stats'
import { Code } from './catalog'
import { StatsQuery } from './stats'

/**
 * The half-year and annual report (báo cáo 6 tháng / năm) as data: what the workbook, the CSV and the
 * printable page all show, built once so that they cannot disagree with each other or with the dashboard.
 */

export const REPORT_FORMATS = ['xlsx', 'csv', 'html', 'json'] as const
export const ReportQuery = v.pipe(
  v.strictObject({
    from: v.pipe(v.string('must be a date YYYY-MM-DD'), v.isoDate('must be a date YYYY-MM-DD')),
    to: v.pipe(v.string('must be a date YYYY-MM-DD'), v.isoDate('must be a date YYYY-MM-DD')),
    format: v.optional(v.picklist(REPORT_FORMATS, 'must be xlsx, csv, html or json'), 'xlsx'),
    /** One unit's report (a unit head's own); the whole department without it. */
    unit: v.optional(Code),
  }),
  // The period rules are the statistics' own (order, span, calendar days).
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return
    const period = v.safeParse(StatsQuery, { from: dataset.value.from, to: dataset.value.to })
    if (!period.success) {
      const issue = period.issues[0]
      addIssue({ message: issue.message, path: issue.path })
    }
  }),
)
export type ReportQuery = v.InferOutput<typeof ReportQuery>

export interface ReportRow {
  key: string
  name: LocalizedText | null
  /** Forms that carry a satisfaction level. */
  forms: number
  counts: LevelCounts
  /** Official rate per level, % to two decimals. */
  rates: Record<SatisfactionLevel, number | null>
  satisfiedRate: number | null
  /** Mean indicator score put on the 0–18 scale, and its band; null without scored forms. */
  score18: number | null
  band: LocalizedText | null
  scoredForms: number
}

/** The feedback figures of the period (FeedbackSummary's), with the categories named and ordered. */
export type ReportFeedback = Pick<
  FeedbackSummary,
  'received' | 'open' | 'overdueNow' | 'answeredOnTime' | 'answeredLate' | 'onTimeRate' | 'indicator8' | 'medianAnswerWorkingDays'
> & { byCategory: { category: string; label: LocalizedText; received: number }[] }

export interface PeriodReport {
  agency: LocalizedText
  title: LocalizedText
  period: LocalizedText
  from: string
  to: string
  /** dd/MM/yyyy, Asia/Ho_Chi_Minh. */
  issuedOn: string
  /** The unit the report is about; null for the whole department. */
  unit: { code: string; name: LocalizedText } | null
  total: ReportRow
  byUnit: ReportRow[]
  byProcedure: ReportRow[]
  /** The SIPAS index of each SIPAS questionnaire answered in the period; empty when none was. */
  sipas: SipasIndex[]
  feedback: ReportFeedback
}

export const REPORT_TITLE: LocalizedText = {
  vi: 'BÁO CÁO KẾT QUẢ ĐÁNH GIÁ SỰ HÀI LÒNG CỦA NGƯỜI DÂN, TỔ CHỨC ĐỐI VỚI VIỆC GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH',
  en: 'REPORT ON CITIZEN AND BUSINESS SATISFACTION WITH THE HANDLING OF ADMINISTRATIVE PROCEDURES',
}

/** The line under the period that says whose figures these are: none for the whole department. */
export function reportScopeLine(report: Pick<PeriodReport, 'unit'>): string | null {
  return report.unit === null ? null : `Đơn vị: ${report.unit.name.vi}`
}

const ROMAN = ['I', 'II', 'III', 'IV']

/** How an official report names its period: a year, a half-year, a quarter, a month, or the two dates. */
export function periodLabel(from: string, to: string): LocalizedText {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number]
  const [ty, tm] = to.split('-').map(Number) as [number, number]
  const monthEnd = addDays(to, 1).slice(8) === '01'
  if (fy === ty && fd === 1 && monthEnd) {
    if (fm === 1 && tm === 12) return { vi: `Năm ${fy}`, en: `Year ${fy}` }
    if (fm === 1 && tm === 6) return { vi: `6 tháng đầu năm ${fy}`, en: `First half of ${fy}` }
    if (fm === 7 && tm === 12) return { vi: `6 tháng cuối năm ${fy}`, en: `Second half of ${fy}` }
    if (tm === fm + 2 && fm % 3 === 1) {
      const q = (fm - 1) / 3
      return { vi: `Quý ${ROMAN[q]} năm ${fy}`, en: `Q${q + 1} ${fy}` }
    }
    if (tm === fm) return { vi: `Tháng ${fm} năm ${fy}`, en: `${fy}-${String(fm).padStart(2, '0')}` }
  }
  return { vi: `Từ ngày ${formatDay(from)} đến ngày ${formatDay(to)}`, en: `${formatDay(from)} to ${formatDay(to)}` }
}

/** A statistics group as a report row, with the 0–18 score and its band. */
export function reportRow(group: StatsGroup): ReportRow {
  const score18 = onOfficialScale(group.meanScore, group.meanMaxScore)
  return {
    key: group.key,
    name: group.label,
    forms: group.total,
    counts: group.counts,
    rates: group.rates,
    satisfiedRate: group.satisfiedRate,
    score18,
    band: score18 === null ? null : bandOf(score18).label,
    scoredForms: group.scored,
  }
}
