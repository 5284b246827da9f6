import { describe, expect, it } from 'vitest'
import { OFFICIAL_V1, QUICK_V1 } from '../../server/defaults/questionnaires'
import type { Answers } from '../../shared/answers'
import { levelRates, round2, scoreAnswers, scoreResponse } from '../../shared/scoring'

const IDS = ['i1_total_time', 'i2_agency_time', 'i3_returns', 'i4_agencies', 'i6_publicity', 'i7_attitude']
const VALUE_FOR_POINTS = ['poor', 'fair', 'good']

function official(points: number[], overall = 'satisfied', convenience = 'very_satisfied'): Answers {
  return { ...Object.fromEntries(IDS.map((id, i) => [id, VALUE_FOR_POINTS[points[i]!]!])), convenience, overall }
}

describe('scoreResponse on the official form', () => {
  it('gives 12 of 12 when every indicator is good (6 indicators × 2)', () => {
    expect(scoreResponse(OFFICIAL_V1, official([2, 2, 2, 2, 2, 2]))).toEqual({ level: 'satisfied', score: 12, maxScore: 12 })
  })

  it('gives 0 of 12 when every indicator is poor', () => {
    expect(scoreResponse(OFFICIAL_V1, official([0, 0, 0, 0, 0, 0], 'unsatisfied'))).toEqual({ level: 'unsatisfied', score: 0, maxScore: 12 })
  })

  it('sums 2 / 1 / 0 per indicator', () => {
    expect(scoreResponse(OFFICIAL_V1, official([2, 1, 0, 2, 1, 0])).score).toBe(6)
    expect(scoreResponse(OFFICIAL_V1, official([1, 1, 1, 1, 1, 2])).score).toBe(7)
  })

  it('takes the level from the overall question, not from convenience', () => {
    expect(scoreResponse(OFFICIAL_V1, official([2, 2, 2, 2, 2, 2], 'unsatisfied', 'very_satisfied')).level).toBe('unsatisfied')
    expect(scoreResponse(OFFICIAL_V1, official([2, 2, 2, 2, 2, 2], 'very_satisfied', 'unsatisfied')).level).toBe('very_satisfied')
  })

  it('does not count the perception questions as indicator points', () => {
    // The perception options carry points 2 / 1 / 0 too; only indicator questions may add to the score.
    const best = scoreResponse(OFFICIAL_V1, official([0, 0, 0, 0, 0, 0], 'very_satisfied', 'very_satisfied'))
    expect(best.score).toBe(0)
    expect(best.maxScore).toBe(12)
  })
})

describe('scoreResponse on the quick rating', () => {
  it.each(['very_satisfied', 'satisfied', 'unsatisfied'] as const)('gives level %s and no score', (overall) => {
    expect(scoreResponse(QUICK_V1, { overall })).toEqual({ level: overall, score: null, maxScore: null })
  })

  it('gives no level when the overall answer is missing', () => {
    expect(scoreResponse(QUICK_V1, {})).toEqual({ level: null, score: null, maxScore: null })
  })
})

describe('scoreAnswers', () => {
  it('gives one row per chosen option, points only for indicators, levels only for perception', () => {
    const rows = scoreAnswers(OFFICIAL_V1, { ...official([2, 1, 0, 2, 2, 2], 'unsatisfied'), problems: ['fees', 'other'], comment: 'text is not a row' })
    expect(rows).toContainEqual({ questionId: 'i2_agency_time', value: 'fair', points: 1, level: null })
    expect(rows).toContainEqual({ questionId: 'overall', value: 'unsatisfied', points: null, level: 'unsatisfied' })
    expect(rows).toContainEqual({ questionId: 'convenience', value: 'very_satisfied', points: null, level: 'very_satisfied' })
    expect(rows.filter((r) => r.questionId === 'problems').map((r) => r.value)).toEqual(['fees', 'other'])
    expect(rows.some((r) => r.questionId === 'comment')).toBe(false)
    expect(rows).toHaveLength(6 + 2 + 2)
  })
})

describe('levelRates', () => {
  it('gives each level as forms at that level ÷ forms × 100', () => {
    const result = levelRates({ very_satisfied: 2, satisfied: 1, unsatisfied: 1 })
    expect(result).toEqual({
      total: 4,
      counts: { very_satisfied: 2, satisfied: 1, unsatisfied: 1 },
      rates: { very_satisfied: 50, satisfied: 25, unsatisfied: 25 },
      satisfiedRate: 75,
    })
  })

  it('rounds to two decimals and the rates still sum to about 100', () => {
    const result = levelRates({ very_satisfied: 1, satisfied: 1, unsatisfied: 1 })
    expect(result.rates).toEqual({ very_satisfied: 33.33, satisfied: 33.33, unsatisfied: 33.33 })
    expect(result.satisfiedRate).toBe(66.67)
    const { very_satisfied, satisfied, unsatisfied } = levelRates({ very_satisfied: 5, satisfied: 7, unsatisfied: 11 }).rates
    expect(very_satisfied! + satisfied! + unsatisfied!).toBeCloseTo(100, 1)
  })

  it('fills missing levels with zero', () => {
    expect(levelRates({ satisfied: 3 })).toMatchObject({ total: 3, counts: { very_satisfied: 0, satisfied: 3, unsatisfied: 0 }, rates: { very_satisfied: 0, satisfied: 100, unsatisfied: 0 } })
  })

  it('gives null rates, not 0 or NaN, when there is no form', () => {
    expect(levelRates({})).toEqual({
      total: 0,
      counts: { very_satisfied: 0, satisfied: 0, unsatisfied: 0 },
      rates: { very_satisfied: null, satisfied: null, unsatisfied: null },
      satisfiedRate: null,
    })
  })

  it('rounds to two decimals', () => {
    expect(round2(1 / 8 * 100)).toBe(12.5)
    expect(round2(2 / 3 * 100)).toBe(66.67)
    expect(round2(1 / 6 * 100)).toBe(16.67)
  })
})
