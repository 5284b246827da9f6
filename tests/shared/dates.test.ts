import { describe, expect, it } from 'vitest'
import { addDays, formatDay, localParts, monthOf, TIME_ZONE, today, weekStart } from '../../shared/dates'

describe('localParts in Asia/Ho_Chi_Minh', () => {
  it('uses the Vietnamese time zone', () => {
    expect(TIME_ZONE).toBe('Asia/Ho_Chi_Minh')
  })

  it('puts 2026-06-30T17:30:00Z on 01/07 local, at 00 h, a Wednesday', () => {
    expect(localParts(Date.parse('2026-06-30T17:30:00Z'))).toEqual({ day: '2026-07-01', hour: 0, weekday: 3 })
  })

  it('puts 2026-06-30T16:59:59Z on 30/06 local, at 23 h, a Tuesday', () => {
    expect(localParts(Date.parse('2026-06-30T16:59:59Z'))).toEqual({ day: '2026-06-30', hour: 23, weekday: 2 })
  })

  it('turns the year at 17:00 UTC on 31 December', () => {
    expect(localParts(Date.parse('2026-12-31T16:59:59.999Z')).day).toBe('2026-12-31')
    expect(localParts(Date.parse('2026-12-31T17:00:00Z')).day).toBe('2027-01-01')
  })

  it('gives a Sunday as weekday 0', () => {
    expect(localParts(Date.parse('2026-06-28T05:00:00Z')).weekday).toBe(0)
  })

  it('gives today as the local day', () => {
    expect(today(Date.parse('2026-03-01T18:00:00Z'))).toBe('2026-03-02')
  })
})

describe('weekStart', () => {
  it.each([
    ['2026-06-29', '2026-06-29'], // Monday
    ['2026-07-01', '2026-06-29'], // Wednesday
    ['2026-07-05', '2026-06-29'], // Sunday belongs to the week that began on Monday
    ['2026-07-06', '2026-07-06'],
    ['2027-01-01', '2026-12-28'], // across a year end
    ['2028-03-01', '2028-02-28'], // across a leap day
  ])('puts %s in the week starting Monday %s', (day, monday) => {
    expect(weekStart(day)).toBe(monday)
  })
})

describe('formatDay, monthOf, addDays', () => {
  it('formats a day as dd/MM/yyyy', () => {
    expect(formatDay('2026-07-01')).toBe('01/07/2026')
  })

  it('formats a month as MM/yyyy', () => {
    expect(formatDay('2026-07')).toBe('07/2026')
  })

  it('takes the month of a day', () => {
    expect(monthOf('2026-12-31')).toBe('2026-12')
  })

  it('adds days across month and leap-year ends', () => {
    expect(addDays('2026-06-30', 1)).toBe('2026-07-01')
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29')
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01')
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31')
  })
})
