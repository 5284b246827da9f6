import * as v from 'valibot'
import { addDays, isCalendarDay, toEpochMs, wallClock, zonedInstant, type InstantLike } from './dates'
import { LocalizedText } from './i18n-text'

/**
 * Working days of the civil service in Asia/Ho_Chi_Minh, and the deadlines counted in them.
 *
 * The rule, in the words staff use:
 * - An item is received on the day it arrives if that is a working day and it arrives before closing
 *   time; otherwise on the next working day (one-stop practice: nobody was there to receive it).
 * - The day of receipt itself is not counted: a deadline of n working days ends at closing time on the
 *   n-th working day after it. A deadline of n calendar days ends at closing time n days after it, moved
 *   to the next working day when that day is a day off (as the Civil Code moves a period's last day).
 *
 * Closing time rather than midnight because the tracking page promises citizens a moment when someone can
 * still have answered; it is the earlier, stricter reading and it is data (`closingTime`).
 *
 * The calendar is data an administrator edits: Tết and the Hùng Kings day follow the lunar calendar and
 * the government decides the days off (and the swapped working Saturdays) each year, so nothing here
 * computes a holiday.
 */

/** A local day as YYYY-MM-DD that exists (no 2026-02-30). */
export const CalendarDay = v.pipe(v.string(), v.check(isCalendarDay, 'must be an existing day as YYYY-MM-DD'))

export const DAY_OFF_KINDS = [
  /** A public holiday of the Labour Code (1/1, Tết, Hùng Kings day, 30/4, 1/5, 2/9 and its adjacent day). */
  'holiday',
  /** Nghỉ bù: a holiday fell on a weekend, so the next working day is off. */
  'compensatory',
  /** Hoán đổi: a working day given off in exchange for a Saturday worked (listed in `workingDays`). */
  'swapped',
] as const
export type DayOffKind = (typeof DAY_OFF_KINDS)[number]

const Source = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200))

export const DayOff = v.strictObject({
  date: CalendarDay,
  /** Shown to staff beside a deadline; "(verify)" marks a day not yet confirmed by a decision. */
  name: LocalizedText,
  kind: v.picklist(DAY_OFF_KINDS, 'must be holiday, compensatory or swapped'),
  /** The decision or law that sets the day, so the next person to edit the table can check it. */
  source: v.optional(Source),
})
export type DayOff = v.InferOutput<typeof DayOff>

/** Ngày làm bù: a Saturday or Sunday declared a working day. */
export const SwappedWorkingDay = v.strictObject({
  date: CalendarDay,
  name: LocalizedText,
  source: v.optional(Source),
})
export type SwappedWorkingDay = v.InferOutput<typeof SwappedWorkingDay>

function weekdayOf(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay()
}

function isWeekend(day: string): boolean {
  const weekday = weekdayOf(day)
  return weekday === 0 || weekday === 6
}

function duplicates(days: readonly string[]): string[] {
  const seen = new Set<string>()
  return days.filter((day) => (seen.has(day) ? true : (seen.add(day), false)))
}

export const WorkingCalendar = v.pipe(
  v.strictObject({
    /** End of office hours, local time: receipts from then on count from the next working day. */
    closingTime: v.pipe(v.string(), v.regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:MM')),
    /**
     * The years whose days off are filled in. Outside them only weekends are known, so the server can
     * warn before a deadline silently ignores next year's Tết.
     */
    years: v.array(v.pipe(v.number(), v.integer('must be a whole year'), v.minValue(2000), v.maxValue(2100))),
    holidays: v.array(DayOff),
    workingDays: v.array(SwappedWorkingDay),
  }),
  v.forward(
    v.partialCheck([['holidays']], (c) => duplicates(c.holidays.map((d) => d.date)).length === 0, 'lists a day twice'),
    ['holidays'],
  ),
  v.forward(
    v.partialCheck([['workingDays']], (c) => duplicates(c.workingDays.map((d) => d.date)).length === 0, 'lists a day twice'),
    ['workingDays'],
  ),
  v.forward(
    v.partialCheck([['workingDays']], (c) => c.workingDays.every((d) => isWeekend(d.date)), 'may only hold Saturdays and Sundays'),
    ['workingDays'],
  ),
  v.forward(
    v.partialCheck(
      [['holidays'], ['workingDays']],
      (c) => !c.workingDays.some((w) => c.holidays.some((h) => h.date === w.date)),
      'holds a day that is also listed as a day off',
    ),
    ['workingDays'],
  ),
  v.forward(
    v.partialCheck(
      [['years'], ['holidays'], ['workingDays']],
      (c) => [...c.holidays, ...c.workingDays].every((d) => c.years.includes(Number(d.date.slice(0, 4)))),
      'must list the year of every day in the table',
    ),
    ['years'],
  ),
)
export type WorkingCalendar = v.InferOutput<typeof WorkingCalendar>

/** A length of time in days, and whether weekends and days off count. */
export const DaySpan = v.strictObject({
  days: v.pipe(v.number(), v.integer('must be a whole number of days'), v.minValue(0), v.maxValue(366)),
  unit: v.picklist(['working', 'calendar'], 'must be working or calendar'),
})
export type DaySpan = v.InferOutput<typeof DaySpan>

function closingMinutes(calendar: WorkingCalendar): number {
  const [hours, minutes] = calendar.closingTime.split(':').map(Number) as [number, number]
  return hours * 60 + minutes
}

function assertDay(day: string): void {
  if (!isCalendarDay(day)) throw new RangeError(`not a day as YYYY-MM-DD: ${day}`)
}

export function isWorkingDay(day: string, calendar: WorkingCalendar): boolean {
  assertDay(day)
  if (calendar.workingDays.some((d) => d.date === day)) return true
  if (calendar.holidays.some((d) => d.date === day)) return false
  return !isWeekend(day)
}

/** What makes a day a day off, for a tooltip beside a deadline; null on a working day. */
export function dayOffReason(day: string, calendar: WorkingCalendar): DayOff | 'weekend' | null {
  if (isWorkingDay(day, calendar)) return null
  return calendar.holidays.find((d) => d.date === day) ?? 'weekend'
}

/** Whether the table has the days off of that day's year; outside it only weekends are skipped. */
export function calendarCovers(day: string, calendar: WorkingCalendar): boolean {
  assertDay(day)
  return calendar.years.includes(Number(day.slice(0, 4)))
}

// Tết plus weekends never exceeds two weeks; a year without a working day means the table is broken.
const SEARCH_LIMIT_DAYS = 366

/** The first working day strictly after `day`. */
export function nextWorkingDay(day: string, calendar: WorkingCalendar): string {
  assertDay(day)
  let next = day
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i++) {
    next = addDays(next, 1)
    if (isWorkingDay(next, calendar)) return next
  }
  throw new RangeError(`no working day within a year after ${day}: check the calendar`)
}

/**
 * The day an item counts as received: the day it arrived when that is a working day and it arrived before
 * closing time, otherwise the next working day.
 */
export function receiptDay(receivedAt: InstantLike, calendar: WorkingCalendar): string {
  const { day, hour, minute } = wallClock(toEpochMs(receivedAt))
  return isWorkingDay(day, calendar) && hour * 60 + minute < closingMinutes(calendar) ? day : nextWorkingDay(day, calendar)
}

/** Closing time on a local day, as epoch milliseconds. */
export function closingInstant(day: string, calendar: WorkingCalendar): number {
  assertDay(day)
  return zonedInstant(day, closingMinutes(calendar))
}

function assertDays(days: number): void {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`days must be a whole number ≥ 0, not ${days}`)
}

/**
 * The deadline `span` after a day that is itself not counted (a receipt day, or the day an item was
 * accepted), as epoch milliseconds at closing time.
 */
export function deadlineFromDay(day: string, span: DaySpan, calendar: WorkingCalendar): number {
  assertDay(day)
  assertDays(span.days)
  let last = day
  if (span.unit === 'working') {
    for (let i = 0; i < span.days; i++) last = nextWorkingDay(last, calendar)
  } else {
    last = addDays(day, span.days)
    if (!isWorkingDay(last, calendar)) last = nextWorkingDay(last, calendar)
  }
  return closingInstant(last, calendar)
}

/** The deadline `span` after an item was received (see `receiptDay`), as epoch milliseconds. */
export function deadlineAfter(receivedAt: InstantLike, span: DaySpan, calendar: WorkingCalendar): number {
  return deadlineFromDay(receiptDay(receivedAt, calendar), span, calendar)
}

/**
 * Closing time on the n-th working day after the day of receipt (n = 0: the day of receipt itself), as
 * epoch milliseconds.
 */
export function addWorkingDays(start: InstantLike, n: number, calendar: WorkingCalendar): number {
  return deadlineAfter(start, { days: n, unit: 'working' }, calendar)
}

/**
 * Working days from `a` to `b`, counted as deadlines count them: `a` is taken as a receipt (after hours or
 * on a day off it counts from the next working day), `b` as a moment on the clock, so that
 * `workingDaysBetween(a, addWorkingDays(a, n)) === n`. Negative when `b` is before `a`: "due in" and
 * "overdue by" are the same call with the arguments swapped.
 */
export function workingDaysBetween(a: InstantLike, b: InstantLike, calendar: WorkingCalendar): number {
  const from = toEpochMs(a)
  const to = toEpochMs(b)
  if (to < from) return -workingDaysBetween(to, from, calendar)
  const last = wallClock(to).day
  let day = receiptDay(from, calendar)
  let count = 0
  while (day < last) {
    day = nextWorkingDay(day, calendar)
    if (day <= last) count++
  }
  return count
}
