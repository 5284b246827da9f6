import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { defaultPeriod, formatRate, periodChoices, periodRange, PublicPeriod } from '../../shared/public-results'

describe('public periods', () => {
  it.each([
    ['2026', '2026-01-01', '2026-12-31'],
    ['2026-H1', '2026-01-01', '2026-06-30'],
    ['2026-H2', '2026-07-01', '2026-12-31'],
    ['2026-Q1', '2026-01-01', '2026-03-31'],
    ['2028-02', '2028-02-01', '2028-02-29'],
    ['2026-12', '2026-12-01', '2026-12-31'],
  ])('%s runs from %s to %s', (period, from, to) => {
    expect(periodRange(period)).toEqual({ from, to })
  })

  it('refuses what is not a period', () => {
    for (const bad of ['2026-Q5', '2026-13', '2026-H3', '26', '2026-1', '1999']) expect(v.safeParse(PublicPeriod, bad).success, bad).toBe(false)
  })

  it('defaults to the last quarter that has ended', () => {
    expect(defaultPeriod('2026-12-06')).toBe('2026-Q3')
    expect(defaultPeriod('2026-02-10')).toBe('2025-Q4')
    expect(defaultPeriod('2026-04-01')).toBe('2026-Q1')
  })

  it('offers only periods that have begun, newest first', () => {
    const values = periodChoices('2026-04-15').map((c) => c.value)
    expect(values).toContain('2026-Q2')
    expect(values).not.toContain('2026-Q3')
    expect(values).not.toContain('2026-H2')
    expect(values).not.toContain('2026-05')
    expect(values.filter((p) => /^\d{4}-\d\d$/.test(p))[0]).toBe('2026-04')
  })

  it('writes rates with the decimal mark of the language', () => {
    expect(formatRate(78.57, 'vi')).toBe('78,6%')
    expect(formatRate(78.57, 'en')).toBe('78.6%')
    expect(formatRate(100, 'vi')).toBe('100%')
  })
})
