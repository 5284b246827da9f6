/**
 * Calendar arithmetic in Asia/Ho_Chi_Minh. Vietnam keeps UTC+7 all year, but the offset is read from
 * the time-zone database rather than assumed, so a historical or future change stays correct.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh'

// Made on first use, not when the module loads: the first formatter with a time zone makes the browser load
// its zone data, two fifths of the citizen page's script start-up under a 4× CPU slow-down, and that page
// imports this module for a notice it rarely shows.
let partsFormat: Intl.DateTimeFormat | undefined
function localFormat(): Intl.DateTimeFormat {
  partsFormat ??= new Intl.DateTimeFormat('en-CA', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    hourCycle: 'h23',
    weekday: 'short',
  })
  return partsFormat
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

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

export function localParts(epochMs: number): LocalParts {
  const hourKey = Math.floor(epochMs / 3_600_000)
  if (hourKey !== cachedHour) {
    cached = localPartsUncached(epochMs)
    cachedHour = hourKey
  }
  return cached
}

function localPartsUncached(epochMs: number): LocalParts {
  const parts = Object.fromEntries(localFormat().formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]))
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? ''),
  }
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

/** Today in Asia/Ho_Chi_Minh as YYYY-MM-DD. */
export function today(now = Date.now()): string {
  return localParts(now).day
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
