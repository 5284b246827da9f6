import * as v from 'valibot'
import { Email } from './feedback'
import type { StaffRole } from './staff'

/**
 * In-app notifications for staff and the e-mail settings both sides show (README "Notifications and e-mail
 * (SMTP)"). A notification names an item by its ids and classification, never by anything its citizen wrote.
 */

export const NOTICE_KINDS = ['new', 'due_soon', 'overdue'] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]

/**
 * Who is told about items: the officers who handle them (their unit's) and the inspectorate, which oversees
 * every item. Leadership reads figures, administrators manage rules: neither is told about single items.
 */
export const NOTIFIED_ROLES: readonly StaffRole[] = ['unit_staff', 'unit_head', 'inspector']

/** An open item due within this many working days is announced as due soon (once). */
export const NOTICE_DUE_WORKING_DAYS = 1

export interface StaffNotification {
  id: number
  kind: NoticeKind
  feedbackId: string
  trackingCode: string
  category: string
  unitCode: string | null
  /** The deadline the item is marked by now (acceptance, then resolution). */
  dueAt: number
  /** Still waiting for handling (not answered, closed nor set aside). */
  open: boolean
  createdAt: number
  readAt: number | null
}

export interface NotificationList {
  unread: number
  notifications: StaffNotification[]
}

export const MarkRead = v.union([
  v.strictObject({ ids: v.pipe(v.array(v.pipe(v.number(), v.integer(), v.minValue(1))), v.minLength(1), v.maxLength(500)) }),
  v.strictObject({ all: v.literal(true) }),
], 'must be { "ids": [ids…] } or { "all": true }')
export type MarkRead = v.InferOutput<typeof MarkRead>

/** An e-mail address as staff accounts keep it (checked as a citizen's is); null clears it. */
export const StaffEmail = v.strictObject({
  email: v.nullable(Email),
})

/** What the administration's e-mail section shows: whether mail goes out at all, the queue, and who gets the digest. */
export interface MailStatus {
  configured: boolean
  /** The sender address (the department's, not a person's), when configured. */
  from: string | null
  /** HH:MM local time, or null when the digest is off. */
  digestTime: string | null
  queue: { pending: number; sent: number; failed: number }
  accounts: { id: number; username: string; displayName: string; role: StaffRole; active: boolean; email: string | null }[]
}
