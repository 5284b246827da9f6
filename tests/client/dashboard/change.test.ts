import { describe, expect, it } from 'vitest'
import type { StatsGroup } from '../../../shared/stats'
import { changeOf, headlineMetrics, score18 } from '../../../client/dashboard/change'

function group(counts: { very_satisfied: number; satisfied: number; unsatisfied: number }, score?: { scored: number; mean: number; max: number }): StatsGroup {
  const total = counts.very_satisfied + counts.satisfied + counts.unsatisfied
  const pct = (n: number) => (total === 0 ? null : Math.round((n / total) * 10_000) / 100)
  return {
    key: 'all',
    label: null,
    responses: total,
    total,
    counts,
    rates: { very_satisfied: pct(counts.very_satisfied), satisfied: pct(counts.satisfied), unsatisfied: pct(counts.unsatisfied) },
    satisfiedRate: pct(counts.very_satisfied + counts.satisfied),
    scored: score?.scored ?? 0,
    meanScore: score?.mean ?? null,
    meanMaxScore: score?.max ?? null,
  }
}

describe('changes against the previous period', () => {
  it('measures rates in percentage points, rounded to two decimals', () => {
    expect(changeOf(83.33, 75)).toEqual({ delta: 8.33, direction: 'up', tone: 'better' })
    expect(changeOf(70.1, 70.3)).toEqual({ delta: -0.2, direction: 'down', tone: 'worse' })
    expect(changeOf(50, 50)).toEqual({ delta: 0, direction: 'same', tone: 'neutral' })
  })

  it('has no change without a previous figure, rather than a change from zero', () => {
    expect(changeOf(80, null)).toEqual({ delta: null, direction: null, tone: 'neutral' })
    expect(changeOf(null, 80).delta).toBeNull()
  })

  it('calls more unsatisfied forms worse news, and a count neither', () => {
    const metrics = headlineMetrics(group({ very_satisfied: 3, satisfied: 2, unsatisfied: 1 }), group({ very_satisfied: 1, satisfied: 0, unsatisfied: 1 }))
    const byKey = Object.fromEntries(metrics.map((m) => [m.key, m]))
    expect(byKey.forms).toMatchObject({ value: 6, previous: 2, change: { delta: 4, direction: 'up', tone: 'neutral' } })
    expect(byKey.rate_very_satisfied).toMatchObject({ value: 50, previous: 50, change: { direction: 'same' } })
    expect(byKey.rate_satisfied).toMatchObject({ value: 33.33, previous: 0, change: { delta: 33.33, tone: 'better' } })
    expect(byKey.rate_unsatisfied).toMatchObject({ value: 16.67, previous: 50, change: { delta: -33.33, direction: 'down', tone: 'better' } })
    expect(byKey.satisfied).toMatchObject({ value: 83.33, previous: 50, change: { delta: 33.33, tone: 'better' } })
    // Quick ratings only: no score is shown, rather than a score of nothing.
    expect(metrics.map((m) => m.key)).not.toContain('score')
  })

  it('puts the mean score on the 0–18 scale with its band, only where official forms exist', () => {
    const now = group({ very_satisfied: 2, satisfied: 0, unsatisfied: 0 }, { scored: 2, mean: 10, max: 12 })
    const before = group({ very_satisfied: 1, satisfied: 0, unsatisfied: 0 })
    expect(score18(now)).toBe(15)
    const byKey = Object.fromEntries(headlineMetrics(now, before).map((m) => [m.key, m]))
    expect(byKey.score).toMatchObject({ value: 10, max: 12, previous: null, change: { delta: null } })
    // 15 is not above 15: Tốt, not Xuất sắc (shared/score-bands.ts).
    expect(byKey.score18).toMatchObject({ value: 15, band: { key: 'good' } })
    const later = Object.fromEntries(headlineMetrics(group({ very_satisfied: 1, satisfied: 0, unsatisfied: 0 }, { scored: 1, mean: 11, max: 12 }), now).map((m) => [m.key, m]))
    expect(later.score18).toMatchObject({ value: 16.5, change: { delta: 1.5, direction: 'up' }, band: { key: 'excellent' } })
    expect(later.score).toMatchObject({ change: { delta: 1 } })
  })

  it('gives an empty period no rates at all', () => {
    const byKey = Object.fromEntries(headlineMetrics(group({ very_satisfied: 0, satisfied: 0, unsatisfied: 0 }), group({ very_satisfied: 1, satisfied: 0, unsatisfied: 0 })).map((m) => [m.key, m]))
    expect(byKey.satisfied).toMatchObject({ value: null, previous: 100, change: { delta: null } })
    expect(byKey.forms).toMatchObject({ value: 0, change: { delta: -1 } })
  })
})
