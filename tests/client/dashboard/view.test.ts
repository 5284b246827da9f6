import { describe, expect, it } from 'vitest'
import { previousPeriod } from '../../../shared/dashboard'
import {
  dashboardParams,
  presetOf,
  presetPeriod,
  readDashboardView,
  reportUrl,
  stepPeriod,
  viewQuery,
  withFilter,
  type DashboardPreset,
  type DashboardView,
} from '../../../client/dashboard/view'

const span = (p: { from: string; to: string }) => `${p.from}..${p.to}`

describe('dashboard presets', () => {
  it('gives the whole calendar period that holds a day', () => {
    const day = '2026-11-29' // a Sunday
    const all = Object.fromEntries((['week', 'month', 'quarter', 'half', 'year'] as DashboardPreset[]).map((p) => [p, span(presetPeriod(p, day))]))
    expect(all).toEqual({
      week: '2026-11-23..2026-11-29',
      month: '2026-11-01..2026-11-30',
      quarter: '2026-10-01..2026-12-31',
      half: '2026-07-01..2026-12-31',
      year: '2026-01-01..2026-12-31',
    })
  })

  it('puts 30 June in the first half-year and 1 July in the second', () => {
    expect(span(presetPeriod('half', '2026-06-30'))).toBe('2026-01-01..2026-06-30')
    expect(span(presetPeriod('half', '2026-07-01'))).toBe('2026-07-01..2026-12-31')
  })

  it('steps back and forth across year ends, leap days and month lengths', () => {
    expect(span(stepPeriod('half', { from: '2026-01-01', to: '2026-06-30' }, -1))).toBe('2025-07-01..2025-12-31')
    expect(span(stepPeriod('half', { from: '2025-07-01', to: '2025-12-31' }, 1))).toBe('2026-01-01..2026-06-30')
    expect(span(stepPeriod('month', { from: '2024-01-01', to: '2024-01-31' }, 1))).toBe('2024-02-01..2024-02-29')
    expect(span(stepPeriod('month', { from: '2026-01-01', to: '2026-01-31' }, -1))).toBe('2025-12-01..2025-12-31')
    expect(span(stepPeriod('quarter', { from: '2026-10-01', to: '2026-12-31' }, 1))).toBe('2027-01-01..2027-03-31')
    expect(span(stepPeriod('week', { from: '2026-12-28', to: '2027-01-03' }, 1))).toBe('2027-01-04..2027-01-10')
    expect(span(stepPeriod('year', { from: '2026-01-01', to: '2026-12-31' }, -2))).toBe('2024-01-01..2024-12-31')
  })

  it('compares a preset with the same kind of period just before, as the server does', () => {
    for (const preset of ['month', 'quarter', 'half', 'year'] as DashboardPreset[]) {
      const period = presetPeriod(preset, '2026-05-17')
      expect(previousPeriod(period.from, period.to)).toEqual(stepPeriod(preset, period, -1))
    }
  })

  it('recognises a preset from its dates only when they are exactly that period', () => {
    expect(presetOf({ from: '2026-01-01', to: '2026-06-30' })).toBe('half')
    expect(presetOf({ from: '2026-01-01', to: '2026-12-31' })).toBe('year')
    expect(presetOf({ from: '2026-04-01', to: '2026-06-30' })).toBe('quarter')
    expect(presetOf({ from: '2026-01-01', to: '2026-06-29' })).toBeNull()
    expect(presetOf({ from: 'nonsense', to: '2026-06-29' })).toBeNull()
  })
})

describe('the dashboard view in the URL', () => {
  it('round-trips every filter through the query', () => {
    const views: DashboardView[] = [
      { preset: 'half', from: '2026-01-01', to: '2026-06-30', unit: 'LS', counter: 'HCC-01', procedure: 'HC-NGCV' },
      { preset: 'week', from: '2026-11-23', to: '2026-11-29' },
      { preset: null, from: '2026-02-03', to: '2026-03-04', counter: 'HCC-02' },
      { preset: 'month', from: '2026-10-01', to: '2026-10-31', channel: 'kiosk' },
    ]
    for (const view of views) expect(readDashboardView(viewQuery(view), '2026-11-29')).toEqual(view)
  })

  it('opens on the current month when the URL says nothing', () => {
    const view = readDashboardView({}, '2026-11-29')
    expect(view).toEqual({ preset: 'month', from: '2026-11-01', to: '2026-11-30' })
    expect(viewQuery(view)).toEqual({ preset: 'month', from: '2026-11-01', to: '2026-11-30' })
  })

  it("puts a hand-edited preset URL right and names a typed period's preset", () => {
    expect(readDashboardView({ preset: 'half', from: '2026-03-15', to: '2027-01-01' }, '2026-11-29')).toMatchObject({ from: '2026-01-01', to: '2026-06-30' })
    expect(readDashboardView({ preset: 'bogus', from: '2026-07-01', to: '2026-12-31' }, '2026-11-29').preset).toBe('half')
    expect(readDashboardView({ preset: 'year' }, '2026-11-29')).toMatchObject({ from: '2026-01-01', to: '2026-12-31' })
  })

  it('passes a bad typed date on, for the server to name', () => {
    expect(readDashboardView({ from: '2026-02-31', to: '2026-03-01' }, '2026-11-29')).toEqual({ preset: null, from: '2026-02-31', to: '2026-03-01' })
  })

  it('keeps only the first of repeated parameters and ignores empty ones', () => {
    expect(readDashboardView({ preset: 'month', from: ['2026-02-10', '2026-05-01'], unit: '' }, '2026-11-29')).toEqual({
      preset: 'month',
      from: '2026-02-01',
      to: '2026-02-28',
    })
  })

  it('asks the API and the report for the same period and filters', () => {
    const view: DashboardView = { preset: 'half', from: '2026-01-01', to: '2026-06-30', unit: 'LS' }
    expect(dashboardParams(view).toString()).toBe('from=2026-01-01&to=2026-06-30&unit=LS')
    expect(dashboardParams(withFilter(view, 'unit', undefined)).toString()).toBe('from=2026-01-01&to=2026-06-30')
    // The unit's report for a view filtered to one unit; a counter or procedure filter makes no report of its own.
    expect(reportUrl(view, 'xlsx')).toBe('/api/staff/reports/period?from=2026-01-01&to=2026-06-30&format=xlsx&unit=LS')
    const byCounter: DashboardView = { ...withFilter(view, 'unit', undefined), counter: 'HCC-01' }
    expect(reportUrl(byCounter, 'csv')).toBe('/api/staff/reports/period?from=2026-01-01&to=2026-06-30&format=csv')
  })
})
