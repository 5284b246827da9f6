import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { fromValibotIssues } from '../../shared/api-error'
import { DossierCode, MAX_BATCH, ResponseBatch, ResponseIn } from '../../shared/response'

const GOOD = {
  id: '01936f5e-8a3b-7c4d-9e2f-0123456789ab',
  counter: 'HCC-01',
  procedure: 'HC-NGCV',
  dossier: 'hs-2026/001',
  questionnaire: { key: 'quick', version: 1 },
  answers: { overall: 'unsatisfied', problems: ['waiting_time', 'fees'], comment: 'Chờ lâu quá' },
  lang: 'vi',
  submittedAt: '2026-06-30T17:30:00.000Z',
}

function parse(overrides: Record<string, unknown>) {
  return v.safeParse(ResponseIn, { ...GOOD, ...overrides })
}

/** The dotted path of the first issue, as the API reports it. */
function firstPath(overrides: Record<string, unknown>): string {
  return firstPathOf({ ...GOOD, ...overrides })
}

function firstPathOf(value: Record<string, unknown>): string {
  const result = v.safeParse(ResponseIn, value)
  expect(result.success).toBe(false)
  return result.success ? '' : fromValibotIssues(result.issues).path
}

function without(key: keyof typeof GOOD) {
  const copy: Record<string, unknown> = { ...GOOD }
  delete copy[key]
  return copy
}

describe('ResponseIn', () => {
  it('accepts a full response and keeps its content', () => {
    const result = v.safeParse(ResponseIn, GOOD)
    expect(result.success).toBe(true)
    expect(result.output).toEqual({ ...GOOD, dossier: 'HS-2026/001' })
  })

  it('accepts a response without procedure and dossier (both optional)', () => {
    const minimal = without('procedure')
    delete minimal.dossier
    expect(v.safeParse(ResponseIn, minimal).success).toBe(true)
  })

  it('lower-cases an upper-case UUID v7 id so a resend matches', () => {
    const result = parse({ id: GOOD.id.toUpperCase() })
    expect(result.success && result.output.id).toBe(GOOD.id)
  })

  it.each([
    ['a UUID v4', '0f8fad5b-d9cb-469f-a165-70867728950e'],
    ['a UUID v1', 'c232ab00-9414-11ec-b3c8-9f6bdeced846'],
    ['a v7 with a bad variant', '01936f5e-8a3b-7c4d-1e2f-0123456789ab'],
    ['a ULID', '01ARZ3NDEKTSV4RRFFQ69G5FAV'],
    ['an empty string', ''],
    ['a v7 with a trailing space', `${GOOD.id} `],
  ])('refuses %s as the id', (_label, id) => {
    expect(firstPath({ id })).toBe('id')
  })

  it('refuses a number as the id', () => {
    expect(firstPath({ id: 7 })).toBe('id')
  })

  it('trims codes and accepts letters, digits, dot, dash and underscore', () => {
    const result = parse({ counter: '  HCC-01 ', procedure: 'a.b_c-1' })
    expect(result.success && [result.output.counter, result.output.procedure]).toEqual(['HCC-01', 'a.b_c-1'])
  })

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['41 characters', 'A'.repeat(41)],
    ['a slash', 'HCC/01'],
    ['a leading dash', '-HCC'],
    ['a space inside', 'HCC 01'],
    ['Vietnamese letters', 'QUẦY-1'],
  ])('refuses a counter code that is %s', (_label, counter) => {
    expect(firstPath({ counter })).toBe('counter')
  })

  it('refuses a bad procedure code naming procedure', () => {
    expect(firstPath({ procedure: 'x y' })).toBe('procedure')
  })

  it('normalises the dossier code to trimmed upper case', () => {
    const result = parse({ dossier: '  000.12.34.h23-260630-0001 ' })
    expect(result.success && result.output.dossier).toBe('000.12.34.H23-260630-0001')
  })

  it.each([
    ['too short', 'ab'],
    ['too long', 'A'.repeat(41)],
    ['with a space inside', 'HS 001'],
    ['starting with a dash', '-HS001'],
    ['with a colon', 'HS:001'],
    ['empty', ''],
  ])('refuses a dossier code %s', (_label, dossier) => {
    expect(firstPath({ dossier })).toBe('dossier')
  })

  it.each([
    ['a missing key', { version: 1 }, 'questionnaire.key'],
    ['an upper-case key', { key: 'Quick', version: 1 }, 'questionnaire.key'],
    ['version 0', { key: 'quick', version: 0 }, 'questionnaire.version'],
    ['version 1.5', { key: 'quick', version: 1.5 }, 'questionnaire.version'],
    ['version "1"', { key: 'quick', version: '1' }, 'questionnaire.version'],
    ['an extra field', { key: 'quick', version: 1, kind: 'quick' }, 'questionnaire.kind'],
  ])('refuses a questionnaire with %s', (_label, questionnaire, path) => {
    expect(firstPath({ questionnaire })).toBe(path)
  })

  it('accepts answers as option strings, lists of options and text', () => {
    expect(parse({ answers: { a: 'x', b: ['y', 'z'], c: '' } }).success).toBe(true)
  })

  it.each([
    ['a number', { overall: 3 }, 'answers.overall'],
    ['null', { overall: null }, 'answers.overall'],
    ['an object', { overall: { value: 'x' } }, 'answers.overall'],
    ['a list holding a number', { problems: ['fees', 1] }, 'answers.problems'],
    ['text over 2000 characters', { comment: 'x'.repeat(2001) }, 'answers.comment'],
    ['a list of 21 options', { problems: Array.from({ length: 21 }, (_, i) => `o${i}`) }, 'answers.problems'],
    ['an option over 40 characters', { problems: ['fees', 'x'.repeat(41)] }, 'answers.problems.1'],
    ['an upper-case question id', { Overall: 'satisfied' }, 'answers.Overall'],
    ['a question id with a dash', { 'over-all': 'satisfied' }, 'answers.over-all'],
  ])('refuses answers with %s', (_label, answers, path) => {
    expect(firstPath({ answers })).toBe(path)
  })

  it('refuses more than 60 answers', () => {
    const answers = Object.fromEntries(Array.from({ length: 61 }, (_, i) => [`q${i}`, 'x']))
    expect(firstPath({ answers })).toBe('answers')
    expect(parse({ answers: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`q${i}`, 'x'])) }).success).toBe(true)
  })

  it.each(['vi', 'en'])('accepts lang %s', (lang) => {
    expect(parse({ lang }).success).toBe(true)
  })

  it.each(['fr', 'VI', '', null])('refuses lang %s', (lang) => {
    expect(firstPath({ lang })).toBe('lang')
  })

  // A wrong device clock is still a timestamp: the server decides when such a rating counts.
  it.each(['2026-06-30T17:30:00Z', '2026-06-30T17:30:00.123Z', '2026-07-01T00:30:00+07:00', '1970-01-01T00:00:00Z', '0999-06-01T00:00:00Z'])('accepts submittedAt %s', (submittedAt) => {
    expect(parse({ submittedAt }).success).toBe(true)
  })

  it.each([
    ['a date without time', '2026-06-30'],
    ['a time without zone', '2026-06-30T17:30:00'],
    ['a locale string', '30/06/2026 17:30'],
    ['epoch milliseconds', 1782840600000],
    // valibot's ISO pattern lets an hours-only offset through, but Date.parse cannot read it.
    ['an hours-only offset', '2026-06-30T17:30:00+07'],
    ['31 February', '2026-02-31T08:00:00Z'],
  ])('refuses submittedAt as %s', (_label, submittedAt) => {
    expect(firstPath({ submittedAt })).toBe('submittedAt')
  })

  it.each(['id', 'counter', 'questionnaire', 'answers', 'lang', 'submittedAt'] as const)('requires %s', (key) => {
    expect(firstPathOf(without(key))).toBe(key)
  })

  it('refuses an unknown field, naming it (strict: nothing unchecked is stored)', () => {
    expect(firstPath({ name: 'Nguyễn Văn A' })).toBe('name')
  })

  it.each([null, 'x', 1, [], true])('refuses %j instead of an object', (value) => {
    expect(v.safeParse(ResponseIn, value).success).toBe(false)
  })
})

describe('DossierCode', () => {
  it('is the same code however the citizen typed it', () => {
    const codes = ['hs-001', ' HS-001', 'Hs-001  ', 'HS-001'].map((code) => v.parse(DossierCode, code))
    expect(new Set(codes)).toEqual(new Set(['HS-001']))
  })
})

describe('ResponseBatch', () => {
  it('accepts 1 and MAX_BATCH items, leaving each item unchecked', () => {
    expect(MAX_BATCH).toBe(500)
    expect(v.safeParse(ResponseBatch, { responses: [{ junk: true }] }).success).toBe(true)
    expect(v.safeParse(ResponseBatch, { responses: Array.from({ length: 500 }, () => null) }).success).toBe(true)
  })

  it.each([
    ['no items', { responses: [] }],
    ['501 items', { responses: Array.from({ length: 501 }, () => ({})) }],
    ['no list', {}],
    ['a map instead of a list', { responses: { 0: {} } }],
  ])('refuses a batch with %s, naming responses', (_label, body) => {
    const result = v.safeParse(ResponseBatch, body)
    expect(result.success).toBe(false)
    expect(result.success ? '' : fromValibotIssues(result.issues).path).toBe('responses')
  })

  it('refuses an extra envelope field', () => {
    const result = v.safeParse(ResponseBatch, { responses: [{}], force: true })
    expect(result.success ? '' : fromValibotIssues(result.issues).path).toBe('force')
  })
})
