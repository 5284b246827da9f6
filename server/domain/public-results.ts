import { periodLabel } from '../../shared/period-report'
import {
  type PublicFeedbackRow,
  type PublicResults,
  type PublicRow,
  type PublicUnitRow,
  periodRange,
  twelveMonthsTo,
} from '../../shared/public-results'
import { round2 } from '../../shared/scoring'
import { bandOf, onOfficialScale } from '../../shared/score-bands'
import { MIN_PUBLISHED, suppressSmallCells } from '../../shared/small-cells'
import type { StatsGroup } from '../../shared/stats'
import type { Store } from '../store/store'
import { unitViewer } from './feedback-access'
import { feedbackSummary } from './feedback-summary'

/** A statistics group as published, or as "not enough data" with none of its figures. */
function publicRow(group: StatsGroup, suppressed: boolean): PublicRow {
  if (suppressed) return { key: group.key, name: group.label, suppressed, forms: null, rates: null, satisfiedRate: null, score18: null, band: null }
  // The score is a mean over scored forms, which may be fewer than the forms: under 5 it is not given.
  const score18 = group.scored >= MIN_PUBLISHED ? onOfficialScale(group.meanScore, group.meanMaxScore) : null
  return {
    key: group.key,
    name: group.label,
    suppressed,
    forms: group.total,
    rates: group.rates,
    satisfiedRate: group.satisfiedRate,
    score18,
    band: score18 === null ? null : bandOf(score18).label,
  }
}

/** Groups that add up to a total, each published or hidden by the small-cell rule (shared/small-cells.ts). */
function publicRows(groups: StatsGroup[], total: number, allHidden: boolean): PublicRow[] {
  const hidden = suppressSmallCells(groups.map((g) => g.total), total).parts
  return groups.map((g, i) => publicRow(g, allHidden || hidden[i]!))
}

/** A unit's (or the department's) feedback figures as published, or hidden. */
function feedbackRow(
  key: string,
  name: PublicFeedbackRow['name'],
  f: { received: number; answeredOnTime: number; answeredLate: number },
  suppressed: boolean,
): PublicFeedbackRow {
  if (suppressed) return { key, name, suppressed, received: null, answered: null, answeredOnTime: null, onTimeRate: null }
  const answered = f.answeredOnTime + f.answeredLate
  return { key, name, suppressed, received: f.received, answered, answeredOnTime: f.answeredOnTime, onTimeRate: answered === 0 ? null : round2((f.answeredOnTime / answered) * 100) }
}

/**
 * The published figures of a period (shared/public-results.ts names it: 2026-Q3 …), from the same queries
 * the dashboard makes (server/domain/dashboard.ts: store.satisfaction over the rollups, and the feedback
 * summary for the whole department), so that the two cannot disagree; then the small-cell rule. Procedures
 * are published inside their unit (a unit's responses by procedure), so that a unit's hidden figures cannot
 * be added back up from its procedures: a hidden unit hides all of them.
 */
export async function buildPublicResults(store: Store, period: string, now: number): Promise<PublicResults> {
  const { from, to } = periodRange(period)
  const [catalog, byUnit, trend, feedback] = await Promise.all([
    store.catalog(),
    store.satisfaction({ from, to, groupBy: 'unit' }),
    store.satisfaction({ ...twelveMonthsTo(to), groupBy: 'month' }),
    feedbackSummary(store, unitViewer(undefined), { from, to }, now),
  ])
  const totalHidden = byUnit.total.total < MIN_PUBLISHED
  const units = publicRows(byUnit.groups, byUnit.total.total, totalHidden)
  // One query per unit that has responses: a department has a handful of units.
  const procedures = await Promise.all(byUnit.groups.map((g) => store.satisfaction({ from, to, groupBy: 'procedure', unit: g.key })))
  const unitRows: PublicUnitRow[] = units.map((row, i) => ({
    ...row,
    procedures: publicRows(procedures[i]!.groups, byUnit.groups[i]!.total, row.suppressed),
  }))

  const months = trend.groups
  const monthsHidden = suppressSmallCells(
    months.map((m) => m.total),
    months.reduce((sum, m) => sum + m.total, 0),
  )
  const unitName = (code: string | null) =>
    code === null ? null : (catalog.units.find((u) => u.code === code)?.name ?? byUnit.groups.find((g) => g.key === code)?.label ?? null)
  const feedbackHidden = feedback.received < MIN_PUBLISHED
  const feedbackUnitsHidden = suppressSmallCells(
    feedback.byUnit.map((u) => u.received),
    feedback.received,
  ).parts

  return {
    agency: catalog.agency,
    period: { value: period, from, to, label: periodLabel(from, to) },
    minGroup: MIN_PUBLISHED,
    total: publicRow(byUnit.total, totalHidden),
    byUnit: unitRows,
    trend: months.map((m, i) => ({
      month: m.key,
      suppressed: monthsHidden.parts[i]!,
      forms: monthsHidden.parts[i] ? null : m.total,
      satisfiedRate: monthsHidden.parts[i] ? null : m.satisfiedRate,
    })),
    feedback: {
      total: feedbackRow('all', null, feedback, feedbackHidden),
      indicator8: feedbackHidden ? null : feedback.indicator8,
      byUnit: feedback.byUnit.map((u, i) => feedbackRow(u.unitCode ?? '', unitName(u.unitCode), u, feedbackHidden || feedbackUnitsHidden[i]!)),
    },
  }
}
