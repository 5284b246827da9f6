import { addDays, isCalendarDay, today, weekStart } from '../../shared/dates'
import type { Period } from './period'

/**
 * What the dashboard shows, as it lives in the URL (`/staff/dashboard?preset=half&from=2026-01-01&to=…&unit=LS`),
 * so that a view can be bookmarked and sent to a colleague. Presets are whole calendar periods (the report's
 * periods: a quarter, a half-year, a year), not "to date", so the previous period is the same kind of period.
 */

export const DASHBOARD_PRESETS = ['week', 'month', 'quarter', 'half', 'year'] as const
export type DashboardPreset = (typeof DASHBOARD_PRESETS)[number]

export const FILTER_KEYS = ['unit', 'counter', 'procedure', 'channel'] as const
export type FilterKey = (typeof FILTER_KEYS)[number]

export interface DashboardView extends Period {
  /** Null for a period typed by hand. */
  preset: DashboardPreset | null
  unit?: string
  counter?: string
  procedure?: string
  /** One of CHANNELS (shared/channels.ts); the server names anything else. */
  channel?: string
}

const MONTHS: Record<Exclude<DashboardPreset, 'week'>, number> = { month: 1, quarter: 3, half: 6, year: 12 }

function ymd(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The first day of the month `shift` months after the one `day` is in. */
function monthStart(day: string, shift = 0): string {
  const index = Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1 + shift
  return ymd(Math.floor(index / 12), (index % 12) + 1, 1)
}

/** The whole calendar week (Monday–Sunday), month, quarter, half-year or year that holds `day`. */
export function presetPeriod(preset: DashboardPreset, day: string): Period {
  if (preset === 'week') {
    const from = weekStart(day)
    return { from, to: addDays(from, 6) }
  }
  const length = MONTHS[preset]
  const month = Number(day.slice(5, 7)) - 1
  const from = monthStart(day, -(month % length))
  return { from, to: addDays(monthStart(from, length), -1) }
}

/** The period `steps` presets before (negative) or after (positive) the one shown. */
export function stepPeriod(preset: DashboardPreset, period: Period, steps: number): Period {
  const anchor = preset === 'week' ? addDays(period.from, 7 * steps) : monthStart(period.from, MONTHS[preset] * steps)
  return presetPeriod(preset, anchor)
}

/** The preset a period is exactly, if any: a bookmark of 2026-01-01..2026-06-30 is the first half-year. */
export function presetOf(period: Period): DashboardPreset | null {
  if (!isCalendarDay(period.from)) return null
  return DASHBOARD_PRESETS.find((p) => {
    const candidate = presetPeriod(p, period.from)
    return candidate.from === period.from && candidate.to === period.to
  }) ?? null
}

function single(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' && first !== '' ? first : undefined
}

/**
 * The view a URL asks for. A preset with a day names that day's whole period (a hand-edited `to` is put
 * right); dates without a preset are kept as typed, so the server names a bad one; nothing at all is the
 * current month.
 */
export function readDashboardView(query: Record<string, unknown>, day = today()): DashboardView {
  const asked = single(query.preset)
  const preset = DASHBOARD_PRESETS.find((p) => p === asked) ?? null
  const from = single(query.from)
  const to = single(query.to)
  let period: Period
  if (preset) period = presetPeriod(preset, from && isCalendarDay(from) ? from : day)
  else if (from || to) period = { from: from ?? to!, to: to ?? from! }
  else period = presetPeriod('month', day)
  const view: DashboardView = { ...period, preset: preset ?? presetOf(period) }
  for (const key of FILTER_KEYS) {
    const value = single(query[key])
    if (value) view[key] = value
  }
  return view
}

/** The URL query of a view: the inverse of readDashboardView. */
export function viewQuery(view: DashboardView): Record<string, string> {
  const query: Record<string, string> = {}
  if (view.preset) query.preset = view.preset
  query.from = view.from
  query.to = view.to
  for (const key of FILTER_KEYS) if (view[key]) query[key] = view[key]!
  return query
}

/** The query of `GET /api/staff/dashboard` for a view. */
export function dashboardParams(view: DashboardView): URLSearchParams {
  const params = new URLSearchParams({ from: view.from, to: view.to })
  for (const key of FILTER_KEYS) if (view[key]) params.set(key, view[key]!)
  return params
}

export const REPORT_DOWNLOADS = ['xlsx', 'csv', 'html'] as const
export type ReportDownload = (typeof REPORT_DOWNLOADS)[number]

/**
 * The half-year / annual report of the period shown: the department's, or the unit's when the view is
 * filtered to one (a unit head's always is). Counter, procedure and channel filters do not make a report (it has a
 * section by channel).
 */
export function reportUrl(view: Period & { unit?: string }, format: ReportDownload): string {
  const params = new URLSearchParams({ from: view.from, to: view.to, format })
  if (view.unit) params.set('unit', view.unit)
  return `/api/staff/reports/period?${params}`
}

/** The view with one filter set or cleared (empty clears it). */
export function withFilter(view: DashboardView, key: FilterKey, value: string | undefined): DashboardView {
  const next: DashboardView = { ...view }
  if (value) next[key] = value
  else delete next[key]
  return next
}
