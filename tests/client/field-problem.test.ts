import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { fieldProblemOf, fieldProblemText } from '../../client/api/field-problem'
import { problemText } from '../../client/admin/problems'
import { fromValibotIssues } from '../../shared/api-error'
import { StatsQuery } from '../../shared/stats'
import { FeedbackAction, InboxQuery } from '../../shared/staff-feedback'

function apiMessage(schema: v.GenericSchema, value: unknown): { message: string; path: string } {
  const result = v.safeParse(schema, value, { abortEarly: true })
  if (result.success) throw new Error('expected a refusal')
  return fromValibotIssues(result.issues, '', schema)
}

describe('a field problem from the API, in the page’s language', () => {
  it('reads the API’s plain words back', () => {
    expect(fieldProblemOf('from: is required (a date YYYY-MM-DD)', 'from')).toEqual({ key: 'required', params: {} })
    expect(fieldProblemOf('q: is too long (at most 200 characters)')).toEqual({ key: 'tooLong', params: { n: 200 } })
    expect(fieldProblemOf('tags: is too long (at most 3 items)')).toEqual({ key: 'tooMany', params: { n: 3 } })
    expect(fieldProblemOf('from: must be a day as YYYY-MM-DD').key).toBe('date')
    expect(fieldProblemOf('view: must be open, overdue or all').key).toBe('notInList')
    expect(fieldProblemOf('kind: must be one of a, b').key).toBe('notInList')
    expect(fieldProblemOf('on: must be true or false').key).toBe('yesNo')
    expect(fieldProblemOf('fromm: is not a field of this request').key).toBe('unknownField')
    expect(fieldProblemOf('to: must not be before from').key).toBe('periodOrder')
  })

  it('says every message the server writes for these queries in Vietnamese, never in English', () => {
    const messages = [
      apiMessage(StatsQuery, { to: '2026-01-31' }),
      apiMessage(StatsQuery, { from: '2026-02-30', to: '2026-03-01' }),
      apiMessage(StatsQuery, { from: '2026-03-01', to: '2026-02-01' }),
      apiMessage(InboxQuery, { view: 'late' }),
      apiMessage(InboxQuery, { page: '0' }),
      apiMessage(InboxQuery, { nope: '1' }),
      apiMessage(FeedbackAction, { action: 'assign', version: 1, staffId: 'x' }),
      apiMessage(FeedbackAction, { action: 'answer', version: 1, answer: 'x'.repeat(5001) }),
    ]
    for (const { message, path } of messages) {
      const vi = fieldProblemText(message, 'vi', path)
      expect(vi, message).not.toMatch(/\b(must|is|not|required|the|of|valid)\b/)
      expect(fieldProblemOf(message, path).key, message).not.toBe('invalid')
    }
    expect(fieldProblemText('from: is required (a date YYYY-MM-DD)', 'vi', 'from')).toBe('Vui lòng điền mục này.')
    expect(fieldProblemText('answer: is too long (at most 5000 characters)', 'vi')).toBe('Quá dài: tối đa 5000 ký tự.')
  })

  it('calls what it cannot read “not valid” on a Vietnamese page, and shows the API’s words on an English one', () => {
    expect(fieldProblemText('x: has a shape nobody expected', 'vi', 'x')).toBe('Giá trị chưa hợp lệ.')
    expect(fieldProblemText('x: has a shape nobody expected', 'en', 'x')).toBe('has a shape nobody expected')
    expect(fieldProblemText('from: is required (a date YYYY-MM-DD)', 'en', 'from')).toBe('Please fill this in.')
  })

  it('gives the administration pages these words where no sentence of their own matches', () => {
    const text = problemText({ code: 'invalid', message: 'is required (a staff id or null)', path: 'staffId' })
    expect(text.words).toBe('is required (a staff id or null)')
    expect(fieldProblemText(text.words!, 'vi')).toBe('Vui lòng điền mục này.')
    // A sentence the page knows keeps its own words.
    expect(problemText({ code: 'invalid', message: 'is too long (at most 300 characters)', path: 'name.vi' })).toEqual({ key: 'admin.problem.tooLong', params: { max: 300 } })
  })
})
