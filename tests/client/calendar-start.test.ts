import { describe, expect, it } from 'vitest'
import { startDayFor } from '../../client/components/admin/calendar-start'

// Friday 4 December 2026, 10:00 in Hà Tĩnh.
const NOW = Date.parse('2026-12-04T03:00:00Z')

describe('the day a new calendar row starts at', () => {
  it('is today for the year shown when it is this year, or for all years', () => {
    expect(startDayFor('holidays', 2026, [], NOW)).toBe('2026-12-04')
    expect(startDayFor('holidays', null, [], NOW)).toBe('2026-12-04')
  })

  it('uses Hà Tĩnh’s date, not the device’s UTC one', () => {
    // 23:30 UTC on 3 December is already 4 December in Hà Tĩnh.
    expect(startDayFor('holidays', null, [], Date.parse('2026-12-03T23:30:00Z'))).toBe('2026-12-04')
  })

  it('skips days already listed and, for days off, weekends', () => {
    expect(startDayFor('holidays', 2026, ['2026-12-04'], NOW)).toBe('2026-12-07')
  })

  it('starts a working day (a Saturday worked in exchange) on a Saturday', () => {
    expect(startDayFor('workingDays', 2026, [], NOW)).toBe('2026-12-05')
    expect(startDayFor('workingDays', 2026, ['2026-12-05'], NOW)).toBe('2026-12-12')
  })

  it('starts another year at its first free day: 01/01 only while it is not listed yet', () => {
    expect(startDayFor('holidays', 2027, ['2027-01-01'], NOW)).toBe('2027-01-04') // 2–3 January are a weekend
    expect(startDayFor('holidays', 2027, [], NOW)).toBe('2027-01-01')
    expect(startDayFor('workingDays', 2027, [], NOW)).toBe('2027-01-02')
  })
})
