import { describe, expect, it } from 'vitest'
import { today } from '../../shared/dates'
import {
  defaultSeries,
  keyPeriod,
  matchingPresets,
  presetPeriod,
  readStatsView,
  type PeriodPreset,
} from '../../client/stores/stats-period'

/** Today in Asia/Ho_Chi_Minh at a UTC instant: the presets are always computed from this. */
const hcmDay = (utc: string) => today(Date.parse(utc))

function all(day: string): Record<PeriodPreset, string> {
  const presets: PeriodPreset[] = ['this_month', 'last_month', 'this_quarter', 'first_half', 'second_half', 'this_year']
  return Object.fromEntries(presets.map((p) => {
    const { from, to } = presetPeriod(p, day)
    return [p, `${from}..${to}`]
  })) as Record<PeriodPreset, string>
}

describe('period presets in Asia/Ho_Chi_Minh', () => {
  it('still counts 30 June as the first half-year one second before midnight in Hà Tĩnh', () => {
    const day = hcmDay('2025-06-30T16:59:59Z')
    expect(day).toBe('2025-06-30')
    expect(all(day)).toEqual({
      this_month: '2025-06-01..2025-06-30',
      last_month: '2025-05-01..2025-05-31',
      this_quarter: '2025-04-01..2025-06-30',
      first_half: '2025-01-01..2025-06-30',
      // Before July the latest second half-year is last year's, whole.
      second_half: '2024-07-01..2024-12-31',
      this_year: '2025-01-01..2025-06-30',
    })
  })

  it('starts the second half-year at midnight in Hà Tĩnh, while it is still 30 June in UTC', () => {
    const day = hcmDay('2025-06-30T17:00:00Z')
    expect(day).toBe('2025-07-01')
    expect(all(day)).toEqual({
      this_month: '2025-07-01..2025-07-01',
      last_month: '2025-06-01..2025-06-30',
      this_quarter: '2025-07-01..2025-07-01',
      first_half: '2025-01-01..2025-06-30',
      second_half: '2025-07-01..2025-07-01',
      this_year: '2025-01-01..2025-07-01',
    })
  })

  it('turns the year at midnight in Hà Tĩnh: last month is December of the year before', () => {
    expect(hcmDay('2025-12-31T16:59:59Z')).toBe('2025-12-31')
    const day = hcmDay('2025-12-31T17:00:00Z')
    expect(day).toBe('2026-01-01')
    expect(all(day)).toEqual({
      this_month: '2026-01-01..2026-01-01',
      last_month: '2025-12-01..2025-12-31',
      this_quarter: '2026-01-01..2026-01-01',
      first_half: '2026-01-01..2026-01-01',
      second_half: '2025-07-01..2025-12-31',
      this_year: '2026-01-01..2026-01-01',
    })
  })

  it('ends a running period today and a finished one on its last day', () => {
    expect(presetPeriod('first_half', '2026-03-15')).toEqual({ from: '2026-01-01', to: '2026-03-15' })
    expect(presetPeriod('first_half', '2026-11-28')).toEqual({ from: '2026-01-01', to: '2026-06-30' })
    expect(presetPeriod('second_half', '2026-12-31')).toEqual({ from: '2026-07-01', to: '2026-12-31' })
  })

  it('knows the length of last month, leap February included', () => {
    expect(presetPeriod('last_month', '2024-03-10')).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(presetPeriod('last_month', '2025-03-31')).toEqual({ from: '2025-02-01', to: '2025-02-28' })
    expect(presetPeriod('last_month', '2025-05-31')).toEqual({ from: '2025-04-01', to: '2025-04-30' })
  })

  it('starts each quarter on the first of January, April, July and October', () => {
    expect(presetPeriod('this_quarter', '2025-03-31').from).toBe('2025-01-01')
    expect(presetPeriod('this_quarter', '2025-04-01').from).toBe('2025-04-01')
    expect(presetPeriod('this_quarter', '2025-09-30').from).toBe('2025-07-01')
    expect(presetPeriod('this_quarter', '2025-12-31').from).toBe('2025-10-01')
  })

  it('names every preset that gives the period shown', () => {
    expect(matchingPresets({ from: '2026-01-01', to: '2026-01-01' }, '2026-01-01')).toEqual(['this_month', 'this_quarter', 'first_half', 'this_year'])
    expect(matchingPresets({ from: '2026-10-01', to: '2026-10-31' }, '2026-11-28')).toEqual(['last_month'])
    expect(matchingPresets({ from: '2026-10-02', to: '2026-10-31' }, '2026-11-28')).toEqual([])
  })
})

describe('readStatsView', () => {
  it('falls back to the current month to date and grouping by unit', () => {
    expect(readStatsView({}, '2026-11-28')).toEqual({ from: '2026-11-01', to: '2026-11-28', groupBy: 'unit', series: 'day' })
  })

  it('takes the filters from the URL, the first of repeated ones, and passes an unknown groupBy on for the server to name', () => {
    expect(readStatsView({ from: ['2026-01-01', '2026-02-01'], to: '2026-06-30', groupBy: 'nonsense' }, '2026-11-28')).toEqual({
      from: '2026-01-01',
      to: '2026-06-30',
      groupBy: 'nonsense',
      series: 'week',
    })
  })

  it('keeps a chosen series granularity and ignores one the API does not know', () => {
    expect(readStatsView({ series: 'month' }, '2026-11-28').series).toBe('month')
    expect(readStatsView({ series: 'hour' }, '2026-11-28').series).toBe('day')
  })
})

describe('defaultSeries', () => {
  it('picks days for a month, weeks for a quarter or half-year, months for a year', () => {
    expect(defaultSeries({ from: '2026-11-01', to: '2026-11-30' })).toBe('day')
    expect(defaultSeries({ from: '2026-10-01', to: '2026-12-31' })).toBe('week')
    expect(defaultSeries({ from: '2026-01-01', to: '2026-06-30' })).toBe('week')
    expect(defaultSeries({ from: '2026-01-01', to: '2026-12-31' })).toBe('month')
  })

  it('falls back to days when the dates cannot be read', () => {
    expect(defaultSeries({ from: 'abc', to: '2026-12-31' })).toBe('day')
  })
})

describe('keyPeriod', () => {
  const period = { from: '2026-11-04', to: '2026-11-28' }
  it('clips a week that started before the period', () => {
    expect(keyPeriod('2026-11-02', 'week', period)).toEqual({ from: '2026-11-04', to: '2026-11-08' })
    expect(keyPeriod('2026-11-23', 'week', period)).toEqual({ from: '2026-11-23', to: '2026-11-28' })
  })

  it('spans a whole month, December included, within the period', () => {
    expect(keyPeriod('2026-12', 'month', { from: '2026-01-01', to: '2026-12-31' })).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(keyPeriod('2024-02', 'month', { from: '2024-01-01', to: '2024-12-31' })).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(keyPeriod('2026-11', 'month', period)).toEqual(period)
  })
})
