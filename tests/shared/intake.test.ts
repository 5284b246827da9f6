import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { zonedInstant } from '../../shared/dates'
import { intakeDayProblem, PaperFormIn, paperMismatches, receivedMinutes } from '../../shared/intake'

const NOW = zonedInstant('2026-12-07', 10 * 60)
const paper = (fields: Record<string, unknown>) =>
  v.parse(PaperFormIn, { counter: 'HCC-01', questionnaire: 'quick', paperDay: '2026-12-01', answers: { overall: 'satisfied' }, ...fields })

describe('intakeDayProblem', () => {
  it('takes today and the year before it, not tomorrow nor further back', () => {
    expect(intakeDayProblem('2026-12-07', NOW)).toBeNull()
    expect(intakeDayProblem('2025-12-06', NOW)).toBeNull()
    expect(intakeDayProblem('2026-12-08', NOW)).toBe('must not be after today')
    expect(intakeDayProblem('2025-12-05', NOW)).toBe('must be within the last 366 days')
  })
})

describe('paperMismatches', () => {
  it('compares two keyings after the schema has trimmed and cased them, options in any order', () => {
    expect(paperMismatches(paper({ dossier: ' hs-1 ', answers: { overall: 'unsatisfied', problems: ['fees', 'other'] } }), paper({ dossier: 'HS-1', answers: { problems: ['other', 'fees'], overall: 'unsatisfied' } }))).toEqual([])
  })

  it('names each differing field with both values, an answer left empty included', () => {
    expect(paperMismatches(paper({ answers: { overall: 'satisfied', comment: 'Tốt' } }), paper({ paperDay: '2026-12-02', answers: { overall: 'unsatisfied' } }))).toEqual([
      { field: 'paperDay', first: '2026-12-01', second: '2026-12-02' },
      { field: 'answers.overall', first: 'satisfied', second: 'unsatisfied' },
      { field: 'answers.comment', first: 'Tốt', second: null },
    ])
  })
})

describe('receivedMinutes', () => {
  it('reads HH:mm, and the start of the day without a time', () => {
    expect(receivedMinutes('09:30')).toBe(570)
    expect(receivedMinutes(undefined)).toBe(0)
  })
})
