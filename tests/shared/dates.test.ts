import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addDays, formatDay, formatLocalDay, isCalendarDay, localDayOf, localDayStart, localParts,
  monthOf, parseDay, TIME_ZONE, today, toEpochMs, wallClock, weekStart, zonedInstant,
} from '../../shared/dates'

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

describe('the wall clock in Hà Tĩnh', () => {
  it('reads the day, hour, minute, second and weekday of an instant', () => {
    expect(wallClock(Date.parse('2026-06-30T17:05:09Z'))).toEqual({ day: '2026-07-01', hour: 0, minute: 5, second: 9, weekday: 3 })
  })

  it('gives the local day of a timestamp, which must carry its offset', () => {
    expect(localDayOf('2026-06-30T17:00:00Z')).toBe('2026-07-01')
    expect(localDayOf('2026-07-01T06:59:59+07:00')).toBe('2026-07-01')
    expect(() => toEpochMs('2026-07-01T08:00:00')).toThrow(RangeError)
    expect(() => toEpochMs('not a time')).toThrow(RangeError)
  })

  it('writes the day an instant falls on as dd/MM/yyyy', () => {
    expect(formatLocalDay(Date.parse('2026-12-31T17:00:00Z'))).toBe('01/01/2027')
  })

  it('finds the instant a local time happens, midnight at 17:00 UTC the day before', () => {
    expect(new Date(zonedInstant('2026-07-01', 17 * 60)).toISOString()).toBe('2026-07-01T10:00:00.000Z')
    expect(new Date(localDayStart('2026-07-01')).toISOString()).toBe('2026-06-30T17:00:00.000Z')
    expect(() => localDayStart('2026-02-30')).toThrow(RangeError)
  })

  it('goes round: the local day of the start of a day is that day', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }), (date) => {
        const day = date.toISOString().slice(0, 10)
        expect(localDayOf(localDayStart(day))).toBe(day)
        expect(localDayOf(localDayStart(day) - 1)).toBe(addDays(day, -1))
      }),
    )
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

describe('parseDay, a date as staff type it', () => {
  it.each([
    ['01/07/2026', '2026-07-01'],
    ['1/7/2026', '2026-07-01'],
    ['01-07-2026', '2026-07-01'],
    ['01.07.2026', '2026-07-01'],
    ['01 07 2026', '2026-07-01'],
    ['  1 / 7 / 2026 ', '2026-07-01'],
    ['01072026', '2026-07-01'],
    ['2026-07-01', '2026-07-01'],
    ['2026-7-1', '2026-07-01'],
    ['31/12/2026', '2026-12-31'],
    ['29/02/2028', '2028-02-29'], // leap year
    ['29/02/2000', '2000-02-29'], // divisible by 400: leap
  ])('reads %j as %s', (typed, day) => {
    expect(parseDay(typed)).toEqual({ day })
  })

  it('reads the day first, never the month: 02/01/2026 is 2 January', () => {
    expect(parseDay('02/01/2026')).toEqual({ day: '2026-01-02' })
    expect(parseDay('13/01/2026')).toEqual({ day: '2026-01-13' })
  })

  it.each([
    ['31/06/2026', '31/06/2026', '06/2026', 30],
    ['31-6-2026', '31/06/2026', '06/2026', 30],
    ['2026-06-31', '31/06/2026', '06/2026', 30],
    ['29/02/2026', '29/02/2026', '02/2026', 28],
    ['29/02/2100', '29/02/2100', '02/2100', 28], // divisible by 100, not by 400: not leap
    ['30/02/2028', '30/02/2028', '02/2028', 29],
    ['00/07/2026', '00/07/2026', '07/2026', 31],
    ['32/01/2026', '32/01/2026', '01/2026', 31],
  ])('refuses the impossible day %j, naming its month and length', (typed, shown, month, days) => {
    expect(parseDay(typed)).toEqual({ problem: 'day', typed: shown, month, days })
  })

  it.each([['01/13/2026', 13], ['01/00/2026', 0], ['2026-13-01', 13], ['07/31/2026', 31]])('refuses %j: there is no month %i', (typed, month) => {
    expect(parseDay(typed)).toEqual({ problem: 'month', month })
  })

  it.each(['', '   '])('calls %j empty', (typed) => {
    expect(parseDay(typed)).toEqual({ problem: 'empty' })
  })

  it.each(['1/7', '1/7/26', '01/07/20266', '0107202', 'hôm nay', '01/07/2026 10:00', '2026/07/01', '1//7/2026', '١/٧/٢٠٢٦'])(
    'refuses %j as not a date',
    (typed) => {
      expect(parseDay(typed)).toEqual({ problem: 'format' })
    },
  )

  it('reads back every real day as formatDay writes it, and as ISO', () => {
    const days = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
    fc.assert(
      fc.property(days, (day) => {
        expect(parseDay(formatDay(day))).toEqual({ day })
        expect(parseDay(day)).toEqual({ day })
      }),
    )
  })

  it('accepts exactly the days isCalendarDay accepts', () => {
    const typed = fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 14 }), fc.integer({ min: 1900, max: 2199 }))
    fc.assert(
      fc.property(typed, ([d, m, y]) => {
        const iso = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
        const parsed = parseDay(`${d}/${m}/${y}`)
        expect('day' in parsed).toBe(isCalendarDay(iso))
        if ('day' in parsed) expect(parsed.day).toBe(iso)
      }),
    )
  })
})
