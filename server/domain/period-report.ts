import { formatLocalDay } from '../../shared/dates'
import type { FeedbackCategory } from '../../shared/feedback'
import { FEEDBACK_CATEGORY_LABELS } from '../../shared/messages/feedback'
import { periodLabel, REPORT_TITLE, reportRow, type PeriodReport, type ReportFeedback } from '../../shared/period-report'
import { round2 } from '../../shared/scoring'
import { sipasFromStats } from '../../shared/sipas'
import type { FeedbackSummary } from '../../shared/staff-feedback'
import type { Store } from '../store/store'

/** The feedback part of a report, from the same summary the staff inbox and the dashboard show. */
export function reportFeedback(summary: FeedbackSummary): ReportFeedback {
  return {
    received: summary.received,
    open: summary.open,
    overdueNow: summary.overdueNow,
    answeredOnTime: summary.answeredOnTime,
    answeredLate: summary.answeredLate,
    // A share in the summary; a percentage in the report, like every other rate in it.
    onTimeRate: summary.onTimeRate === null ? null : round2(summary.onTimeRate * 100),
    indicator8: summary.indicator8,
    medianAnswerWorkingDays: summary.medianAnswerWorkingDays,
    byCategory: summary.byCategory
      .filter((c) => c.received > 0)
      .sort((a, b) => b.received - a.received)
      .map((c) => ({ category: c.category, label: FEEDBACK_CATEGORY_LABELS[c.category as FeedbackCategory], received: c.received })),
  }
}

/**
 * Everything the half-year or annual report says about a period, from the statistics queries the dashboard
 * uses: the workbook, the CSV and the printable page are all written from this one object.
 */
export async function buildPeriodReport(
  store: Store,
  period: { from: string; to: string; unit?: { code: string; name: PeriodReport['agency'] } },
  feedback: FeedbackSummary,
  now = Date.now(),
): Promise<PeriodReport> {
  const { from, to, unit } = period
  const [catalog, byUnit, byProcedure, byQuestion] = await Promise.all([
    store.catalog(),
    store.satisfaction({ from, to, groupBy: 'unit', unit: unit?.code }),
    store.satisfaction({ from, to, groupBy: 'procedure', unit: unit?.code }),
    store.satisfaction({ from, to, groupBy: 'question', unit: unit?.code }),
  ])
  return {
    agency: catalog.agency,
    title: REPORT_TITLE,
    period: periodLabel(from, to),
    from,
    to,
    issuedOn: formatLocalDay(now),
    unit: unit ? { code: unit.code, name: unit.name } : null,
    total: reportRow(byUnit.total),
    byUnit: byUnit.groups.map(reportRow),
    byProcedure: byProcedure.groups.map(reportRow),
    sipas: sipasFromStats(catalog.questionnaires, byQuestion.groups),
    feedback: reportFeedback(feedback),
  }
}
