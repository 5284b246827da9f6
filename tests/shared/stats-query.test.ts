import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { fromValibotIssues } from '../../shared/api-error'
import { GROUP_BYS, StatsQuery } from '../../shared/stats'

function firstPath(query: Record<string, unknown>): string {
  const result = v.safeParse(StatsQuery, query)
  expect(result.success).toBe(false)
  return result.success ? '' : fromValibotIssues(result.issues).path
}

describe('StatsQuery', () => {
  it('defaults groupBy to unit', () => {
    expect(v.parse(StatsQuery, { from: '2026-01-01', to: '2026-06-30' })).toEqual({ from: '2026-01-01', to: '2026-06-30', groupBy: 'unit' })
  })

  it.each([...GROUP_BYS])('accepts groupBy=%s', (groupBy) => {
    expect(v.parse(StatsQuery, { from: '2026-01-01', to: '2026-01-01', groupBy }).groupBy).toBe(groupBy)
  })

  it('accepts a single day (from = to)', () => {
    expect(v.safeParse(StatsQuery, { from: '2026-02-28', to: '2026-02-28' }).success).toBe(true)
  })

  it('accepts 29 February in a leap year', () => {
    expect(v.safeParse(StatsQuery, { from: '2028-02-29', to: '2028-03-01' }).success).toBe(true)
  })

  it('refuses from after to, naming from', () => {
    expect(firstPath({ from: '2026-07-01', to: '2026-06-30' })).toBe('from')
  })

  it.each([
    ['a day-first date', '30/06/2026'],
    ['a timestamp', '2026-06-30T00:00:00Z'],
    ['month 13', '2026-13-01'],
    ['an empty string', ''],
    // valibot's ISO pattern allows day 31 in every month; Date would roll it into March.
    ['31 February', '2026-02-31'],
    ['29 February outside a leap year', '2026-02-29'],
    ['31 April', '2026-04-31'],
    // Past year 9999 the day keys turn into "+010000-…" and the period loop never ends.
    ['year 9999', '9999-12-31'],
    ['year 0000', '0000-01-01'],
  ])('refuses %s as from, naming from', (_label, from) => {
    expect(firstPath({ from, to: '2026-12-31' })).toBe('from')
  })

  it.each([['31 February', '2026-02-31'], ['year 9999', '9999-12-31']])('refuses %s as to, naming to', (_label, to) => {
    expect(firstPath({ from: '2026-01-01', to })).toBe('to')
  })

  it('requires from and to', () => {
    expect(firstPath({ to: '2026-01-01' })).toBe('from')
    expect(firstPath({ from: '2026-01-01' })).toBe('to')
  })

  it('refuses an unknown groupBy, naming groupBy and listing the choices', () => {
    const result = v.safeParse(StatsQuery, { from: '2026-01-01', to: '2026-01-31', groupBy: 'year' })
    expect(result.success).toBe(false)
    const issue = fromValibotIssues(result.issues!)
    expect(issue.path).toBe('groupBy')
    expect(issue.message).toContain('unit, counter, procedure, question, day, week, month')
  })

  it('refuses a period longer than ten years, naming to', () => {
    expect(firstPath({ from: '2020-01-01', to: '2031-01-01' })).toBe('to')
    expect(v.safeParse(StatsQuery, { from: '2020-01-01', to: '2029-12-31' }).success).toBe(true)
  })

  it('refuses a repeated parameter (a list where one date is expected)', () => {
    expect(firstPath({ from: ['2026-01-01', '2026-02-01'], to: '2026-03-01' })).toBe('from')
  })
})
