import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { fromValibotIssues } from '../../shared/api-error'
import { StatsQuery } from '../../shared/stats'
import { FeedbackAction, InboxQuery, SummaryQuery } from '../../shared/staff-feedback'

/** The API's message for a value a schema refuses, as `validate` answers it. */
function refusal(schema: v.GenericSchema, value: unknown, prefix = '') {
  const result = v.safeParse(schema, value, { abortEarly: true })
  if (result.success) throw new Error('expected a refusal')
  return fromValibotIssues(result.issues, prefix, schema)
}

describe('API validation messages name the field in plain words', () => {
  it('says a missing field is required, and what it takes', () => {
    expect(refusal(StatsQuery, { to: '2026-01-31' })).toEqual({ code: 'invalid', path: 'from', message: 'from: is required (a date YYYY-MM-DD)' })
    expect(refusal(SummaryQuery, { from: '2026-01-01' }).message).toBe('to: is required (a day as YYYY-MM-DD)')
    expect(refusal(FeedbackAction, { action: 'assign', version: 1 }).message).toBe('staffId: is required (a staff id or null)')
    expect(refusal(FeedbackAction, { action: 'note', version: 1 }).message).toBe('text: is required (text)')
  })

  it('names the action a body without one must carry', () => {
    const { message, path } = refusal(FeedbackAction, { version: 1 })
    expect(path).toBe('action')
    expect(message).toMatch(/^action: is required \(one of acknowledge, start, assign, /)
  })

  it('says a field the request does not take is not one of its fields', () => {
    expect(refusal(InboxQuery, { fromm: '2026-01-01' })).toEqual({ code: 'invalid', path: 'fromm', message: 'fromm: is not a field of this request' })
  })

  it('puts valibot’s own wording (types, lengths, sizes) in plain words', () => {
    const schema = v.strictObject({
      name: v.string(),
      count: v.pipe(v.number(), v.integer()),
      tags: v.pipe(v.array(v.string()), v.maxLength(2)),
      code: v.pipe(v.string(), v.minLength(3)),
      size: v.pipe(v.number(), v.maxValue(10)),
      kind: v.picklist(['a', 'b']),
      on: v.boolean(),
    })
    const good = { name: 'x', count: 1, tags: [], code: 'abc', size: 1, kind: 'a', on: true }
    expect(refusal(schema, { ...good, name: 5 }).message).toBe('name: must be text')
    expect(refusal(schema, { ...good, count: 1.5 }).message).toBe('count: must be a whole number')
    expect(refusal(schema, { ...good, count: 'one' }).message).toBe('count: must be a whole number')
    expect(refusal(schema, { ...good, tags: ['a', 'b', 'c'] }).message).toBe('tags: is too long (at most 2 items)')
    expect(refusal(schema, { ...good, code: 'ab' }).message).toBe('code: is too short (at least 3 characters)')
    expect(refusal(schema, { ...good, size: 11 }).message).toBe('size: must be at most 10')
    expect(refusal(schema, { ...good, kind: 'c' }).message).toBe('kind: must be one of a, b')
    expect(refusal(schema, { ...good, on: 'yes' }).message).toBe('on: must be true or false')
    expect(refusal(schema, 'text').message).toBe('body: must be an object')
    expect(refusal(schema, { ...good, tags: [1] }).message).toBe('tags.0: must be text')
  })

  it('keeps the words a schema chose, and re-roots the path under a prefix', () => {
    expect(refusal(InboxQuery, { view: 'late' }).message).toBe('view: must be open, overdue or all')
    expect(refusal(InboxQuery, { q: 'x'.repeat(201) }, 'query')).toEqual({ code: 'invalid', path: 'query.q', message: 'query.q: is too long (at most 200 characters)' })
  })

  it('never passes valibot’s raw “Invalid …: Expected … but received …”, with or without the schema', () => {
    const schema = v.strictObject({ from: v.string(), n: v.number(), list: v.array(v.number()) })
    for (const value of [{}, { from: 1, n: 1, list: [] }, { from: '', n: 'x', list: [] }, { from: '', n: 1, list: ['x'] }, { from: '', n: 1, list: [], x: 1 }]) {
      const result = v.safeParse(schema, value)
      if (result.success) throw new Error('expected a refusal')
      for (const withSchema of [schema, undefined]) {
        expect(fromValibotIssues(result.issues, '', withSchema).message).not.toMatch(/Invalid|Expected|received/)
      }
    }
  })
})
