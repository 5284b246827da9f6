import { randomUUID } from 'node:crypto'
import { NOTIFIED_ROLES } from '../../../shared/notifications'
import type { StaffRole } from '../../../shared/staff'
import {
  answerMailWhere,
  MAIL_RETRY_WINDOW_MS,
  type NewMail,
  NOTIFICATION_SELECT,
  type NotificationRow,
  type NotificationStore,
  toNotification,
  unannouncedWhere,
} from '../notification-store'
import { recordAudit } from './admin-audit'
import type { Database, Queryable } from './database'

const ROLE_LIST = NOTIFIED_ROLES.map((r) => `'${r}'`).join(', ')

const queueRow = async (q: Queryable, mail: NewMail) =>
  ((
    await q.query(
      `INSERT INTO mail_outbox (id, kind, staff_id, feedback_id, subject, text_body, html_body, status, attempts, created_at, next_at, give_up_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, $8, $8, $9) ON CONFLICT DO NOTHING`,
      [mail.id, mail.kind, mail.staffId ?? null, mail.feedbackId ?? null, mail.subject, mail.text, mail.html, mail.at, mail.at + MAIL_RETRY_WINDOW_MS],
    )
  ).rowCount ?? 0) > 0

/** Leases due mails: SKIP LOCKED lets instances claim side by side, each a different set. */
const CLAIM = `
  WITH due AS (
    SELECT id FROM mail_outbox WHERE status = 'pending' AND next_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
    ORDER BY next_at LIMIT $2 FOR UPDATE SKIP LOCKED
  ), leased AS (
    UPDATE mail_outbox o SET lease_until = $3, lease_token = $4, attempts = o.attempts + 1 FROM due WHERE o.id = due.id
    RETURNING o.id, o.staff_id, o.feedback_id, o.subject, o.text_body, o.html_body, o.attempts, o.give_up_at, o.next_at
  )
  SELECT l.id, COALESCE(s.email, f.contact_email) AS address, l.subject, l.text_body, l.html_body, l.attempts, l.give_up_at
  FROM leased l LEFT JOIN staff s ON s.id = l.staff_id AND s.active LEFT JOIN feedback f ON f.id = l.feedback_id ORDER BY l.next_at`

/** Notifications and the mail queue on PostgreSQL, shared by every instance on the database. */
export function postgresNotificationStore(db: Database): NotificationStore {
  return {
    async unannounced(kind, now, until, limit) {
      // PostgreSQL types every parameter from the statement: each kind binds only those it uses.
      const params = kind === 'new' ? [limit] : kind === 'overdue' ? [now, limit] : [now, until, limit]
      const rows = await db.rows<{ id: string; unit_code: string | null }>(
        `SELECT f.id, f.unit_code FROM feedback f WHERE ${unannouncedWhere(kind, '$1', '$2')} ORDER BY f.due_at, f.id LIMIT $${params.length}`,
        params,
      )
      return rows.map((r) => ({ feedbackId: r.id, unitCode: r.unit_code }))
    },
    async announce(kind, item, staffIds, at) {
      return db.transaction(async (q) => {
        // A mark another instance makes meanwhile waits for its commit, then conflicts: each item is announced once.
        const marked = await q.query('INSERT INTO notice_marks (feedback_id, kind, unit_key, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
          item.feedbackId,
          kind,
          kind === 'new' ? (item.unitCode ?? '') : '',
          at,
        ])
        if ((marked.rowCount ?? 0) === 0) return false
        if (staffIds.length > 0) {
          await q.query(
            `INSERT INTO notifications (staff_id, feedback_id, kind, created_at) SELECT unnest($1::int[]), $2, $3, $4 ON CONFLICT DO NOTHING`,
            [staffIds, item.feedbackId, kind, at],
          )
        }
        return true
      })
    },
    async readers() {
      const rows = await db.rows<{ id: number; role: StaffRole; unit_code: string | null }>(
        `SELECT id, role, unit_code FROM staff WHERE active AND role IN (${ROLE_LIST}) ORDER BY id`,
      )
      return rows.map((r) => ({ id: r.id, role: r.role, unitCode: r.unit_code }))
    },
    async list(staffId, limit) {
      return (await db.rows<NotificationRow>(`${NOTIFICATION_SELECT} WHERE n.staff_id = $1 ORDER BY n.id DESC LIMIT $2`, [staffId, limit])).map(toNotification)
    },
    async markRead(staffId, ids, at) {
      const { rowCount } =
        ids === 'all'
          ? await db.query('UPDATE notifications SET read_at = $1 WHERE staff_id = $2 AND read_at IS NULL', [at, staffId])
          : await db.query('UPDATE notifications SET read_at = $1 WHERE staff_id = $2 AND id = ANY($3::bigint[]) AND read_at IS NULL', [at, staffId, ids])
      return rowCount ?? 0
    },
    async emails() {
      return new Map((await db.rows<{ id: number; email: string | null }>('SELECT id, email FROM staff')).map((r) => [r.id, r.email]))
    },
    async setEmail(staffId, email, actor) {
      return db.transaction(async (q) => {
        const [before] = (await q.query<{ email: string | null }>('SELECT email FROM staff WHERE id = $1 FOR UPDATE', [staffId])).rows
        if (!before) return { ok: false, reason: 'not_found' } as const
        await q.query('UPDATE staff SET email = $1 WHERE id = $2', [email, staffId])
        // The audit says that the address changed, not what it was or is: it is personal data.
        await recordAudit(q, actor, 'staff', String(staffId), 'set_email', { email: before.email === null ? null : 'set' }, { email: email === null ? null : 'set' })
        return { ok: true, value: { id: staffId, email } } as const
      })
    },
    async digestReaders(day) {
      const rows = await db.rows<{ id: number; role: StaffRole; unit_code: string | null; last: number | null }>(
        `SELECT s.id, s.role, s.unit_code, (SELECT max(d.at) FROM mail_digests d WHERE d.staff_id = s.id) AS last FROM staff s
         WHERE s.active AND s.email IS NOT NULL AND s.role IN (${ROLE_LIST})
           AND NOT EXISTS (SELECT 1 FROM mail_digests d WHERE d.staff_id = s.id AND d.day = $1) ORDER BY s.id`,
        [day],
      )
      return rows.map((r) => ({ id: r.id, role: r.role, unitCode: r.unit_code, lastDigestAt: r.last === null ? null : Number(r.last) }))
    },
    async recordDigest(staffId, day, dayStart, items, mail) {
      return db.transaction(async (q) => {
        const { rowCount } = await q.query('INSERT INTO mail_digests (staff_id, day, items, at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [
          staffId,
          day,
          items,
          dayStart,
        ])
        if ((rowCount ?? 0) === 0) return false
        if (mail) await queueRow(q, mail)
        return true
      })
    },
    async answersToMail(since, limit) {
      const rows = await db.rows<{ id: string; tracking_code: string; public_answer: string; answered_at: number }>(
        `SELECT f.id, f.tracking_code, f.public_answer, f.answered_at FROM feedback f WHERE ${answerMailWhere('$1')} ORDER BY f.answered_at LIMIT $2`,
        [since, limit],
      )
      return rows.map((r) => ({ feedbackId: r.id, trackingCode: r.tracking_code, publicAnswer: r.public_answer, answeredAt: r.answered_at }))
    },
    async queueMail(mail) {
      return db.transaction((q) => queueRow(q, mail))
    },
    async claimMail(now, limit, leaseMs) {
      const token = randomUUID()
      const rows = await db.rows<{ id: string; address: string | null; subject: string; text_body: string; html_body: string; attempts: number; give_up_at: number }>(
        CLAIM,
        [now, limit, now + leaseMs, token],
      )
      return rows.map((r) => ({
        id: r.id,
        to: r.address,
        subject: r.subject,
        text: r.text_body,
        html: r.html_body,
        attempts: r.attempts,
        giveUpAt: r.give_up_at,
        leaseToken: token,
      }))
    },
    async finishMail(id, token, outcome) {
      const { rowCount } = outcome.sent
        ? await db.query(
            `UPDATE mail_outbox SET status = 'sent', sent_at = $3, last_attempt_at = $3, last_error = NULL, lease_until = NULL, lease_token = NULL
              WHERE id = $1 AND lease_token = $2 AND status = 'pending'`,
            [id, token, outcome.at],
          )
        : await db.query(
            `UPDATE mail_outbox SET status = CASE WHEN $5::bigint IS NULL THEN 'failed' ELSE 'pending' END, next_at = COALESCE($5::bigint, next_at),
              last_attempt_at = $3, last_error = $4, lease_until = NULL, lease_token = NULL WHERE id = $1 AND lease_token = $2 AND status = 'pending'`,
            [id, token, outcome.at, outcome.error, outcome.retryAt],
          )
      return (rowCount ?? 0) > 0
    },
    async mailCounts() {
      const result = { pending: 0, sent: 0, failed: 0 }
      for (const r of await db.rows<{ status: 'pending' | 'sent' | 'failed'; n: number }>('SELECT status, count(*) AS n FROM mail_outbox GROUP BY status')) {
        result[r.status] = Number(r.n)
      }
      return result
    },
  }
}
