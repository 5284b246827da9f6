import { addDays, today } from '../../../shared/dates'

/**
 * The day a new row of the holiday calendar starts at, so that the date field opens somewhere useful
 * instead of on 01/01 (always a holiday already): today when the year shown is this one (or all years are
 * shown), else the first of that year; then moved on to the first day not listed yet that can belong to the
 * list — a weekday for days off (a holiday on a Sunday changes nothing), a Saturday for working days (the
 * list holds only weekend days worked in exchange).
 */
export function startDayFor(list: 'holidays' | 'workingDays', year: number | null, taken: readonly string[], now = Date.now()): string {
  const current = today(now)
  let day = year === null || String(year) === current.slice(0, 4) ? current : `${String(year).padStart(4, '0')}-01-01`
  const fits = (d: string) => {
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay()
    return list === 'holidays' ? weekday !== 0 && weekday !== 6 : weekday === 6
  }
  // A year has at most a few dozen listed days: a few weeks' search always finds one.
  for (let i = 0; i < 400 && (!fits(day) || taken.includes(day)); i++) day = addDays(day, 1)
  return day
}
