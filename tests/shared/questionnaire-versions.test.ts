import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { QUICK_V1 } from '../../server/defaults/questionnaires'
import { validateAnswers } from '../../shared/answers'
import { Questionnaire } from '../../shared/questionnaire'
import { scoreAnswers, scoreResponse } from '../../shared/scoring'
import { QUICK_V2 } from './quick-v2'

const V1_ANSWERS = { overall: 'unsatisfied', problems: ['fees'], comment: 'Phí cao' }
const V2_ANSWERS = { satisfaction: 'unsatisfied', problems: ['queue_system'] }

describe('questionnaire versions', () => {
  it('the v2 fixture is a valid definition of the same key', () => {
    expect(v.safeParse(Questionnaire, QUICK_V2).success).toBe(true)
    expect([QUICK_V2.key, QUICK_V2.version]).toEqual([QUICK_V1.key, 2])
  })

  it('defining v2 does not change v1 (a published version is immutable)', () => {
    expect(QUICK_V1.version).toBe(1)
    expect(QUICK_V1.levelQuestion).toBe('overall')
    expect(QUICK_V1.questions.map((q) => q.id)).toEqual(['overall', 'problems', 'comment'])
  })

  it('answers given under v1 still validate against v1 and score with v1', () => {
    expect(validateAnswers(QUICK_V1, V1_ANSWERS)).toEqual([])
    expect(scoreResponse(QUICK_V1, V1_ANSWERS).level).toBe('unsatisfied')
    expect(scoreAnswers(QUICK_V1, V1_ANSWERS).map((r) => `${r.questionId}=${r.value}`)).toEqual(['overall=unsatisfied', 'problems=fees'])
  })

  it('answers given under v1 do not pass as v2 (the renamed and removed questions are unknown there)', () => {
    const issues = validateAnswers(QUICK_V2, V1_ANSWERS).map((i) => [i.path, i.code])
    expect(issues).toEqual(
      expect.arrayContaining([
        ['answers.overall', 'unknown_question'],
        ['answers.comment', 'unknown_question'],
        ['answers.satisfaction', 'required'],
      ]),
    )
  })

  it('answers given under v2 are checked against v2: its new option is accepted, a dropped one refused', () => {
    expect(validateAnswers(QUICK_V2, V2_ANSWERS)).toEqual([])
    expect(validateAnswers(QUICK_V2, { satisfaction: 'unsatisfied', problems: ['fees'] }).map((i) => i.code)).toEqual(['invalid_option'])
    expect(validateAnswers(QUICK_V1, V2_ANSWERS).map((i) => i.code)).toContain('unknown_question')
  })

  it('v2 takes the level from its own level question', () => {
    expect(scoreResponse(QUICK_V2, V2_ANSWERS).level).toBe('unsatisfied')
    expect(scoreResponse(QUICK_V2, { overall: 'satisfied' }).level).toBeNull()
  })
})
