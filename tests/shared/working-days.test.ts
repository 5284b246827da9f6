import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CALENDAR } from '../../server/defaults/holidays'
import { fromValibotIssues } from '../../shared/api-error'
import {
  addWorkingDays,
  calendarCovers,
  closingInstant,
  dayOffReason,
  deadlineAfter,
  isWorkingDay,
  nextWorkingDay,
  receiptDay,
  WorkingCalendar,
  workingDaysBetween,
} from '../../shared/working-days'

const CAL = DEFAULT_CALENDAR

/** An instant given as Hà Tĩnh wall-clock time, 'YYYY-MM-DD HH:MM'. */
function local(wallClock: string): number {
  return Date.parse(`${wallClock.replace(' ', 'T')}:00+07:00`)
}

/** Back to Hà Tĩnh wall-clock time, for readable expectations (Vietnam keeps UTC+7 all year). */
function wall(epochMs: number): string {
  return new Date(epochMs + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}

describe('the default calendar (server/defaults/holidays.ts)', () => {
  it('passes its own schema', () => {
    const result = v.safeParse(WorkingCalendar, CAL)
    expect(result.success ? [] : result.issues.map((i) => fromValibotIssues([i]).message)).toEqual([])
  })

  it('covers 2025, 2026 and 2027 and nothing else', () => {
    expect(CAL.years).toEqual([2025, 2026, 2027])
    expect(calendarCovers('2026-06-30', CAL)).toBe(true)
    expect(calendarCovers('2028-01-03', CAL)).toBe(false)
  })

  it.each([
    ['2025-01-01', "New Year's Day"],
    ['2025-01-29', 'Tết 2025, mùng 1'],
    ['2025-04-07', 'Hùng Kings day 2025'],
    ['2025-09-01', 'day before National Day 2025'],
    ['2026-01-02', 'swapped off for Saturday 10/01/2026'],
    ['2026-02-16', 'Tết 2026, first weekday off'],
    ['2026-02-20', 'Tết 2026, last weekday off'],
    ['2026-04-27', 'compensatory Monday for Hùng Kings day on Sunday'],
    ['2027-02-09', 'Tết 2027'],
    ['2027-05-03', "compensatory Monday for Workers' Day on Saturday"],
  ])('has %s (%s) off', (day) => {
    expect(isWorkingDay(day, CAL)).toBe(false)
  })

  it('names each compensatory and swapped day with its reason', () => {
    const special = CAL.holidays.filter((d) => d.kind !== 'holiday')
    expect(special.map((d) => d.date)).toEqual(['2025-05-02', '2026-01-02', '2026-04-27', '2027-05-03'])
    for (const day of special) expect(day.name.en).toMatch(/fell on|worked on/)
  })

  it('marks what is not yet decided with (verify)', () => {
    const unconfirmed = CAL.holidays.filter((d) => d.name.en.endsWith('(verify)')).map((d) => d.date)
    expect(unconfirmed).toEqual(expect.arrayContaining(['2026-09-01', '2027-02-06', '2027-04-16', '2027-09-03']))
    expect(unconfirmed).not.toContain('2026-02-17')
  })
})

describe('isWorkingDay', () => {
  it.each([
    ['2026-03-09', true, 'a Monday'],
    ['2026-03-13', true, 'a Friday'],
    ['2026-03-14', false, 'a Saturday'],
    ['2026-03-15', false, 'a Sunday'],
    ['2026-02-23', true, 'the first day back after Tết 2026'],
    ['2026-01-10', true, 'a swapped working Saturday'],
    ['2025-04-26', true, 'the Saturday worked for 02/05/2025'],
    ['2026-04-30', false, '30/4'],
    ['2026-05-01', false, '1/5'],
    ['2025-09-02', false, '2/9'],
    ['2025-09-03', true, 'the day after the 2/9 break'],
  ])('%s is %s (%s)', (day, expected) => {
    expect(isWorkingDay(day, CAL)).toBe(expected)
  })

  it.each(['2026-02-30', '2026-2-3', '', 'yesterday'])('refuses %j as a day', (day) => {
    expect(() => isWorkingDay(day, CAL)).toThrow(RangeError)
  })

  it('says why a day is off', () => {
    expect(dayOffReason('2026-02-17', CAL)).toMatchObject({ kind: 'holiday', name: { vi: 'Tết Nguyên đán Bính Ngọ' } })
    expect(dayOffReason('2026-03-14', CAL)).toBe('weekend')
    expect(dayOffReason('2026-01-10', CAL)).toBeNull()
  })
})

describe('receiptDay: when an item counts as received', () => {
  it.each([
    ['2026-03-09 08:00', '2026-03-09', 'a Monday morning: that day'],
    ['2026-03-09 00:30', '2026-03-09', 'just after local midnight (still Sunday in UTC): Monday'],
    ['2026-03-09 16:59', '2026-03-09', 'a minute before closing: that day'],
    ['2026-03-09 17:00', '2026-03-10', 'at closing time: the next working day'],
    ['2026-03-09 22:00', '2026-03-10', 'at night: the next working day'],
    ['2026-03-13 18:00', '2026-03-16', 'Friday evening: Monday'],
    ['2026-03-08 10:00', '2026-03-09', 'on a Sunday: Monday'],
    ['2026-02-17 10:00', '2026-02-23', 'during Tết: the first day back'],
    ['2026-01-10 10:00', '2026-01-10', 'on a swapped working Saturday: that Saturday'],
  ])('%s → %s (%s)', (at, day) => {
    expect(receiptDay(local(at), CAL)).toBe(day)
  })
})

describe('addWorkingDays: closing time on the n-th working day after the day of receipt', () => {
  it.each([
    ['2026-03-09 10:00', 0, '2026-03-09 17:00', 'n = 0 is the day of receipt itself'],
    ['2026-03-09 10:00', 1, '2026-03-10 17:00', 'the day of receipt is not counted'],
    ['2026-03-05 10:00', 2, '2026-03-09 17:00', 'over a weekend'],
    ['2026-03-13 10:00', 5, '2026-03-20 17:00', 'a working week from Friday'],
    ['2026-03-09 16:59', 1, '2026-03-10 17:00', 'in office hours'],
    ['2026-03-09 17:30', 1, '2026-03-11 17:00', 'after hours: counted from the next working day'],
    ['2026-03-08 10:00', 1, '2026-03-10 17:00', 'on a Sunday: counted from Monday'],
    ['2026-03-08 10:00', 0, '2026-03-09 17:00', 'on a Sunday, n = 0: Monday'],
    // Tết 2026 is 14/02–22/02: Friday 13/02 is the last day before it.
    ['2026-02-13 10:00', 1, '2026-02-23 17:00', 'over Tết 2026'],
    ['2026-02-13 10:00', 15, '2026-03-13 17:00', '15 working days over Tết 2026'],
    ['2026-02-18 09:00', 1, '2026-02-24 17:00', 'received during Tết 2026'],
    ['2026-02-10 10:00', 5, '2026-02-24 17:00', 'Tết in the middle of the count'],
    // 26/04/2026 (Hùng Kings) is a Sunday → Monday 27 off; 30/4 and 1/5 are Thursday and Friday.
    ['2026-04-24 10:00', 1, '2026-04-28 17:00', 'over the Hùng Kings compensatory Monday'],
    ['2026-04-29 10:00', 1, '2026-05-04 17:00', 'over 30/4–1/5'],
    ['2026-04-22 10:00', 7, '2026-05-06 17:00', 'over both April breaks'],
    // 2025: 30/4–1/5 plus Friday 02/05 swapped for Saturday 26/04.
    ['2025-04-25 10:00', 1, '2025-04-26 17:00', 'onto the swapped working Saturday'],
    ['2025-04-25 10:00', 2, '2025-04-28 17:00', 'past the swapped Saturday'],
    ['2025-04-25 10:00', 4, '2025-05-05 17:00', 'over 30/4, 1/5 and the swapped Friday'],
    ['2025-08-29 10:00', 1, '2025-09-03 17:00', 'over 1/9–2/9 2025'],
    ['2026-08-31 10:00', 1, '2026-09-03 17:00', 'over 1/9–2/9 2026'],
    ['2025-12-31 10:00', 1, '2026-01-05 17:00', "over New Year's Day and the swapped Friday"],
    ['2026-01-09 10:00', 1, '2026-01-10 17:00', 'onto the swapped working Saturday 10/01/2026'],
    ['2027-02-03 10:00', 1, '2027-02-11 17:00', 'over Tết 2027'],
  ])('%s + %i → %s (%s)', (at, n, expected) => {
    expect(wall(addWorkingDays(local(at), n, CAL))).toBe(expected)
  })

  it('returns 17:00 local as an exact instant (10:00 UTC)', () => {
    expect(new Date(addWorkingDays('2026-03-09T03:00:00Z', 1, CAL)).toISOString()).toBe('2026-03-10T10:00:00.000Z')
  })

  it('takes a Date, an ISO string or epoch milliseconds alike', () => {
    const ms = local('2026-03-09 10:00')
    expect(addWorkingDays(new Date(ms), 3, CAL)).toBe(addWorkingDays(ms, 3, CAL))
    expect(addWorkingDays('2026-03-09T10:00:00+07:00', 3, CAL)).toBe(addWorkingDays(ms, 3, CAL))
  })

  it.each([-1, 1.5, Number.NaN])('refuses %s working days', (n) => {
    expect(() => addWorkingDays(local('2026-03-09 10:00'), n, CAL)).toThrow(RangeError)
  })

  it.each(['not a date', '2026-03-09T10:00:00', '2026-03-09', Number.NaN, new Date('x')])('refuses %j as the start', (start) => {
    expect(() => addWorkingDays(start, 1, CAL)).toThrow(RangeError)
  })

  it('follows an edited closing time for both the receipt and the deadline', () => {
    const early = { ...CAL, closingTime: '16:30' }
    expect(wall(addWorkingDays(local('2026-03-09 16:29'), 1, early))).toBe('2026-03-10 16:30')
    expect(wall(addWorkingDays(local('2026-03-09 16:45'), 1, early))).toBe('2026-03-11 16:30')
  })

  it('skips a day off added to the table, and no longer skips one removed from it', () => {
    const extra = { ...CAL, holidays: [...CAL.holidays, { date: '2026-03-10', name: { vi: 'Nghỉ', en: 'Off' }, kind: 'holiday' as const }] }
    expect(wall(addWorkingDays(local('2026-03-09 10:00'), 1, extra))).toBe('2026-03-11 17:00')
    const noTet = { ...CAL, holidays: CAL.holidays.filter((d) => !d.date.startsWith('2026-02')) }
    expect(wall(addWorkingDays(local('2026-02-13 10:00'), 1, noTet))).toBe('2026-02-16 17:00')
  })

  it('gives up with an error instead of looping when a calendar has no working day left', () => {
    const days: string[] = []
    for (let d = new Date('2026-01-01T00:00:00Z'); d.getUTCFullYear() < 2028; d.setUTCDate(d.getUTCDate() + 1)) days.push(d.toISOString().slice(0, 10))
    const closed = { ...CAL, workingDays: [], holidays: days.map((date) => ({ date, name: { vi: 'x', en: 'x' }, kind: 'holiday' as const })) }
    expect(() => nextWorkingDay('2026-01-01', closed)).toThrow(/no working day/)
  })
})

describe('deadlineAfter in calendar days', () => {
  it('ends n days after the day of receipt when that is a working day', () => {
    expect(wall(deadlineAfter(local('2026-03-09 10:00'), { days: 10, unit: 'calendar' }, CAL))).toBe('2026-03-19 17:00')
  })

  it('moves a last day that is a weekend to the next working day', () => {
    expect(wall(deadlineAfter(local('2026-03-09 10:00'), { days: 5, unit: 'calendar' }, CAL))).toBe('2026-03-16 17:00')
  })

  it('moves a last day that is a compensatory day off to the next working day', () => {
    expect(wall(deadlineAfter(local('2026-04-22 10:00'), { days: 5, unit: 'calendar' }, CAL))).toBe('2026-04-28 17:00')
  })

  it('counts Tết days as calendar days but never ends on one', () => {
    expect(wall(deadlineAfter(local('2026-02-11 10:00'), { days: 5, unit: 'calendar' }, CAL))).toBe('2026-02-23 17:00')
  })
})

describe('workingDaysBetween', () => {
  it.each([
    ['2026-03-09 10:00', '2026-03-11 10:00', 2],
    ['2026-03-09 10:00', '2026-03-09 16:00', 0],
    ['2026-03-13 10:00', '2026-03-16 09:00', 1],
    ['2026-03-13 18:00', '2026-03-16 09:00', 0],
    ['2026-02-13 10:00', '2026-02-23 09:00', 1],
    ['2026-02-13 10:00', '2026-03-13 17:00', 15],
    ['2026-04-29 10:00', '2026-05-04 10:00', 1],
  ])('from %s to %s: %i', (a, b, expected) => {
    expect(workingDaysBetween(local(a), local(b), CAL)).toBe(expected)
  })

  it('is negative when the second instant is earlier ("due in" vs "overdue by")', () => {
    expect(workingDaysBetween(local('2026-03-11 10:00'), local('2026-03-09 10:00'), CAL)).toBe(-2)
  })

  it('undoes addWorkingDays for every hour of a week around Tết and n up to 30', () => {
    for (let hour = 0; hour < 24 * 10; hour += 3) {
      const start = local('2026-02-09 00:00') + hour * 3_600_000
      for (const n of [0, 1, 2, 5, 7, 15, 30]) {
        expect(workingDaysBetween(start, addWorkingDays(start, n, CAL), CAL), `${wall(start)} + ${n}`).toBe(n)
      }
    }
  })
})

describe('closingInstant', () => {
  it('is the local closing time on that day', () => {
    expect(new Date(closingInstant('2026-12-31', CAL)).toISOString()).toBe('2026-12-31T10:00:00.000Z')
  })
})

function off(date: string) {
  return { date, name: { vi: 'Nghỉ', en: 'Off' }, kind: 'holiday' }
}

function worked(date: string) {
  return { date, name: { vi: 'Làm bù', en: 'Worked' } }
}

function firstPath(value: unknown): string {
  const result = v.safeParse(WorkingCalendar, value)
  expect(result.success).toBe(false)
  return result.success ? '' : fromValibotIssues(result.issues).path
}

describe('WorkingCalendar schema', () => {
  const base = { closingTime: '17:00', years: [2026], holidays: [], workingDays: [] }

  it('accepts an empty table', () => {
    expect(v.safeParse(WorkingCalendar, base).success).toBe(true)
  })

  it.each([
    ['a closing time of 25:00', { closingTime: '25:00' }, 'closingTime'],
    ['a closing time without minutes', { closingTime: '17' }, 'closingTime'],
    ['a day that does not exist', { holidays: [off('2026-02-30')] }, 'holidays.0.date'],
    ['a day listed twice', { holidays: [off('2026-05-01'), off('2026-05-01')] }, 'holidays'],
    ['an unknown kind', { holidays: [{ ...off('2026-05-01'), kind: 'bridge' }] }, 'holidays.0.kind'],
    ['a swapped working day on a Wednesday', { workingDays: [worked('2026-03-11')] }, 'workingDays'],
    ['a day both off and worked', { holidays: [off('2026-01-10')], workingDays: [worked('2026-01-10')] }, 'workingDays'],
    ['a day outside the listed years', { holidays: [off('2027-01-01')] }, 'years'],
    ['a fractional year', { years: [2026.5] }, 'years.0'],
  ])('refuses %s', (_label, change, path) => {
    expect(firstPath({ ...base, ...change })).toBe(path)
  })
})
