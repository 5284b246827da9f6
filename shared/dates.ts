/**
 * Dates in Hà Tĩnh, Asia/Ho_Chi_Minh: the one place that reads the zone. Which day and time it is there at an
 * instant (`wallClock`, `localParts`, `localDayOf`, `today`), when a local time happens (`zonedInstant`),
 * dd/MM/yyyy both ways (`formatDay`, `parseDay`), and arithmetic on days written YYYY-MM-DD, which needs no
 * zone. Vietnam keeps UTC+7 all year, but the offset is read from the time-zone database rather than assumed,
 * so a historical or future change stays correct.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh'

// Made on first use, not when the module loads: the first formatter with a time zone makes the browser load
// its zone data, two fifths of the citizen page's script start-up under a 4× CPU slow-down, and that page
// imports this module for a notice it rarely shows.
let clockFormat: Intl.DateTimeFormat | undefined
function zoneFormat(): Intl.DateTimeFormat {
  clockFormat ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    weekday: 'short',
  })
  return clockFormat
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

/** What a clock on a wall in Hà Tĩnh shows at an instant. */
export interface WallClock {
  /** YYYY-MM-DD */
  day: string
  hour: number
  minute: number
  second: number
  /** 0 = Sunday … 6 = Saturday */
  weekday: number
}

export function wallClock(epochMs: number): WallClock {
  const parts = Object.fromEntries(zoneFormat().formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]))
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  }
}

export interface LocalParts {
  /** YYYY-MM-DD */
  day: string
  hour: number
  /** 0 = Sunday … 6 = Saturday */
  weekday: number
}

// Intl.formatToParts costs microseconds per call and every stored response asks for it; Vietnam's offset is a
// whole number of hours, so everything within one UTC hour shares its local day, hour and weekday.
let cachedHour = Number.NaN
let cached: LocalParts = { day: '', hour: 0, weekday: 0 }

/** The local day, hour and weekday of an instant, as the statistics group responses. */
export function localParts(epochMs: number): LocalParts {
  const hourKey = Math.floor(epochMs / 3_600_000)
  if (hourKey !== cachedHour) {
    const { day, hour, weekday } = wallClock(epochMs)
    cached = { day, hour, weekday }
    cachedHour = hourKey
  }
  return cached
}

/** Epoch milliseconds, a Date, or an ISO 8601 timestamp with its offset. */
export type InstantLike = number | Date | string

export function toEpochMs(instant: InstantLike): number {
  // A timestamp without its offset would be read in the server's own time zone, whatever that is.
  if (typeof instant === 'string' && !/(?:Z|[+-]\d{2}:\d{2})$/i.test(instant)) throw new RangeError(`a timestamp needs its offset: ${instant}`)
  const ms = typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime()
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(instant)}`)
  return ms
}

/** The local day an instant falls on. */
export function localDayOf(instant: InstantLike): string {
  return wallClock(toEpochMs(instant)).day
}

/** The day an instant falls on in Hà Tĩnh, dd/MM/yyyy. */
export function formatLocalDay(epochMs: number): string {
  return formatDay(localParts(epochMs).day)
}

/** Today in Asia/Ho_Chi_Minh as YYYY-MM-DD. */
export function today(now = Date.now()): string {
  return localParts(now).day
}

/** The zone's offset from UTC at an instant: the wall clock read as if it were UTC, minus the instant. */
function offsetAt(epochMs: number): number {
  const { day, hour, minute, second } = wallClock(epochMs)
  return Date.parse(`${day}T00:00:00Z`) + ((hour * 60 + minute) * 60 + second) * 1000 - Math.floor(epochMs / 1000) * 1000
}

/**
 * The instant a local wall-clock time happens, `minutes` after midnight of `day`. The offset is read at that
 * moment (twice, so that a change of offset on that very day still lands right), never assumed to be +7.
 */
export function zonedInstant(day: string, minutes: number): number {
  const wanted = Date.parse(`${day}T00:00:00Z`) + minutes * 60_000
  const first = wanted - offsetAt(wanted)
  return wanted - offsetAt(first)
}

/** The first instant of a local day, as epoch milliseconds. */
export function localDayStart(day: string): number {
  if (!isCalendarDay(day)) throw new RangeError(`not a day as YYYY-MM-DD: ${day}`)
  return zonedInstant(day, 0)
}

/** The Monday that starts the ISO week of a YYYY-MM-DD day. */
export function weekStart(day: string): string {
  const date = new Date(`${day}T00:00:00Z`)
  const shift = (date.getUTCDay() + 6) % 7
  date.setUTCDate(date.getUTCDate() - shift)
  return date.toISOString().slice(0, 10)
}

/**
 * Whether a YYYY-MM-DD string names a day that exists. ISO patterns alone let 2026-02-31 through, and
 * Date would silently roll it into March.
 */
export function isCalendarDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false
  const date = new Date(`${day}T00:00:00Z`)
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day
}

export function monthOf(day: string): string {
  return day.slice(0, 7)
}

/** dd/MM/yyyy, the form Vietnamese readers expect, from YYYY-MM-DD (or YYYY-MM → MM/yyyy). */
export function formatDay(day: string): string {
  const [year, month, date] = day.split('-')
  return date ? `${date}/${month}/${year}` : `${month}/${year}`
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

/** Why a typed date is not a day: nothing typed, not a date's shape, no such month, or no such day in it. */
export type DayProblem =
  | { problem: 'empty' }
  | { problem: 'format' }
  | { problem: 'month'; month: number }
  /** `typed` is the day as dd/MM/yyyy, `month` as MM/yyyy, `days` how many that month has. */
  | { problem: 'day'; typed: string; month: string; days: number }

// Day first, as Vietnamese (and British) readers write it: 1/7/2026, 01-07-2026, 01.07.2026, 01 07 2026. Any of
// the separators, since a phone's numeric keypad may lack "/" (Android offers "-" and ".", iOS none: 01072026).
const DAY_MONTH_YEAR = /^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})$/
const DIGITS_ONLY = /^(\d{2})(\d{2})(\d{4})$/
// A day copied from a URL, a spreadsheet or the API.
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/**
 * A date typed as dd/MM/yyyy (or pasted as YYYY-MM-DD) → `{ day: 'YYYY-MM-DD' }`, or what is wrong with it.
 * Never rolls an impossible day over (31/06 stays an error, not 01/07): the reader is told instead.
 */
export function parseDay(text: string): { day: string } | DayProblem {
  const typed = text.trim()
  if (typed === '') return { problem: 'empty' }
  const dayFirst = DAY_MONTH_YEAR.exec(typed) ?? DIGITS_ONLY.exec(typed)
  const iso = dayFirst ? null : ISO.exec(typed)
  if (!dayFirst && !iso) return { problem: 'format' }
  const [, d, m, y] = dayFirst ?? [iso![0], iso![3], iso![2], iso![1]]
  const day = Number(d)
  const month = Number(m)
  if (month < 1 || month > 12) return { problem: 'month', month }
  const mm = String(month).padStart(2, '0')
  const dd = String(day).padStart(2, '0')
  const days = daysInMonth(Number(y), month)
  if (day < 1 || day > days) return { problem: 'day', typed: `${dd}/${mm}/${y}`, month: `${mm}/${y}`, days }
  return { day: `${y}-${mm}-${dd}` }
}
