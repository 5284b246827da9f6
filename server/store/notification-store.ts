import type { NoticeKind, StaffNotification } from '../../shared/notifications'
import type { StaffRole } from '../../shared/staff'
import type { Actor, Written } from './admin-store'

/**
 * In-app notifications, the e-mail addresses of staff accounts and the durable queue of e-mails (README
 * "Notifications and e-mail (SMTP)"). Which items to announce and to whom is decided in
 * server/domain/notifications.ts; the store marks each announcement once, whichever instance makes it.
 */

/** An open item not yet announced for a kind (for `new`: to the unit it is routed to now). */
export interface NoticeCandidate {
  feedbackId: string
  unitCode: string | null
}

export interface StaffReader {
  id: number
  role: StaffRole
  unitCode: string | null
}

export interface DigestReader extends StaffReader {
  /** Where the last digest left off: its day's start, or null before the first. */
  lastDigestAt: number | null
}

/** An answered item whose citizen left an e-mail address with their consent and has no answer mail queued. */
export interface AnswerToMail {
  feedbackId: string
  trackingCode: string
  publicAnswer: string
  answeredAt: number
}

export interface NewMail {
  /** Its own key (digest:<staff>:<day>, answer:<item>): queued once. */
  id: string
  kind: 'digest' | 'answer'
  /** Exactly one: the address is looked up when the mail is sent, never copied into the queue. */
  staffId?: number
  feedbackId?: string
  subject: string
  text: string
  html: string
  at: number
}

/** A mail a sender holds the lease of. `to` null: the address is gone (cleared, purged), nothing to send to. */
export interface ClaimedMail {
  id: string
  to: string | null
  subject: string
  text: string
  html: string
  attempts: number
  giveUpAt: number
  leaseToken: string
}

export type MailOutcome = { sent: true; at: number } | { sent: false; at: number; error: string; retryAt: number | null }

/** Two days of retries: a mail server down over a weekend's night is still caught up. */
export const MAIL_RETRY_WINDOW_MS = 48 * 3_600_000

export interface NotificationStore {
  /** Up to `limit` open items not yet announced for `kind`: new (to their current unit), due by `until`, overdue at `now`. */
  unannounced(kind: NoticeKind, now: number, until: number, limit: number): Promise<NoticeCandidate[]>
  /** Marks the announcement and notifies these staff in one transaction; false, nobody notified, when it was made already. */
  announce(kind: NoticeKind, item: NoticeCandidate, staffIds: number[], at: number): Promise<boolean>
  /** Active staff accounts of the notified roles. */
  readers(): Promise<StaffReader[]>
  /** The officer's notifications, newest first, with their items as they stand. */
  list(staffId: number, limit: number): Promise<StaffNotification[]>
  /** Marks the officer's own notifications read (`all`: every one); counts those it changed. */
  markRead(staffId: number, ids: number[] | 'all', at: number): Promise<number>

  /** Every account's address, for the administration. */
  emails(): Promise<Map<number, string | null>>
  setEmail(staffId: number, email: string | null, actor: Actor): Promise<Written<{ id: number; email: string | null }>>

  /** Active accounts of the notified roles with an address and no digest for `day` yet. */
  digestReaders(day: string): Promise<DigestReader[]>
  /** Records the officer's digest of `day` (and queues its mail, if any) once; false when it was recorded already. */
  recordDigest(staffId: number, day: string, dayStart: number, items: number, mail: NewMail | null): Promise<boolean>
  /** Items answered since `since` whose citizen asked for an answer by e-mail, without an answer mail queued yet. */
  answersToMail(since: number, limit: number): Promise<AnswerToMail[]>
  /** Queues a mail once by its id; false when it was queued already. */
  queueMail(mail: NewMail): Promise<boolean>
  /** Leases up to `limit` pending mails due at `now` for `leaseMs`, counting a try on each. */
  claimMail(now: number, limit: number, leaseMs: number): Promise<ClaimedMail[]>
  /** Records a try; ignored (false) when the lease was lost meanwhile. */
  finishMail(id: string, leaseToken: string, outcome: MailOutcome): Promise<boolean>
  mailCounts(): Promise<{ pending: number; sent: number; failed: number }>
}

/** A notification row with its item, as both stores read it. */
export interface NotificationRow {
  id: number
  kind: NoticeKind
  feedback_id: string
  tracking_code: string
  category: string
  unit_code: string | null
  due_at: number
  handling: number
  created_at: number
  read_at: number | null
}

export const NOTIFICATION_SELECT = `SELECT n.id, n.kind, n.feedback_id, f.tracking_code, f.category, f.unit_code, f.due_at, f.handling, n.created_at, n.read_at
  FROM notifications n JOIN feedback f ON f.id = n.feedback_id`

export const toNotification = (r: NotificationRow): StaffNotification => ({
  id: Number(r.id),
  kind: r.kind,
  feedbackId: r.feedback_id,
  trackingCode: r.tracking_code,
  category: r.category,
  unitCode: r.unit_code,
  dueAt: Number(r.due_at),
  open: Number(r.handling) === 0,
  createdAt: Number(r.created_at),
  readAt: r.read_at === null ? null : Number(r.read_at),
})

/** The condition on `feedback f` (open, and for each kind where it stands); `now` and `until` are bound by each store. */
export function unannouncedWhere(kind: NoticeKind, now: string, until: string): string {
  const unit = kind === 'new' ? "COALESCE(f.unit_code, '')" : "''"
  const when = kind === 'new' ? '' : kind === 'due_soon' ? `AND f.due_at >= ${now} AND f.due_at <= ${until}` : `AND f.due_at < ${now}`
  return `f.handling = 0 ${when} AND NOT EXISTS (SELECT 1 FROM notice_marks m WHERE m.feedback_id = f.id AND m.kind = '${kind}' AND m.unit_key = ${unit})`
}

export const answerMailWhere = (since: string) => `f.answered_at >= ${since} AND f.public_answer IS NOT NULL AND f.contact_email IS NOT NULL AND f.consent_at IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM mail_outbox o WHERE o.id = 'answer:' || f.id)`
