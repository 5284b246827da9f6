import * as v from 'valibot'
import { Code } from './catalog'
import { addDays } from './dates'
import type { SipasIndex } from './sipas'
import type { FeedbackSummary } from './staff-feedback'
import { type StatsGroup, StatsQuery } from './stats'

/**
 * The leadership dashboard: one request gives everything the page draws for a period and filters, so that
 * a phone on a weak link makes one round trip, and the export can be checked against the same numbers.
 */

export const DashboardQuery = v.pipe(
  v.strictObject({
    from: v.string('must be a date YYYY-MM-DD'),
    to: v.string('must be a date YYYY-MM-DD'),
    unit: v.optional(Code),
    counter: v.optional(Code),
    procedure: v.optional(Code),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return
    const period = v.safeParse(StatsQuery, { from: dataset.value.from, to: dataset.value.to })
    if (!period.success) addIssue({ message: period.issues[0].message, path: period.issues[0].path })
  }),
)
export type DashboardQuery = v.InferOutput<typeof DashboardQuery>

export interface HeatCell {
  /** 0 = Sunday … 6 = Saturday, local time. */
  weekday: number
  /** 0–23, local time. */
  hour: number
  responses: number
  unsatisfied: number
}

/** A question and the points it lost: (its maximum − its mean) × forms that answered it. */
export interface DraggingQuestion {
  key: string
  label: StatsGroup['label']
  meanScore: number
  meanMaxScore: number
  lostPoints: number
  unsatisfiedRate: number | null
}

export interface Dashboard {
  from: string
  to: string
  /** The period of the same length just before, for the change. */
  previous: { from: string; to: string; total: StatsGroup }
  total: StatsGroup
  byUnit: StatsGroup[]
  byCounter: StatsGroup[]
  byProcedure: StatsGroup[]
  byQuestion: StatsGroup[]
  series: { granularity: 'day' | 'week' | 'month'; groups: StatsGroup[] }
  heatmap: HeatCell[]
  dragging: DraggingQuestion[]
  /** The SIPAS index of each SIPAS questionnaire answered in the period (shared/sipas.ts). */
  sipas: SipasIndex[]
  feedback: FeedbackSummary
}

function months(day: string): number {
  return Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1
}
function monthStart(index: number): string {
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`
}

/**
 * The period to compare with: whole months (a month, a quarter, a half-year, a year) compare with as many
 * months just before (the first half of 2026 with the second half of 2025); anything else with as many days.
 */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const wholeMonths = from.endsWith('-01') && addDays(to, 1).endsWith('-01')
  if (wholeMonths) {
    const length = months(addDays(to, 1)) - months(from)
    return { from: monthStart(months(from) - length), to: addDays(from, -1) }
  }
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1
  return { from: addDays(from, -days), to: addDays(from, -1) }
}

/** Days for up to a month, weeks up to about four months, months beyond. */
export function seriesGranularity(from: string, to: string): 'day' | 'week' | 'month' {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1
  return days <= 31 ? 'day' : days <= 124 ? 'week' : 'month'
}

/** The scored questions ordered by the points they cost, most first. */
export function draggingQuestions(byQuestion: StatsGroup[]): DraggingQuestion[] {
  return byQuestion
    .filter((g) => g.meanScore !== null && g.meanMaxScore !== null && g.scored > 0)
    .map((g) => ({
      key: g.key,
      label: g.label,
      meanScore: g.meanScore!,
      meanMaxScore: g.meanMaxScore!,
      lostPoints: Math.round((g.meanMaxScore! - g.meanScore!) * g.scored * 100) / 100,
      unsatisfiedRate: g.rates.unsatisfied,
    }))
    .filter((q) => q.lostPoints > 0)
    .sort((a, b) => b.lostPoints - a.lostPoints)
}
