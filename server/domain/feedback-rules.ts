import { isOpenStatus, type FeedbackStatus } from '../../shared/feedback'
import type { DeadlineConfig } from '../../shared/petition-types'
import { DUE_SOON_WORKING_DAYS, type Urgency } from '../../shared/staff-feedback'
import { addWorkingDays, type WorkingCalendar } from '../../shared/working-days'
import type { Store } from '../store/store'
import { currentSetting } from './feedback-settings'

export interface DeadlineRules {
  deadlines: DeadlineConfig
  calendar: WorkingCalendar
}

/**
 * The deadline config and working calendar that staff actions and the inbox time items by. The one place
 * the staff feedback code reads them, so that where they come from can change here alone: now the settings
 * an administrator saved (the defaults in server/defaults until the first save).
 */
export async function currentDeadlineRules(store: Store): Promise<DeadlineRules> {
  const [deadlines, calendar] = await Promise.all([currentSetting(store, 'deadlines'), currentSetting(store, 'calendar')])
  return { deadlines: deadlines.value, calendar: calendar.value }
}

/** What the inbox sorts and marks an item by (see InboxItem.dueBy). */
export function dueOf(item: { acceptedAt: number | null; acceptBy: number | null; resolveBy: number }): { at: number; step: 'accept' | 'resolve' } {
  return item.acceptedAt === null && item.acceptBy !== null ? { at: item.acceptBy, step: 'accept' } : { at: item.resolveBy, step: 'resolve' }
}

/**
 * Where an item stands against its deadline at `now`: due soon when the deadline falls within
 * DUE_SOON_WORKING_DAYS working days, counted as deadlines count them (from today, or from the next working
 * day after closing time).
 */
export function urgencyOf(
  item: { status: FeedbackStatus; acceptedAt: number | null; acceptBy: number | null; resolveBy: number },
  now: number,
  calendar: WorkingCalendar,
): Urgency {
  if (!isOpenStatus(item.status)) return 'done'
  const due = dueOf(item).at
  if (due < now) return 'overdue'
  return due <= addWorkingDays(now, DUE_SOON_WORKING_DAYS, calendar) ? 'due_soon' : 'on_time'
}

/**
 * A search box's text as an FTS5 query: every word quoted (so that FTS syntax — quotes, NEAR, AND, `*`, `-`,
 * column filters — is read as text and can never make the query fail) and matched as a prefix, all words
 * required. đ is folded to d as in the index (migration 6); tone marks the tokenizer removes itself.
 * Undefined when no word holds a letter or digit.
 */
export function ftsQuery(text: string): string | undefined {
  const words = foldD(text.normalize('NFC'))
    .split(/\s+/)
    .filter((word) => /[\p{L}\p{N}]/u.test(word))
    .slice(0, 20)
  return words.length === 0 ? undefined : words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' ')
}

function foldD(text: string): string {
  return text.replaceAll('đ', 'd').replaceAll('Đ', 'D')
}
