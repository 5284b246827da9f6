import { describe, expect, it } from 'vitest'
import { questionnaireDraftIssue, questionnaireDraftIssues } from '../../shared/admin'
import { QUICK_V1 } from '../../server/defaults/questionnaires'

const { version: _version, ...QUICK } = QUICK_V1

describe('questionnaire draft rules', () => {
  it('lists every problem in the order of the definition; the API names the first', () => {
    const [overall, problems, comment] = QUICK.questions
    const draft = {
      ...QUICK,
      questions: [
        { ...overall!, options: overall!.options.map((o, i) => (i === 1 ? { value: o.value, label: o.label } : o)) },
        { ...problems!, options: [problems!.options[0]!, problems!.options[0]!] },
        { ...comment!, id: 'problems', options: [problems!.options[1]!] },
      ],
    }
    const issues = questionnaireDraftIssues(draft)
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['questions.1.options.1.value', 'duplicate_value'],
      ['questions.2.id', 'duplicate_id'],
      ['questions.2.options', 'text_with_options'],
      ['questions.0.options.1.level', 'level_option_without_level'],
    ])
    expect(issues[1]!.params).toEqual({ id: 'problems' })
    expect(questionnaireDraftIssue(draft)).toEqual(issues[0])
  })

  it('refuses a follow-up that names no answer: it would never be asked', () => {
    const draft = { ...QUICK, questions: QUICK.questions.map((q) => (q.showIf ? { ...q, showIf: { question: q.showIf.question, anyOf: [] } } : q)) }
    expect(questionnaireDraftIssue(draft)).toMatchObject({ path: 'questions.1.showIf.anyOf', code: 'show_if_no_values', params: { id: 'overall' } })
  })

  it('finds nothing wrong with the shipped quick rating', () => {
    expect(questionnaireDraftIssues(QUICK)).toEqual([])
  })
})
