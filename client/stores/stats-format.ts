import { formatDay } from '../../shared/dates'
import { keyPeriod, type Period } from '../dashboard/period'

export type StatsLang = 'vi' | 'en'

/** Shown where there is nothing to divide by, never 0 %, which would claim a measured result. */
export const NO_VALUE = '—'

const TAGS: Record<StatsLang, string> = { vi: 'vi-VN', en: 'en-GB' }
const formats = new Map<string, Intl.NumberFormat>()

function numberFormat(lang: StatsLang, style: 'percent' | 'decimal'): Intl.NumberFormat {
  const id = `${lang}:${style}`
  let format = formats.get(id)
  if (!format) {
    format = new Intl.NumberFormat(TAGS[lang], { style, maximumFractionDigits: 2 })
    formats.set(id, format)
  }
  return format
}

/** A rate already in percent (85.71) → "85,71%" in vi, "85.71%" in en. */
export function formatPercent(value: number | null, lang: StatsLang): string {
  return value === null ? NO_VALUE : numberFormat(lang, 'percent').format(value / 100)
}

/** Counts and means: grouping and decimal signs of the language, at most two decimals. */
export function formatNumber(value: number | null, lang: StatsLang): string {
  return value === null ? NO_VALUE : numberFormat(lang, 'decimal').format(value)
}

/** Mean indicator points against the mean maximum, "7,57 / 12". */
export function formatScore(mean: number | null, max: number | null, lang: StatsLang): string {
  return mean === null || max === null ? NO_VALUE : `${formatNumber(mean, lang)} / ${formatNumber(max, lang)}`
}

export function formatPeriod(period: Period): string {
  return period.from === period.to ? formatDay(period.from) : `${formatDay(period.from)} – ${formatDay(period.to)}`
}

/** A time-series key as a reader wants it: a day, a week's days within the period, or MM/yyyy. */
export function formatPeriodKey(key: string, groupBy: string, period: Period): string {
  if (groupBy === 'month') return formatDay(key)
  return formatPeriod(keyPeriod(key, groupBy, period))
}

/** The short form under a chart's axis: dd/MM for days and weeks, MM/yyyy for months. */
export function formatShortKey(key: string, groupBy: string, period: Period): string {
  if (groupBy === 'month') return formatDay(key)
  return formatDay(keyPeriod(key, groupBy, period).from).slice(0, 5)
}

const collators = new Map<StatsLang, Intl.Collator>()

/**
 * Units, counters and procedures in the reader's alphabetical order (the server sorts by code), with the
 * forms that named no procedure (key '') last.
 */
export function sortByName<T extends { key: string; label: { vi: string; en: string } | null }>(groups: readonly T[], lang: StatsLang): T[] {
  let collator = collators.get(lang)
  if (!collator) {
    collator = new Intl.Collator(TAGS[lang])
    collators.set(lang, collator)
  }
  const name = (g: T) => g.label?.[lang] ?? g.key
  return [...groups].sort((a, b) => Number(a.key === '') - Number(b.key === '') || collator.compare(name(a), name(b)))
}
