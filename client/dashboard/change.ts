import type { SatisfactionLevel } from '../../shared/levels'
import { SATISFACTION_LEVELS } from '../../shared/levels'
import { bandOf, onOfficialScale, type ScoreBand } from '../../shared/score-bands'
import type { StatsGroup } from '../../shared/stats'

/**
 * The headline figures and how each moved against the previous period. Rates move in percentage points and
 * scores in points (never "+5 %" of a percentage, which readers misread); a figure without a previous value
 * has no change rather than a change from zero.
 */

export type Direction = 'up' | 'down' | 'same'

export interface Change {
  /** current − previous, rounded to two decimals; null when either side is missing. */
  delta: number | null
  direction: Direction | null
  /** Whether the move is good news: fewer unsatisfied forms are, more are not; a count is neither. */
  tone: 'better' | 'worse' | 'neutral'
}

export type MetricUnit = 'count' | 'pp' | 'points'

export interface HeadlineMetric {
  key: 'forms' | `rate_${SatisfactionLevel}` | 'satisfied' | 'score' | 'score18'
  unit: MetricUnit
  value: number | null
  previous: number | null
  change: Change
  /** For 'score': the maximum of the questions asked; for 'score18': the band. */
  max?: number | null
  band?: ScoreBand | null
}

const round2 = (value: number) => Math.round(value * 100) / 100

/** `higherIsBetter` null: a count, which is no better or worse for being larger. */
export function changeOf(current: number | null, previous: number | null, higherIsBetter: boolean | null = true): Change {
  if (current === null || previous === null) return { delta: null, direction: null, tone: 'neutral' }
  const delta = round2(current - previous)
  const direction: Direction = delta > 0 ? 'up' : delta < 0 ? 'down' : 'same'
  const tone = direction === 'same' || higherIsBetter === null ? 'neutral' : (direction === 'up') === higherIsBetter ? 'better' : 'worse'
  return { delta, direction, tone }
}

/** The mean score on the 0–18 scale, or null without official forms. */
export function score18(group: StatsGroup): number | null {
  return group.scored > 0 ? onOfficialScale(group.meanScore, group.meanMaxScore) : null
}

/** A period with no form has no rate: its 0 % would be a measurement nobody made. */
function rate(group: StatsGroup, value: number | null): number | null {
  return group.total > 0 ? value : null
}

export function headlineMetrics(total: StatsGroup, previous: StatsGroup): HeadlineMetric[] {
  const metrics: HeadlineMetric[] = [
    { key: 'forms', unit: 'count', value: total.responses, previous: previous.responses, change: changeOf(total.responses, previous.responses, null) },
  ]
  for (const level of SATISFACTION_LEVELS) {
    const now = rate(total, total.rates[level])
    const before = rate(previous, previous.rates[level])
    metrics.push({ key: `rate_${level}`, unit: 'pp', value: now, previous: before, change: changeOf(now, before, level !== 'unsatisfied') })
  }
  const satisfied = rate(total, total.satisfiedRate)
  const satisfiedBefore = rate(previous, previous.satisfiedRate)
  metrics.push({ key: 'satisfied', unit: 'pp', value: satisfied, previous: satisfiedBefore, change: changeOf(satisfied, satisfiedBefore) })
  // Scores only where forms carrying indicators exist: the quick rating has none.
  if (total.scored > 0) {
    const mean = total.meanScore
    const meanBefore = previous.scored > 0 ? previous.meanScore : null
    metrics.push({ key: 'score', unit: 'points', value: mean, previous: meanBefore, change: changeOf(mean, meanBefore), max: total.meanMaxScore })
    const official = score18(total)
    const officialBefore = score18(previous)
    metrics.push({
      key: 'score18',
      unit: 'points',
      value: official,
      previous: officialBefore,
      change: changeOf(official, officialBefore),
      band: official === null ? null : bandOf(official),
    })
  }
  return metrics
}
