import { formatDay as dayMonthYear, formatLocalDay, wallClock } from '../shared/dates'
import type { Lang, LocalizedText } from '../shared/i18n-text'
import { keyPeriod, type Period } from './dashboard/period'

/**
 * How the client writes dates, times, numbers and percentages, and picks a text's language: one place, so that
 * every page writes them alike. Dates are dd/MM/yyyy and times HH:mm in Hà Tĩnh (shared/dates.ts reads the
 * zone), whatever the device's own zone; numbers follow the reading language. The one exception is the citizen
 * page's first paint (pages/SurveyPage.vue), which writes its one date with shared/dates.ts's `formatLocalDay`
 * rather than carry this whole module.
 */

/** Shown where there is nothing to show: no date, or no figure to divide by (never 0 %, a measured result). */
export const NO_VALUE = '—'

/** A day (YYYY-MM-DD) as dd/MM/yyyy, a month (YYYY-MM) as MM/yyyy; anything else, a half-typed date, as it is. */
export function formatDay(day: string): string {
  return /^\d{4}-\d{2}(?:-\d{2})?$/.test(day) ? dayMonthYear(day) : day
}

const epochMs = (instant: string | number) => (typeof instant === 'number' ? instant : Date.parse(instant))

/** The day an instant (an ISO timestamp or epoch milliseconds) falls on in Hà Tĩnh, dd/MM/yyyy. */
export function formatDate(instant: string | number | null): string {
  return instant === null || instant === '' ? NO_VALUE : formatLocalDay(epochMs(instant))
}

const twoDigits = (n: number) => String(n).padStart(2, '0')

/** dd/MM/yyyy HH:mm in Hà Tĩnh, where the hour matters: a history, an audit trail, a version's date. */
export function formatDateTime(instant: string | number): string {
  const clock = wallClock(epochMs(instant))
  return `${dayMonthYear(clock.day)} ${twoDigits(clock.hour)}:${twoDigits(clock.minute)}`
}

const TAGS: Record<Lang, string> = { vi: 'vi-VN', en: 'en-GB' }
const weekdayFormats = new Map<Lang, Intl.DateTimeFormat>()

/** The weekday of a day (YYYY-MM-DD), spelt out in the reading language: "Thứ Hai", "Monday". */
export function formatWeekday(day: string, lang: Lang): string {
  let format = weekdayFormats.get(lang)
  if (!format) {
    // The day is a calendar day, not an instant: read at midnight UTC, so no zone can move it.
    format = new Intl.DateTimeFormat(TAGS[lang], { weekday: 'long', timeZone: 'UTC' })
    weekdayFormats.set(lang, format)
  }
  return format.format(new Date(`${day}T00:00:00Z`))
}

export function formatPeriod(period: Period): string {
  return period.from === period.to ? dayMonthYear(period.from) : `${dayMonthYear(period.from)} – ${dayMonthYear(period.to)}`
}

/** A time-series key as a reader wants it: a day, a week's days within the period, or MM/yyyy. */
export function formatPeriodKey(key: string, groupBy: string, period: Period): string {
  if (groupBy === 'month') return dayMonthYear(key)
  return formatPeriod(keyPeriod(key, groupBy, period))
}

/** The short form under a chart's axis: dd/MM for days and weeks, MM/yyyy for months. */
export function formatShortKey(key: string, groupBy: string, period: Period): string {
  if (groupBy === 'month') return dayMonthYear(key)
  return dayMonthYear(keyPeriod(key, groupBy, period).from).slice(0, 5)
}

const numberFormats = new Map<string, Intl.NumberFormat>()

function numberFormat(lang: Lang, style: 'percent' | 'decimal'): Intl.NumberFormat {
  const id = `${lang}:${style}`
  let format = numberFormats.get(id)
  if (!format) {
    format = new Intl.NumberFormat(TAGS[lang], { style, maximumFractionDigits: 2 })
    numberFormats.set(id, format)
  }
  return format
}

/** A rate already in percent (85.71) → "85,71%" in vi, "85.71%" in en. */
export function formatPercent(value: number | null, lang: Lang): string {
  return value === null ? NO_VALUE : numberFormat(lang, 'percent').format(value / 100)
}

/** Counts and means: grouping and decimal signs of the language, at most two decimals. */
export function formatNumber(value: number | null, lang: Lang): string {
  return value === null ? NO_VALUE : numberFormat(lang, 'decimal').format(value)
}

/** Mean indicator points against the mean maximum, "7,57 / 12". */
export function formatScore(mean: number | null, max: number | null, lang: Lang): string {
  return mean === null || max === null ? NO_VALUE : `${formatNumber(mean, lang)} / ${formatNumber(max, lang)}`
}

const collators = new Map<Lang, Intl.Collator>()

/**
 * Units, counters and procedures in the reader's alphabetical order (the server sorts by code), with the
 * forms that named no procedure (key '') last.
 */
export function sortByName<T extends { key: string; label: LocalizedText | null }>(groups: readonly T[], lang: Lang): T[] {
  let collator = collators.get(lang)
  if (!collator) {
    collator = new Intl.Collator(TAGS[lang])
    collators.set(lang, collator)
  }
  const name = (g: T) => g.label?.[lang] ?? g.key
  return [...groups].sort((a, b) => Number(a.key === '') - Number(b.key === '') || collator.compare(name(a), name(b)))
}

/** A text in the page's language; `fallback` where there is none. */
export function localized(text: LocalizedText | null | undefined, locale: string, fallback = ''): string {
  if (!text) return fallback
  return locale === 'en' ? text.en : text.vi
}
