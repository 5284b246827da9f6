import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { OFFICIAL_V1, OFFICIAL_V2, QUICK_V1 } from '../../server/defaults/questionnaires'
import { type Answers, isAsked, requiresDossier, validateAnswers } from '../../shared/answers'
import { Questionnaire } from '../../shared/questionnaire'

const INDICATORS = { i1_total_time: 'good', i2_agency_time: 'good', i3_returns: 'fair', i4_agencies: 'good', i6_publicity: 'poor', i7_attitude: 'good' }
const OFFICIAL_OK: Answers = { ...INDICATORS, convenience: 'satisfied', overall: 'satisfied' }

function codes(questionnaire: Questionnaire, answers: Answers) {
  return validateAnswers(questionnaire, answers).map((issue) => [issue.path, issue.code])
}

/** A questionnaire without its version and its indicator 7, to compare everything else. */
const without7 = (q: Questionnaire) => ({ ...q, version: 0, questions: q.questions.filter((question) => question.indicator !== 7) })

describe('the seeded questionnaires', () => {
  it.each([QUICK_V1, OFFICIAL_V1, OFFICIAL_V2])('$key v$version is a valid questionnaire definition', (q) => {
    expect(v.safeParse(Questionnaire, q).success).toBe(true)
  })

  it.each([QUICK_V1, OFFICIAL_V1, OFFICIAL_V2])('$key v$version names an existing level question with levelled options', (q) => {
    const level = q.questions.find((question) => question.id === q.levelQuestion)
    expect(level?.options.map((o) => o.level)).toEqual(['very_satisfied', 'satisfied', 'unsatisfied'])
  })

  it.each([OFFICIAL_V1, OFFICIAL_V2])('the official form v$version asks indicators 1, 2, 3, 4, 6, 7, each scored 2 / 1 / 0', (official) => {
    const indicators = official.questions.filter((q) => q.indicator !== undefined)
    expect(indicators.map((q) => q.indicator)).toEqual([1, 2, 3, 4, 6, 7])
    for (const q of indicators) expect(q.options.map((o) => o.points)).toEqual([2, 1, 0])
  })

  it('official v2 rewords indicator 7 only, keeping its values and points', () => {
    expect(without7(OFFICIAL_V2)).toEqual(without7(OFFICIAL_V1))
    const [before, after] = [OFFICIAL_V1, OFFICIAL_V2].map((q) => q.questions.find((question) => question.indicator === 7)!)
    expect(after!.id).toBe(before!.id)
    expect(after!.options.map(({ value, points }) => [value, points])).toEqual(before!.options.map(({ value, points }) => [value, points]))
    expect(after!.options.map((o) => o.label)).not.toEqual(before!.options.map((o) => o.label))
  })

  it('official v2 asks indicator 7 about the staff in every option, keeping early / on time / a complaint for 2 / 1 / 0', () => {
    const options = OFFICIAL_V2.questions.find((q) => q.indicator === 7)!.options
    for (const o of options) {
      expect(o.label.vi).toContain('cán bộ')
      expect(o.label.en).toContain('staff')
    }
    expect(options.map((o) => o.label.vi)).toEqual([
      expect.stringContaining('sớm hơn ngày hẹn'),
      expect.stringContaining('đúng ngày hẹn'),
      expect.stringContaining('phản ánh về thái độ'),
    ])
    expect(options.map((o) => o.label.en)).toEqual([
      expect.stringContaining('before the appointed date'),
      expect.stringContaining('on the appointed date'),
      expect.stringContaining('complaint'),
    ])
  })
})

describe('requiresDossier', () => {
  it('holds for the official per-dossier form only', () => {
    expect(requiresDossier(OFFICIAL_V1)).toBe(true)
    expect(requiresDossier(OFFICIAL_V2)).toBe(true)
    expect(requiresDossier(QUICK_V1)).toBe(false)
    expect(requiresDossier({ kind: 'sipas' })).toBe(false)
  })
})

describe('validateAnswers against quick v1', () => {
  it.each(['very_satisfied', 'satisfied', 'unsatisfied'])('accepts a one-tap %s', (overall) => {
    expect(validateAnswers(QUICK_V1, { overall })).toEqual([])
  })

  it('requires the overall rating', () => {
    expect(codes(QUICK_V1, {})).toEqual([['answers.overall', 'required']])
    expect(codes(QUICK_V1, { overall: '' })).toEqual([['answers.overall', 'required']])
  })

  it('refuses a rating that is not an option (a rating of 6)', () => {
    expect(codes(QUICK_V1, { overall: '6' })).toEqual([['answers.overall', 'invalid_option']])
  })

  it('refuses a list for a single-choice question', () => {
    expect(codes(QUICK_V1, { overall: ['satisfied'] })).toEqual([['answers.overall', 'invalid_type']])
  })

  it('refuses an unknown question, naming the questionnaire version', () => {
    const issues = validateAnswers(QUICK_V1, { overall: 'satisfied', mood: 'x' })
    expect(issues).toEqual([{ path: 'answers.mood', code: 'unknown_question', message: 'question "mood" is not in quick v1' }])
  })

  it('asks "what went wrong?" only when unhappy', () => {
    expect(validateAnswers(QUICK_V1, { overall: 'unsatisfied', problems: ['waiting_time', 'other'] })).toEqual([])
    expect(codes(QUICK_V1, { overall: 'satisfied', problems: ['waiting_time'] })).toEqual([['answers.problems', 'not_applicable']])
    expect(codes(QUICK_V1, { overall: 'very_satisfied', problems: ['fees'] })).toEqual([['answers.problems', 'not_applicable']])
  })

  it('lets an unhappy citizen skip the optional follow-up', () => {
    expect(validateAnswers(QUICK_V1, { overall: 'unsatisfied' })).toEqual([])
    expect(validateAnswers(QUICK_V1, { overall: 'unsatisfied', problems: [] })).toEqual([])
  })

  it('refuses a repeated option in a multi-choice answer', () => {
    expect(codes(QUICK_V1, { overall: 'unsatisfied', problems: ['fees', 'fees'] })).toEqual([['answers.problems', 'invalid_option']])
  })

  it('refuses a multi-choice option not in the list, and a single string for a multi question', () => {
    expect(codes(QUICK_V1, { overall: 'unsatisfied', problems: ['fees', 'rude'] })).toEqual([['answers.problems', 'invalid_option']])
    expect(codes(QUICK_V1, { overall: 'unsatisfied', problems: 'fees' })).toEqual([['answers.problems', 'invalid_type']])
  })

  it('accepts a comment up to its 500 characters and refuses 501', () => {
    expect(validateAnswers(QUICK_V1, { overall: 'satisfied', comment: 'x'.repeat(500) })).toEqual([])
    expect(codes(QUICK_V1, { overall: 'satisfied', comment: 'x'.repeat(501) })).toEqual([['answers.comment', 'too_long']])
  })

  it('refuses a list as a comment', () => {
    expect(codes(QUICK_V1, { overall: 'satisfied', comment: ['x'] })).toEqual([['answers.comment', 'invalid_type']])
  })
})

describe('validateAnswers against official v1', () => {
  it('accepts a complete form', () => {
    expect(validateAnswers(OFFICIAL_V1, OFFICIAL_OK)).toEqual([])
  })

  it('requires every indicator and both perception questions, reporting each', () => {
    expect(codes(OFFICIAL_V1, { overall: 'satisfied' }).sort()).toEqual(
      ['i1_total_time', 'i2_agency_time', 'i3_returns', 'i4_agencies', 'i6_publicity', 'i7_attitude', 'convenience']
        .map((id) => [`answers.${id}`, 'required'])
        .sort(),
    )
  })

  it('refuses an indicator answer outside good / fair / poor', () => {
    expect(codes(OFFICIAL_V1, { ...OFFICIAL_OK, i3_returns: 'never' })).toEqual([['answers.i3_returns', 'invalid_option']])
  })

  it('refuses the agency-level indicators 5, 8 and 9 as unknown questions', () => {
    expect(codes(OFFICIAL_V1, { ...OFFICIAL_OK, i5_one_stop: 'good' })).toEqual([['answers.i5_one_stop', 'unknown_question']])
  })

  it('asks the follow-up only when the overall assessment is unsatisfied, not the convenience one', () => {
    expect(codes(OFFICIAL_V1, { ...OFFICIAL_OK, convenience: 'unsatisfied', problems: ['fees'] })).toEqual([['answers.problems', 'not_applicable']])
    expect(validateAnswers(OFFICIAL_V1, { ...OFFICIAL_OK, overall: 'unsatisfied', problems: ['fees'] })).toEqual([])
  })

  it('refuses the quick form answers (overall alone) as incomplete', () => {
    expect(validateAnswers(OFFICIAL_V1, { overall: 'satisfied' }).length).toBe(7)
  })
})

describe('isAsked', () => {
  const followUp = QUICK_V1.questions.find((q) => q.id === 'problems')!

  it('asks questions without a condition always', () => {
    expect(isAsked(QUICK_V1.questions[0]!, {})).toBe(true)
  })

  it('reads a condition on a single answer and on a list answer', () => {
    expect(isAsked(followUp, { overall: 'unsatisfied' })).toBe(true)
    expect(isAsked(followUp, { overall: 'satisfied' })).toBe(false)
    expect(isAsked(followUp, {})).toBe(false)
    expect(isAsked({ ...followUp, showIf: { question: 'tags', anyOf: ['b'] } }, { tags: ['a', 'b'] })).toBe(true)
  })
})
