import { describe, expect, it } from 'vitest'
import { draggingQuestions, previousPeriod, seriesGranularity } from '../../shared/dashboard'
import { levelRates } from '../../shared/scoring'
import type { StatsGroup } from '../../shared/stats'

describe('the period a dashboard compares with', () => {
  it.each([
    ['2026-01-01', '2026-06-30', '2025-07-01', '2025-12-31'], // first half ← second half of last year
    ['2026-07-01', '2026-12-31', '2026-01-01', '2026-06-30'],
    ['2026-01-01', '2026-12-31', '2025-01-01', '2025-12-31'],
    ['2026-04-01', '2026-06-30', '2026-01-01', '2026-03-31'], // a quarter
    ['2026-03-01', '2026-03-31', '2026-02-01', '2026-02-28'], // a month, whatever its length
    ['2026-03-10', '2026-03-16', '2026-03-03', '2026-03-09'], // seven days ← the seven before
    ['2024-03-01', '2024-03-01', '2024-02-29', '2024-02-29'], // one day, across a leap day
  ])('%s–%s compares with %s–%s', (from, to, prevFrom, prevTo) => {
    expect(previousPeriod(from, to)).toEqual({ from: prevFrom, to: prevTo })
  })

  it('draws days for a month, weeks for a quarter, months beyond', () => {
    expect(seriesGranularity('2026-03-01', '2026-03-31')).toBe('day')
    expect(seriesGranularity('2026-04-01', '2026-06-30')).toBe('week')
    expect(seriesGranularity('2026-01-01', '2026-06-30')).toBe('month')
  })
})

const group = (key: string, meanScore: number | null, meanMaxScore: number | null, scored: number): StatsGroup => ({
  key,
  label: null,
  responses: scored,
  ...levelRates({ unsatisfied: 1, satisfied: 1 }),
  scored,
  meanScore,
  meanMaxScore,
})

describe('the questions that pull the score down', () => {
  it('orders scored questions by the points they lost, leaving out unscored and perfect ones', () => {
    const ranked = draggingQuestions([
      group('official.i1', 1.5, 2, 10), // lost 5
      group('official.i7', 1, 2, 20), // lost 20
      group('official.i3', 2, 2, 30), // lost nothing
      group('quick.overall', null, null, 0),
    ])
    expect(ranked.map((q) => [q.key, q.lostPoints])).toEqual([
      ['official.i7', 20],
      ['official.i1', 5],
    ])
  })
})
