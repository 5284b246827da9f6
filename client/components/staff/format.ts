import { formatDay, localParts } from '../../../shared/dates'
import type { LocalizedText } from '../../../shared/i18n-text'

/** dd/MM/yyyy in Asia/Ho_Chi_Minh, from an ISO instant. */
export function formatDate(iso: string | null): string {
  return iso ? formatDay(localParts(Date.parse(iso)).day) : '—'
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** dd/MM/yyyy HH:mm in Asia/Ho_Chi_Minh, for the history, where the hour matters. */
export function formatDateTime(iso: string): string {
  return `${formatDate(iso)} ${timeFormat.format(new Date(iso))}`
}

export function localized(text: LocalizedText | null | undefined, locale: string, fallback = ''): string {
  if (!text) return fallback
  return locale === 'en' ? text.en : text.vi
}
