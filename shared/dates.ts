/**
 * Calendar arithmetic in Asia/Ho_Chi_Minh. Vietnam keeps UTC+7 all year, but the offset is read from
 * the time-zone database rather than assumed, so a historical or future change stays correct.
 */
export const TIME_ZONE = 'Asia/Ho_Chi_Minh'

const partsFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
})

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
  const parts = Object.fromEntries(partsFormat.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]))
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
