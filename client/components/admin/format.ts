import { formatDay } from '../../../shared/dates'
import { localDayOf } from '../../../shared/working-days'

const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })

/** An instant as the administration pages show it: dd/MM/yyyy HH:mm, Hà Tĩnh time. */
export function formatInstant(iso: string): string {
  return `${formatDay(localDayOf(iso))} ${timeFormat.format(new Date(iso))}`
}

/** YYYY-MM-DD → dd/MM/yyyy; anything else as it is (a half-typed date). */
export function formatDate(day: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? formatDay(day) : day
}
