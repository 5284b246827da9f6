import { adminAuditWriter } from './admin-audit'
import { randomUUID } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { WebhookEvent } from '../../../shared/webhooks'
import type { Actor, Written } from '../admin-store'
import {
  type DeliveryRecord,
  FEEDBACK_EVENT_COLUMNS,
  type FeedbackEventRow,
  feedbackEventBody,
  type HookRecord,
  joinEvents,
  RETRY_WINDOW_MS,
  responseEventBody,
  subscribes,
  type WebhookStore,
} from '../webhook-store'
import { DELIVERY_COLUMNS, type DeliveryRow, deliveryRecord, HOOK_COLUMNS, type HookRow, auditedHook, hookRecord } from '../webhook-rows'

/**
 * Queues an event for every enabled hook subscribing to it, inside the caller's transaction (the feedback
 * store's: the transactional outbox). Nothing is read or written when no hook subscribes.
 */
export function sqliteWebhookOutbox(db: Database.Database) {
  const anySubscriber = db.prepare<[string], { one: number }>(`SELECT 1 AS one FROM webhooks WHERE enabled = 1 AND (',' || events || ',') LIKE ? LIMIT 1`)
  const feedbackRow = db.prepare<[string], FeedbackEventRow>(`SELECT ${FEEDBACK_EVENT_COLUMNS} FROM feedback WHERE id = ?`)
  const insert = db.prepare<{ event: string; eventId: string; payload: string; at: number; giveUpAt: number; pattern: string }>(`
    INSERT INTO webhook_deliveries (id, hook_id, event, event_id, payload, status, attempts, created_at, next_at, give_up_at)
    SELECT lower(hex(randomblob(16))), id, @event, @eventId, @payload, 'pending', 0, @at, @at, @giveUpAt
    FROM webhooks WHERE enabled = 1 AND (',' || events || ',') LIKE @pattern
    ON CONFLICT (hook_id, event_id) DO NOTHING`)
  const enqueue = (event: WebhookEvent, eventId: string, payload: string, at: number) =>
    insert.run({ event, eventId, payload, at, giveUpAt: at + RETRY_WINDOW_MS, pattern: subscribes(event) }).changes
  return {
    enqueue,
    subscribed: (event: WebhookEvent) => anySubscriber.get(subscribes(event)) !== undefined,
    /** Queues a feedback event with the item as it stands in the transaction. */
    feedbackEvent(event: WebhookEvent, eventId: string, feedbackId: string, at: number) {
      if (!anySubscriber.get(subscribes(event))) return 0
      const row = feedbackRow.get(feedbackId)
      return row ? enqueue(event, eventId, feedbackEventBody(event, eventId, at, row), at) : 0
    },
  }
}

export function sqliteWebhookStore(db: Database.Database): WebhookStore {
  const outbox = sqliteWebhookOutbox(db)
  const all = db.prepare<[], HookRow>(`SELECT ${HOOK_COLUMNS} FROM webhooks h ORDER BY h.id`)
  const one = db.prepare<[number], HookRow>(`SELECT ${HOOK_COLUMNS} FROM webhooks h WHERE h.id = ?`)
  const insertHook = db.prepare(`INSERT INTO webhooks (name, url, events, secret, enabled, created_at, updated_at)
    VALUES (@name, @url, @events, @secret, @enabled, @at, @at)`)
  const updateHook = db.prepare(`UPDATE webhooks SET name = @name, url = @url, events = @events, enabled = @enabled, updated_at = @at WHERE id = @id`)
  const deleteHook = db.prepare('DELETE FROM webhooks WHERE id = ?')
  const record = adminAuditWriter(db)
  const audit = (actor: Actor, id: number, action: string, before: unknown, after: unknown) => record(actor, 'webhook', String(id), action, before, after)
  const deliveriesOf = db.prepare<[number, number], DeliveryRow>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE hook_id = ? ORDER BY created_at DESC, id LIMIT ?`,
  )
  const deliveryOf = db.prepare<[string, number], DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = ? AND hook_id = ?`)
  const requeue = db.prepare(`UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_at = @at, give_up_at = @giveUpAt,
    lease_until = NULL, lease_token = NULL WHERE id = @id`)
  const overdueItems = db.prepare<{ now: number; limit: number }, { id: string }>(`SELECT f.id FROM feedback f
    WHERE f.handling = 0 AND f.due_at < @now AND NOT EXISTS (SELECT 1 FROM webhook_overdue o WHERE o.feedback_id = f.id)
    ORDER BY f.due_at LIMIT @limit`)
  const markItem = db.prepare('INSERT INTO webhook_overdue (feedback_id, at) VALUES (?, ?) ON CONFLICT DO NOTHING')
  const due = db.prepare<{ now: number; limit: number; leaseUntil: number; token: string }, { id: string }>(`
    UPDATE webhook_deliveries SET lease_until = @leaseUntil, lease_token = @token, attempts = attempts + 1
    WHERE id IN (SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_at <= @now
      AND (lease_until IS NULL OR lease_until <= @now) ORDER BY next_at LIMIT @limit)
    RETURNING id`)
  const claimed = db.prepare<[string], { id: string; hook_id: number; event: string; payload: string; url: string; secret: string; attempts: number; created_at: number; give_up_at: number }>(
    `SELECT d.id, d.hook_id, d.event, d.payload, h.url, h.secret, d.attempts, d.created_at, d.give_up_at
     FROM webhook_deliveries d JOIN webhooks h ON h.id = d.hook_id WHERE d.lease_token = ? ORDER BY d.next_at`,
  )
  const delivered = db.prepare(`UPDATE webhook_deliveries SET status = 'delivered', delivered_at = @at, last_attempt_at = @at, last_status = @status,
    last_error = NULL, lease_until = NULL, lease_token = NULL WHERE id = @id AND lease_token = @token AND status = 'pending'`)
  const failedTry = db.prepare(`UPDATE webhook_deliveries SET status = CASE WHEN @retryAt IS NULL THEN 'failed' ELSE 'pending' END,
    next_at = COALESCE(@retryAt, next_at), last_attempt_at = @at, last_status = @status, last_error = @error, lease_until = NULL, lease_token = NULL
    WHERE id = @id AND lease_token = @token AND status = 'pending'`)

  const write = <T>(work: () => T): T => db.transaction(work).immediate()
  const hook = (id: number) => {
    const row = one.get(id)
    return row ? hookRecord(row) : undefined
  }

  return {
    async list() {
      return all.all().map(hookRecord)
    },
    async create(input, actor) {
      return write(() => {
        const id = Number(
          insertHook.run({ name: input.name, url: input.url, events: joinEvents(input.events), secret: input.secret, enabled: input.enabled ? 1 : 0, at: actor.at })
            .lastInsertRowid,
        )
        const created = hook(id)!
        audit(actor, id, 'create', null, auditedHook(created))
        return created
      })
    },
    async update(id, changes, actor): Promise<Written<HookRecord>> {
      return write(() => {
        const before = hook(id)
        if (!before) return { ok: false, reason: 'not_found' }
        const next = { ...before, ...changes }
        updateHook.run({ id, name: next.name, url: next.url, events: joinEvents(next.events), enabled: next.enabled ? 1 : 0, at: actor.at })
        const after = hook(id)!
        audit(actor, id, 'update', auditedHook(before), auditedHook(after))
        return { ok: true, value: after }
      })
    },
    async remove(id, actor): Promise<Written<null>> {
      return write(() => {
        const before = hook(id)
        if (!before) return { ok: false, reason: 'not_found' }
        deleteHook.run(id)
        audit(actor, id, 'delete', auditedHook(before), null)
        return { ok: true, value: null }
      })
    },
    async deliveries(hookId, limit) {
      return deliveriesOf.all(hookId, limit).map(deliveryRecord)
    },
    async resend(hookId, deliveryId, actor): Promise<Written<DeliveryRecord>> {
      return write(() => {
        const row = deliveryOf.get(deliveryId, hookId)
        if (!row) return { ok: false, reason: 'not_found' }
        if (row.status !== 'failed') return { ok: false, reason: 'invalid', field: 'id', message: `id: delivery ${deliveryId} is ${row.status}, not failed` }
        requeue.run({ id: deliveryId, at: actor.at, giveUpAt: actor.at + RETRY_WINDOW_MS })
        audit(actor, hookId, 'resend', null, { delivery: deliveryId, event: row.event })
        return { ok: true, value: deliveryRecord(deliveryOf.get(deliveryId, hookId)!) }
      })
    },
    async subscribed(event) {
      return outbox.subscribed(event)
    },
    async enqueueResponses(responses, at) {
      if (responses.length === 0) return 0
      return write(() => responses.reduce((n, r) => n + outbox.enqueue('response.stored', `response:${r.id}`, responseEventBody(r, at), at), 0))
    },
    async markOverdue(now, limit) {
      return write(() => {
        const items = overdueItems.all({ now, limit })
        for (const { id } of items) {
          markItem.run(id, now)
          outbox.feedbackEvent('feedback.overdue', `overdue:${id}`, id, now)
        }
        return items.length
      })
    },
    async claim(now, limit, leaseMs) {
      const token = randomUUID()
      return write(() => {
        if (due.all({ now, limit, leaseUntil: now + leaseMs, token }).length === 0) return []
        return claimed.all(token).map((r) => ({
          id: r.id,
          hookId: Number(r.hook_id),
          event: r.event as WebhookEvent,
          payload: r.payload,
          url: r.url,
          secret: r.secret,
          attempts: Number(r.attempts),
          createdAt: Number(r.created_at),
          giveUpAt: Number(r.give_up_at),
          leaseToken: token,
        }))
      })
    },
    async finish(id, token, outcome) {
      const changes = outcome.delivered
        ? delivered.run({ id, token, at: outcome.at, status: outcome.status }).changes
        : failedTry.run({ id, token, at: outcome.at, status: outcome.status, error: outcome.error, retryAt: outcome.retryAt }).changes
      return changes > 0
    },
  }
}
