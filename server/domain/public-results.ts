import { addDays } from '../../shared/dates'
import { groupOfProcedure, groupOfUnit, suppressYear, type YearCounts } from '../../shared/period-suppression'
import { periodLabel } from '../../shared/period-report'
import { type PublicFeedbackRow, type PublicResults, type PublicRow, type PublicUnitRow, periodRange } from '../../shared/public-results'
import { round2 } from '../../shared/scoring'
import { bandOf, onOfficialScale } from '../../shared/score-bands'
import { MIN_PUBLISHED } from '../../shared/small-cells'
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

const monthly = (groups: StatsGroup[]) => groups.map((g) => g.total)
const minus = (a: number[], b: number[]) => a.map((n, i) => n - b[i]!)

/**
 * Which groups the public page hides in which period of a year (shared/period-suppression.ts): forms per
 * month for the department, each unit and each unit's procedures, and feedback received per month for the
 * department and each unit. A few dozen reads of the rollups for a department's handful of units.
 */
export async function yearSuppression(store: Store, year: number, now: number): Promise<{ forms: Set<string>; feedback: Set<string> }> {
  const from = `${year}-01-01`
  const to = `${year}-12-31`
  const [all, units] = await Promise.all([store.satisfaction({ from, to, groupBy: 'month' }), store.satisfaction({ from, to, groupBy: 'unit' })])
  const perUnit = await Promise.all(
    units.groups.map(async (unit) => {
      const [months, procedures] = await Promise.all([
        store.satisfaction({ from, to, groupBy: 'month', unit: unit.key }),
        store.satisfaction({ from, to, groupBy: 'procedure', unit: unit.key }),
      ])
      const named = procedures.groups.filter((p) => p.key !== '')
      const procedureMonths = await Promise.all(named.map((p) => store.satisfaction({ from, to, groupBy: 'month', unit: unit.key, procedure: p.key })))
      const list = named.map((p, i) => ({ code: p.key, months: monthly(procedureMonths[i]!.groups) }))
      // Forms that name no procedure: the unit's less the named ones (no filter selects them).
      if (procedures.groups.some((p) => p.key === '')) list.push({ code: '', months: list.reduce((rest, p) => minus(rest, p.months), monthly(months.groups)) })
      return { code: unit.key, months: monthly(months.groups), procedures: list }
    }),
  )
  const forms: YearCounts = { year, all: monthly(all.groups), units: perUnit }
  const summaries = await Promise.all(
    Array.from({ length: 12 }, (_, i) => {
      const start = `${year}-${String(i + 1).padStart(2, '0')}-01`
      return feedbackSummary(store, unitViewer(undefined), { from: start, to: addDays(i === 11 ? `${year + 1}-01-01` : `${year}-${String(i + 2).padStart(2, '0')}-01`, -1) }, now)
    }),
  )
  const feedbackUnits = [...new Set(summaries.flatMap((s) => s.byUnit.map((u) => u.unitCode ?? '')))]
  const feedback: YearCounts = {
    year,
    all: summaries.map((s) => s.received),
    units: feedbackUnits.map((code) => ({
      code,
      months: summaries.map((s) => s.byUnit.find((u) => (u.unitCode ?? '') === code)?.received ?? 0),
      procedures: [],
    })),
  }
  return { forms: suppressYear(forms), feedback: suppressYear(feedback) }
}

/**
 * The published figures of a period (shared/public-results.ts names it: 2026-Q3 …), from the same queries
 * the dashboard makes (server/domain/dashboard.ts: store.satisfaction over the rollups, and the feedback
 * summary for the whole department), so that the two cannot disagree; what is hidden is decided for the
 * whole year at once (yearSuppression), so that no other period's page gives it away either. Procedures are
 * published inside their unit (a unit's responses by procedure): a hidden unit hides all of them.
 */
export async function buildPublicResults(store: Store, period: string, now: number): Promise<PublicResults> {
  const { from, to } = periodRange(period)
  const year = Number(period.slice(0, 4))
  const [catalog, byUnit, trend, feedback, hidden] = await Promise.all([
    store.catalog(),
    store.satisfaction({ from, to, groupBy: 'unit' }),
    store.satisfaction({ from: `${year}-01-01`, to: `${year}-12-31`, groupBy: 'month' }),
    feedbackSummary(store, unitViewer(undefined), { from, to }, now),
    yearSuppression(store, year, now),
  ])
  const isHidden = (set: Set<string>, group: string, at = period) => set.has(`${group}|${at}`)
  // One query per unit that has responses: a department has a handful of units.
  const procedures = await Promise.all(byUnit.groups.map((g) => store.satisfaction({ from, to, groupBy: 'procedure', unit: g.key })))
  const unitRows: PublicUnitRow[] = byUnit.groups.map((unit, i) => ({
    ...publicRow(unit, isHidden(hidden.forms, groupOfUnit(unit.key))),
    procedures: procedures[i]!.groups.map((p) => publicRow(p, isHidden(hidden.forms, groupOfProcedure(unit.key, p.key)))),
  }))
  const unitName = (code: string | null) =>
    code === null ? null : (catalog.units.find((u) => u.code === code)?.name ?? byUnit.groups.find((g) => g.key === code)?.label ?? null)
  const feedbackHidden = isHidden(hidden.feedback, 'all')

  return {
    agency: catalog.agency,
    period: { value: period, from, to, label: periodLabel(from, to) },
    minGroup: MIN_PUBLISHED,
    total: publicRow(byUnit.total, isHidden(hidden.forms, 'all')),
    byUnit: unitRows,
    trend: trend.groups.map((m) => {
      const suppressed = isHidden(hidden.forms, 'all', m.key)
      return { month: m.key, suppressed, forms: suppressed ? null : m.total, satisfiedRate: suppressed ? null : m.satisfiedRate }
    }),
    feedback: {
      total: feedbackRow('all', null, feedback, feedbackHidden),
      indicator8: feedbackHidden ? null : feedback.indicator8,
      byUnit: feedback.byUnit.map((u) => feedbackRow(u.unitCode ?? '', unitName(u.unitCode), u, isHidden(hidden.feedback, groupOfUnit(u.unitCode ?? '')))),
    },
  }
}
