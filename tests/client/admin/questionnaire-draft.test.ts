import { describe, expect, it } from 'vitest'
import { OFFICIAL_V1, QUICK_V1, SIPAS_V1 } from '../../../server/defaults/questionnaires'
import { fieldId, move, newQuestion, renameOption, renameQuestion, toDraft, toForm } from '../../../client/admin/questionnaire-draft'
import { draftProblems, problemsInOrder } from '../../../client/admin/questionnaire-problems'
import type { Questionnaire } from '../../../shared/questionnaire'

const draftOf = ({ version: _version, ...draft }: Questionnaire) => draft

describe('questionnaire draft form', () => {
  it.each([['quick', QUICK_V1], ['official', OFFICIAL_V1], ['sipas', SIPAS_V1]])('gives back the %s questionnaire exactly as it was loaded', (_key, questionnaire) => {
    const form = toForm(draftOf(questionnaire))
    expect(toDraft(form)).toEqual(draftOf(questionnaire))
    expect(draftProblems(form).problems).toEqual({})
  })

  it('leaves out what is empty: help in neither language, unset numbers, no condition, no level', () => {
    const form = toForm(draftOf(QUICK_V1))
    const question = newQuestion(form)
    question.text = { vi: 'Câu mới', en: 'New question' }
    question.options.forEach((o, i) => (o.label = { vi: `Ý ${i}`, en: `Item ${i}` }))
    form.questions.push(question)
    expect(toDraft(form).questions[3]).toEqual({
      id: 'question_4',
      type: 'single',
      text: { vi: 'Câu mới', en: 'New question' },
      required: false,
      options: [
        { value: 'option_1', label: { vi: 'Ý 0', en: 'Item 0' } },
        { value: 'option_2', label: { vi: 'Ý 1', en: 'Item 1' } },
      ],
    })
    // Help in one language only is kept, so that the missing one is marked.
    question.help.vi = 'Gợi ý'
    question.indicator = 3
    question.options[0]!.points = 0
    expect(toDraft(form).questions[3]).toMatchObject({ help: { vi: 'Gợi ý', en: '' }, indicator: 3, options: [{ points: 0 }, {}] })
    expect(Object.keys(draftProblems(form).problems)).toEqual(['questions.3.help.en'])
  })

  it('keeps the options of a question switched to free text aside, and gives them back when switched again', () => {
    const form = toForm(draftOf(QUICK_V1))
    const problems = form.questions[1]!
    problems.type = 'text'
    problems.maxLength = 300
    expect(toDraft(form).questions[1]).toMatchObject({ type: 'text', maxLength: 300, options: [] })
    problems.type = 'multi'
    expect(toDraft(form).questions[1]!.options).toEqual(QUICK_V1.questions[1]!.options)
    expect(toDraft(form).questions[1]!.maxLength).toBeUndefined()
  })

  it('moves an item up or down, and not past either end', () => {
    const list = ['a', 'b', 'c']
    expect(move(list, 0, 1)).toBe(true)
    expect(list).toEqual(['b', 'a', 'c'])
    expect(move(list, 2, -1)).toBe(true)
    expect(list).toEqual(['b', 'c', 'a'])
    expect(move(list, 0, -1)).toBe(false)
    expect(move(list, 2, 1)).toBe(false)
    expect(list).toEqual(['b', 'c', 'a'])
  })

  it('carries a renamed question and option over to the follow-ups and the level question', () => {
    const form = toForm(draftOf(QUICK_V1))
    form.questions[0]!.id = 'satisfaction'
    renameQuestion(form, 'overall', 'satisfaction')
    expect(form.levelQuestion).toBe('satisfaction')
    expect(form.questions[1]!.showIf.question).toBe('satisfaction')
    form.questions[0]!.options[2]!.value = 'not_satisfied'
    renameOption(form, 'satisfaction', 'unsatisfied', 'not_satisfied')
    expect(form.questions[1]!.showIf.anyOf).toEqual(['not_satisfied'])
    expect(draftProblems(form).problems).toEqual({})
  })

  it('does not carry an emptied id over, nor one another question still holds', () => {
    const form = toForm(draftOf(QUICK_V1))
    form.questions[0]!.id = ''
    renameQuestion(form, 'overall', '')
    expect(form.questions[1]!.showIf.question).toBe('overall')
    form.questions[0]!.id = 'overall'
    form.questions[2]!.id = 'overall'
    renameQuestion(form, 'comment', 'overall')
    form.questions[2]!.id = 'other'
    renameQuestion(form, 'overall', 'other')
    expect(form.levelQuestion).toBe('overall')
  })

  it('names each problem by the path of its field, in the order of the form, in the editor’s own words', () => {
    const form = toForm(draftOf(QUICK_V1))
    form.questions[2]!.id = 'overall'
    form.questions[1]!.options[0]!.value = 'Chờ lâu'
    form.questions[1]!.options[1]!.label.en = ''
    form.questions[0]!.options[0]!.points = 1.5
    form.questions[0]!.options[1]!.level = ''
    form.title.vi = ''
    const problems = problemsInOrder(draftProblems(form).problems)
    expect(problems.map((p) => [p.path, p.text])).toEqual([
      ['title.vi', 'required'],
      ['questions.0.options.0.points', 'wholeNumber'],
      ['questions.0.options.1.level', 'level_option_without_level'],
      ['questions.1.options.0.value', 'idChars'],
      ['questions.1.options.1.label.en', 'required'],
      ['questions.2.id', 'duplicate_id'],
    ])
    expect(problems.at(-1)?.params).toEqual({ id: 'overall' })
    expect(fieldId('questions.1.options.0.value')).toBe('qe-questions-1-options-0-value')
  })
})
