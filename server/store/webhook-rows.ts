import type { WebhookEvent } from '../../shared/webhooks'
import { type DeliveryRecord, type HookRecord, splitEvents } from './webhook-store'

/** The webhook rows as both stores read them (SQLite's 0/1 and PostgreSQL's enabled::int alike), as records. */
export interface HookRow {
  id: number
  name: string
  url: string
  events: string
  enabled: number
  created_at: number
  updated_at: number
  pending: number
  failed: number
}

export interface DeliveryRow {
  id: string
  event: string
  status: DeliveryRecord['status']
  attempts: number
  created_at: number
  next_at: number
  last_attempt_at: number | null
  last_status: number | null
  last_error: string | null
  delivered_at: number | null
}

export const hookRecord = (r: HookRow): HookRecord => ({
  id: Number(r.id),
  name: r.name,
  url: r.url,
  events: splitEvents(r.events),
  enabled: Boolean(r.enabled),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  pending: Number(r.pending),
  failed: Number(r.failed),
})

export const deliveryRecord = (r: DeliveryRow): DeliveryRecord => ({
  id: r.id,
  event: r.event as WebhookEvent,
  status: r.status,
  attempts: Number(r.attempts),
  createdAt: Number(r.created_at),
  nextAt: r.status === 'pending' ? Number(r.next_at) : null,
  lastAttemptAt: r.last_attempt_at === null ? null : Number(r.last_attempt_at),
  lastStatus: r.last_status === null ? null : Number(r.last_status),
  lastError: r.last_error,
  deliveredAt: r.delivered_at === null ? null : Number(r.delivered_at),
})

/** What the audit keeps of a hook: never its secret. */
export const auditedHook = (h: HookRecord) => ({ name: h.name, url: h.url, events: h.events, enabled: h.enabled })

export const HOOK_COLUMNS = `h.id, h.name, h.url, h.events, h.enabled, h.created_at, h.updated_at,
  (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.hook_id = h.id AND d.status = 'pending') AS pending,
  (SELECT COUNT(*) FROM webhook_deliveries d WHERE d.hook_id = h.id AND d.status = 'failed') AS failed`

export const DELIVERY_COLUMNS = 'id, event, status, attempts, created_at, next_at, last_attempt_at, last_status, last_error, delivered_at'

