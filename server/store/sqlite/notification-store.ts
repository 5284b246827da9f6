import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import { NOTIFIED_ROLES, type NoticeKind } from '../../../shared/notifications'
import type { StaffRole } from '../../../shared/staff'
import {
  answerMailWhere,
  type AnswerToMail,
  MAIL_RETRY_WINDOW_MS,
  type NewMail,
  NOTIFICATION_SELECT,
  type NotificationRow,
  type NotificationStore,
  type NoticeCandidate,
  toNotification,
  unannouncedWhere,
} from '../notification-store'
import { adminAuditWriter } from './admin-audit'

const ROLE_LIST = NOTIFIED_ROLES.map((r) => `'${r}'`).join(', ')

interface ClaimedRow {
  id: string
  address: string | null
  subject: string
  text_body: string
  html_body: string
  attempts: number
  give_up_at: number
}

export function sqliteNotificationStore(db: Database.Database): NotificationStore {
  const unannounced = Object.fromEntries(
    (['new', 'due_soon', 'overdue'] as const).map((kind) => [
      kind,
      db.prepare<{ now: number; until: number; limit: number }, { id: string; unit_code: string | null }>(
        `SELECT f.id, f.unit_code FROM feedback f WHERE ${unannouncedWhere(kind, '@now', '@until')} ORDER BY f.due_at, f.id LIMIT @limit`,
      ),
    ]),
  ) as Record<NoticeKind, Database.Statement<{ now: number; until: number; limit: number }, { id: string; unit_code: string | null }>>
  const mark = db.prepare('INSERT INTO notice_marks (feedback_id, kind, unit_key, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
  const notify = db.prepare('INSERT INTO notifications (staff_id, feedback_id, kind, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
  const readers = db.prepare<[], { id: number; role: StaffRole; unit_code: string | null }>(
    `SELECT id, role, unit_code FROM staff WHERE active = 1 AND role IN (${ROLE_LIST}) ORDER BY id`,
  )
  const listOf = db.prepare<[number, number], NotificationRow>(`${NOTIFICATION_SELECT} WHERE n.staff_id = ? ORDER BY n.id DESC LIMIT ?`)
  const readAll = db.prepare('UPDATE notifications SET read_at = ? WHERE staff_id = ? AND read_at IS NULL')
  const readOne = db.prepare('UPDATE notifications SET read_at = ? WHERE staff_id = ? AND id = ? AND read_at IS NULL')
  const emails = db.prepare<[], { id: number; email: string | null }>('SELECT id, email FROM staff')
  const emailOf = db.prepare<[number], { email: string | null }>('SELECT email FROM staff WHERE id = ?')
  const setEmail = db.prepare('UPDATE staff SET email = ? WHERE id = ?')
  const audit = adminAuditWriter(db)
  const digestReaders = db.prepare<[string], { id: number; role: StaffRole; unit_code: string | null; last: number | null }>(
    `SELECT s.id, s.role, s.unit_code, (SELECT max(d.at) FROM mail_digests d WHERE d.staff_id = s.id) AS last FROM staff s
     WHERE s.active = 1 AND s.email IS NOT NULL AND s.role IN (${ROLE_LIST})
       AND NOT EXISTS (SELECT 1 FROM mail_digests d WHERE d.staff_id = s.id AND d.day = ?) ORDER BY s.id`,
  )
  const digest = db.prepare('INSERT INTO mail_digests (staff_id, day, items, at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING')
  const answers = db.prepare<[number, number], { id: string; tracking_code: string; public_answer: string; answered_at: number }>(
    `SELECT f.id, f.tracking_code, f.public_answer, f.answered_at FROM feedback f WHERE ${answerMailWhere('?')} ORDER BY f.answered_at LIMIT ?`,
  )
  const queue = db.prepare(`INSERT INTO mail_outbox (id, kind, staff_id, feedback_id, subject, text_body, html_body, status, attempts, created_at, next_at, give_up_at)
    VALUES (@id, @kind, @staffId, @feedbackId, @subject, @text, @html, 'pending', 0, @at, @at, @giveUpAt) ON CONFLICT DO NOTHING`)
  const lease = db.prepare<{ now: number; limit: number; leaseUntil: number; token: string }>(`
    UPDATE mail_outbox SET lease_until = @leaseUntil, lease_token = @token, attempts = attempts + 1
    WHERE id IN (SELECT id FROM mail_outbox WHERE status = 'pending' AND next_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
      ORDER BY next_at LIMIT @limit)`)
  const claimed = db.prepare<[string], ClaimedRow>(`SELECT o.id, COALESCE(s.email, f.contact_email) AS address, o.subject, o.text_body, o.html_body,
      o.attempts, o.give_up_at
    FROM mail_outbox o LEFT JOIN staff s ON s.id = o.staff_id AND s.active = 1 LEFT JOIN feedback f ON f.id = o.feedback_id
    WHERE o.lease_token = ? ORDER BY o.next_at`)
  const sent = db.prepare(`UPDATE mail_outbox SET status = 'sent', sent_at = @at, last_attempt_at = @at, last_error = NULL, lease_until = NULL,
    lease_token = NULL WHERE id = @id AND lease_token = @token AND status = 'pending'`)
  const failedTry = db.prepare(`UPDATE mail_outbox SET status = CASE WHEN @retryAt IS NULL THEN 'failed' ELSE 'pending' END,
    next_at = COALESCE(@retryAt, next_at), last_attempt_at = @at, last_error = @error, lease_until = NULL, lease_token = NULL
    WHERE id = @id AND lease_token = @token AND status = 'pending'`)
  const counts = db.prepare<[], { status: 'pending' | 'sent' | 'failed'; n: number }>('SELECT status, count(*) AS n FROM mail_outbox GROUP BY status')

  const write = <T>(work: () => T): T => db.transaction(work).immediate()
  const queueRow = (mail: NewMail) =>
    queue.run({ ...mail, staffId: mail.staffId ?? null, feedbackId: mail.feedbackId ?? null, giveUpAt: mail.at + MAIL_RETRY_WINDOW_MS }).changes > 0

  return {
    async unannounced(kind, now, until, limit) {
      return unannounced[kind].all({ now, until, limit }).map((r): NoticeCandidate => ({ feedbackId: r.id, unitCode: r.unit_code }))
    },
    async announce(kind, item, staffIds, at) {
      return write(() => {
        const key = kind === 'new' ? (item.unitCode ?? '') : ''
        if (mark.run(item.feedbackId, kind, key, at).changes === 0) return false
        for (const id of staffIds) notify.run(id, item.feedbackId, kind, at)
        return true
      })
    },
    async readers() {
      return readers.all().map((r) => ({ id: r.id, role: r.role, unitCode: r.unit_code }))
    },
    async list(staffId, limit) {
      return listOf.all(staffId, limit).map(toNotification)
    },
    async markRead(staffId, ids, at) {
      return write(() => (ids === 'all' ? readAll.run(at, staffId).changes : ids.reduce((n, id) => n + readOne.run(at, staffId, id).changes, 0)))
    },
    async emails() {
      return new Map(emails.all().map((r) => [r.id, r.email]))
    },
    async setEmail(staffId, email, actor) {
      return write(() => {
        const before = emailOf.get(staffId)
        if (!before) return { ok: false, reason: 'not_found' } as const
        setEmail.run(email, staffId)
        // The audit says that the address changed, not what it was or is: it is personal data.
        audit(actor, 'staff', String(staffId), 'set_email', { email: before.email === null ? null : 'set' }, { email: email === null ? null : 'set' })
        return { ok: true, value: { id: staffId, email } } as const
      })
    },
    async digestReaders(day) {
      return digestReaders.all(day).map((r) => ({ id: r.id, role: r.role, unitCode: r.unit_code, lastDigestAt: r.last === null ? null : Number(r.last) }))
    },
    async recordDigest(staffId, day, dayStart, items, mail) {
      return write(() => {
        if (digest.run(staffId, day, items, dayStart).changes === 0) return false
        if (mail) queueRow(mail)
        return true
      })
    },
    async answersToMail(since, limit): Promise<AnswerToMail[]> {
      return answers.all(since, limit).map((r) => ({ feedbackId: r.id, trackingCode: r.tracking_code, publicAnswer: r.public_answer, answeredAt: Number(r.answered_at) }))
    },
    async queueMail(mail) {
      return write(() => queueRow(mail))
    },
    async claimMail(now, limit, leaseMs) {
      const token = randomUUID()
      return write(() => {
        if (lease.run({ now, limit, leaseUntil: now + leaseMs, token }).changes === 0) return []
        return claimed.all(token).map((r) => ({
          id: r.id,
          to: r.address,
          subject: r.subject,
          text: r.text_body,
          html: r.html_body,
          attempts: Number(r.attempts),
          giveUpAt: Number(r.give_up_at),
          leaseToken: token,
        }))
      })
    },
    async finishMail(id, token, outcome) {
      const changes = outcome.sent
        ? sent.run({ id, token, at: outcome.at }).changes
        : failedTry.run({ id, token, at: outcome.at, error: outcome.error, retryAt: outcome.retryAt }).changes
      return changes > 0
    },
    async mailCounts() {
      const result = { pending: 0, sent: 0, failed: 0 }
      for (const r of counts.all()) result[r.status] = Number(r.n)
      return result
    },
  }
}
