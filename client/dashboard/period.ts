import { addDays } from '../../shared/dates'

/** A period of the satisfaction figures: whole days in Asia/Ho_Chi_Minh, both ends included (YYYY-MM-DD). */
export interface Period {
  from: string
  to: string
}

function ymd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The days a period key covers, clipped to the period asked for (a week may start before it). */
export function keyPeriod(key: string, groupBy: string, period: Period): Period {
  let from = key
  let to = key
  if (groupBy === 'week') to = addDays(key, 6)
  if (groupBy === 'month') {
    from = `${key}-01`
    const [year, month] = key.split('-').map(Number) as [number, number]
    to = addDays(month === 12 ? ymd(year + 1, 1, 1) : ymd(year, month + 1, 1), -1)
  }
  return { from: from > period.from ? from : period.from, to: to < period.to ? to : period.to }
}
