import { recordAudit } from './admin-audit'
import { randomUUID } from 'node:crypto'
import type { WebhookEvent } from '../../../shared/webhooks'
import type { Actor, Written } from '../admin-store'
import { DELIVERY_COLUMNS, type DeliveryRow, deliveryRecord, HOOK_COLUMNS, type HookRow, auditedHook, hookRecord } from '../webhook-rows'
import {
  type ClaimedDelivery,
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
import type { Database, Queryable } from './database'

const ENQUEUE = `
  INSERT INTO webhook_deliveries (id, hook_id, event, event_id, payload, status, attempts, created_at, next_at, give_up_at)
  SELECT replace(gen_random_uuid()::text, '-', ''), id, $1, $2, $3, 'pending', 0, $4, $4, $5
  FROM webhooks WHERE enabled AND (',' || events || ',') LIKE $6
  ON CONFLICT (hook_id, event_id) DO NOTHING`

async function enqueue(client: Queryable, event: WebhookEvent, eventId: string, payload: string, at: number): Promise<number> {
  return (await client.query(ENQUEUE, [event, eventId, payload, at, at + RETRY_WINDOW_MS, subscribes(event)])).rowCount ?? 0
}

async function anySubscriber(client: Queryable, event: WebhookEvent): Promise<boolean> {
  return (await client.query(`SELECT 1 FROM webhooks WHERE enabled AND (',' || events || ',') LIKE $1 LIMIT 1`, [subscribes(event)])).rows.length > 0
}

/**
 * Queues a feedback event for every enabled hook subscribing to it, inside the caller's transaction (the
 * transactional outbox), with the item as it stands there. One query when no hook subscribes.
 */
export async function queueFeedbackEvent(client: Queryable, event: WebhookEvent, eventId: string, feedbackId: string, at: number): Promise<number> {
  if (!(await anySubscriber(client, event))) return 0
  const [row] = (await client.query<FeedbackEventRow>(`SELECT ${FEEDBACK_EVENT_COLUMNS} FROM feedback WHERE id = $1`, [feedbackId])).rows
  return row ? enqueue(client, event, eventId, feedbackEventBody(event, eventId, at, row), at) : 0
}

/** SQLite's placeholders and booleans as PostgreSQL's. */
const HOOKS = HOOK_COLUMNS.replace('h.enabled', 'h.enabled::int AS enabled')

/** Leases due deliveries: SKIP LOCKED lets instances claim side by side, each a different set. */
const CLAIM = `
  WITH due AS (
    SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
    ORDER BY next_at LIMIT $2 FOR UPDATE SKIP LOCKED
  )
  UPDATE webhook_deliveries d SET lease_until = $3, lease_token = $4, attempts = d.attempts + 1
  FROM due, webhooks h WHERE d.id = due.id AND h.id = d.hook_id
  RETURNING d.id, d.hook_id, d.event, d.payload, h.url, h.secret, d.attempts, d.created_at, d.give_up_at, d.next_at`

const hook = async (q: Queryable, id: number) => {
  const [row] = (await q.query(`SELECT ${HOOKS} FROM webhooks h WHERE h.id = $1`, [id])).rows
  return row ? hookRecord(row as HookRow) : undefined
}
const audit = (q: Queryable, actor: Actor, id: number, action: string, before: unknown, after: unknown) =>
  recordAudit(q, actor, 'webhook', String(id), action, before, after)
const delivery = async (q: Queryable, id: string, hookId: number) =>
  (await q.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE id = $1 AND hook_id = $2`, [id, hookId])).rows[0]

/** Webhooks on PostgreSQL, shared by every instance on the database. */
export function postgresWebhookStore(db: Database): WebhookStore {
  return {
    async list() {
      return (await db.rows(`SELECT ${HOOKS} FROM webhooks h ORDER BY h.id`)).map((r) => hookRecord(r as HookRow))
    },
    async create(input, actor) {
      return db.transaction(async (q) => {
        const { rows } = await q.query<{ id: number }>(
          `INSERT INTO webhooks (name, url, events, secret, enabled, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
          [input.name, input.url, joinEvents(input.events), input.secret, input.enabled, actor.at],
        )
        const created = (await hook(q, rows[0]!.id))!
        await audit(q, actor, created.id, 'create', null, auditedHook(created))
        return created
      })
    },
    async update(id, changes, actor): Promise<Written<HookRecord>> {
      return db.transaction(async (q) => {
        const [locked] = (await q.query('SELECT id FROM webhooks WHERE id = $1 FOR UPDATE', [id])).rows
        const before = locked && (await hook(q, id))
        if (!before) return { ok: false, reason: 'not_found' } as const
        const next = { ...before, ...changes }
        await q.query('UPDATE webhooks SET name = $2, url = $3, events = $4, enabled = $5, updated_at = $6 WHERE id = $1', [
          id,
          next.name,
          next.url,
          joinEvents(next.events),
          next.enabled,
          actor.at,
        ])
        const after = (await hook(q, id))!
        await audit(q, actor, id, 'update', auditedHook(before), auditedHook(after))
        return { ok: true, value: after } as const
      })
    },
    async remove(id, actor): Promise<Written<null>> {
      return db.transaction(async (q) => {
        const before = await hook(q, id)
        if (!before) return { ok: false, reason: 'not_found' } as const
        if (((await q.query('DELETE FROM webhooks WHERE id = $1', [id])).rowCount ?? 0) === 0) return { ok: false, reason: 'not_found' } as const
        await audit(q, actor, id, 'delete', auditedHook(before), null)
        return { ok: true, value: null } as const
      })
    },
    async deliveries(hookId, limit) {
      const rows = await db.rows<DeliveryRow>(
        `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE hook_id = $1 ORDER BY created_at DESC, id LIMIT $2`,
        [hookId, limit],
      )
      return rows.map(deliveryRecord)
    },
    async resend(hookId, deliveryId, actor): Promise<Written<DeliveryRecord>> {
      return db.transaction(async (q) => {
        const { rows } = await q.query<{ event: string }>(
          `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_at = $3, give_up_at = $4, lease_until = NULL, lease_token = NULL
            WHERE id = $1 AND hook_id = $2 AND status = 'failed' RETURNING event`,
          [deliveryId, hookId, actor.at, actor.at + RETRY_WINDOW_MS],
        )
        if (rows.length === 0) {
          const row = await delivery(q, deliveryId, hookId)
          if (!row) return { ok: false, reason: 'not_found' } as const
          return { ok: false, reason: 'invalid', field: 'id', message: `id: delivery ${deliveryId} is ${row.status}, not failed` } as const
        }
        await audit(q, actor, hookId, 'resend', null, { delivery: deliveryId, event: rows[0]!.event })
        return { ok: true, value: deliveryRecord((await delivery(q, deliveryId, hookId))!) } as const
      })
    },
    async subscribed(event) {
      return anySubscriber(db, event)
    },
    async enqueueResponses(responses, at) {
      if (responses.length === 0) return 0
      return db.transaction(async (q) => {
        let queued = 0
        for (const r of responses) queued += await enqueue(q, 'response.stored', `response:${r.id}`, responseEventBody(r, at), at)
        return queued
      })
    },
    async markOverdue(now, limit) {
      return db.transaction(async (q) => {
        // An item another instance marks meanwhile waits for its commit, then conflicts: each is marked once.
        const { rows } = await q.query<{ feedback_id: string }>(
          `INSERT INTO webhook_overdue (feedback_id, at)
            SELECT f.id, $1 FROM feedback f WHERE f.handling = 0 AND f.due_at < $1
              AND NOT EXISTS (SELECT 1 FROM webhook_overdue o WHERE o.feedback_id = f.id)
            ORDER BY f.due_at LIMIT $2
          ON CONFLICT DO NOTHING RETURNING feedback_id`,
          [now, limit],
        )
        for (const { feedback_id: id } of rows) await queueFeedbackEvent(q, 'feedback.overdue', `overdue:${id}`, id, now)
        return rows.length
      })
    },
    async claim(now, limit, leaseMs) {
      const token = randomUUID()
      const rows = await db.rows<{
        id: string
        hook_id: number
        event: string
        payload: string
        url: string
        secret: string
        attempts: number
        created_at: number
        give_up_at: number
        next_at: number
      }>(CLAIM, [now, limit, now + leaseMs, token])
      return rows
        .sort((a, b) => a.next_at - b.next_at)
        .map(
          (r): ClaimedDelivery => ({
            id: r.id,
            hookId: r.hook_id,
            event: r.event as WebhookEvent,
            payload: r.payload,
            url: r.url,
            secret: r.secret,
            attempts: r.attempts,
            createdAt: r.created_at,
            giveUpAt: r.give_up_at,
            leaseToken: token,
          }),
        )
    },
    async finish(id, token, outcome) {
      const { rowCount } = outcome.delivered
        ? await db.query(
            `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = $3, last_attempt_at = $3, last_status = $4, last_error = NULL,
              lease_until = NULL, lease_token = NULL WHERE id = $1 AND lease_token = $2 AND status = 'pending'`,
            [id, token, outcome.at, outcome.status],
          )
        : await db.query(
            `UPDATE webhook_deliveries SET status = CASE WHEN $6::bigint IS NULL THEN 'failed' ELSE 'pending' END, next_at = COALESCE($6::bigint, next_at),
              last_attempt_at = $3, last_status = $4, last_error = $5, lease_until = NULL, lease_token = NULL
              WHERE id = $1 AND lease_token = $2 AND status = 'pending'`,
            [id, token, outcome.at, outcome.status, outcome.error, outcome.retryAt],
          )
      return (rowCount ?? 0) > 0
    },
  }
}
