import { addDays, today } from '../../shared/dates'

/** The period of the leadership statistics: whole days in Asia/Ho_Chi_Minh, both ends included (YYYY-MM-DD). */
export interface Period {
  from: string
  to: string
}

export const PERIOD_PRESETS = ['this_month', 'last_month', 'this_quarter', 'first_half', 'second_half', 'this_year'] as const
export type PeriodPreset = (typeof PERIOD_PRESETS)[number]

export const SERIES_GROUP_BYS = ['day', 'week', 'month'] as const
export type SeriesGroupBy = (typeof SERIES_GROUP_BYS)[number]

function ymd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

function monthStart(day: string): string {
  return `${day.slice(0, 8)}01`
}

/**
 * A preset period as of `day` (today in Asia/Ho_Chi_Minh). A period still running ends today rather than on
 * its last calendar day, so a time series never shows the days to come as days without ratings. The second
 * half-year is the latest one that has begun: before July that is last year's.
 */
export function presetPeriod(preset: PeriodPreset, day: string): Period {
  const year = Number(day.slice(0, 4))
  const month = Number(day.slice(5, 7))
  const upToToday = (from: string, to: string): Period => ({ from, to: to < day ? to : day })
  switch (preset) {
    case 'this_month':
      return { from: monthStart(day), to: day }
    case 'last_month': {
      const end = addDays(monthStart(day), -1)
      return { from: monthStart(end), to: end }
    }
    case 'this_quarter':
      return { from: ymd(year, Math.floor((month - 1) / 3) * 3 + 1, 1), to: day }
    case 'first_half':
      return upToToday(ymd(year, 1, 1), ymd(year, 6, 30))
    case 'second_half': {
      const y = month >= 7 ? year : year - 1
      return upToToday(ymd(y, 7, 1), ymd(y, 12, 31))
    }
    case 'this_year':
      return { from: ymd(year, 1, 1), to: day }
  }
}

/** The presets that give exactly this period (several can, e.g. on 1 January). */
export function matchingPresets(period: Period, day: string): PeriodPreset[] {
  return PERIOD_PRESETS.filter((preset) => {
    const p = presetPeriod(preset, day)
    return p.from === period.from && p.to === period.to
  })
}

export function daysInPeriod(period: Period): number {
  return (Date.parse(`${period.to}T00:00:00Z`) - Date.parse(`${period.from}T00:00:00Z`)) / 86_400_000 + 1
}

/** Bars a phone can still show: days up to about six weeks, weeks up to about half a year, then months. */
export function defaultSeries(period: Period): SeriesGroupBy {
  const days = daysInPeriod(period)
  if (!Number.isFinite(days) || days <= 45) return 'day'
  return days <= 200 ? 'week' : 'month'
}

/** What the page shows, read from the URL. groupBy is passed on unchecked so the server names a bad value. */
export interface StatsView extends Period {
  groupBy: string
  series: SeriesGroupBy
}

function single(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' && first !== '' ? first : undefined
}

/** Missing filters fall back to the current month to date, so a bookmark without dates follows the calendar. */
export function readStatsView(query: Record<string, unknown>, day = today()): StatsView {
  const fallback = presetPeriod('this_month', day)
  const period = { from: single(query.from) ?? fallback.from, to: single(query.to) ?? fallback.to }
  const series = single(query.series)
  return {
    ...period,
    groupBy: single(query.groupBy) ?? 'unit',
    series: SERIES_GROUP_BYS.find((s) => s === series) ?? defaultSeries(period),
  }
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
