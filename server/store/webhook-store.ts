import type { DeliveryStatus, WebhookEvent } from '../../shared/webhooks'
import type { Actor, Written } from './admin-store'
import type { PreparedResponse } from './prepared-response'

/**
 * Webhooks: the hooks administrators register, and the durable queue of their deliveries. Feedback events are
 * queued by the feedback store inside the transaction of the change they report (filed, assigned, answered),
 * one delivery per subscribed hook; overdue items by `markOverdue`, run by the dispatcher; stored responses by
 * `enqueueResponses` right after the writer committed them (only while a hook subscribes: see
 * server/domain/webhooks.ts). Deliveries are never deleted with their item; a hook's go with it.
 */

export interface HookRecord {
  id: number
  name: string
  url: string
  events: WebhookEvent[]
  enabled: boolean
  createdAt: number
  updatedAt: number
  pending: number
  failed: number
}

export interface HookInput {
  name: string
  url: string
  events: WebhookEvent[]
  enabled: boolean
}

export interface DeliveryRecord {
  id: string
  event: WebhookEvent
  status: DeliveryStatus
  attempts: number
  createdAt: number
  nextAt: number | null
  lastAttemptAt: number | null
  lastStatus: number | null
  lastError: string | null
  deliveredAt: number | null
}

/** A delivery a dispatcher holds the lease of: what it needs to send it, and the token that proves the lease. */
export interface ClaimedDelivery {
  id: string
  hookId: number
  event: WebhookEvent
  payload: string
  url: string
  secret: string
  attempts: number
  createdAt: number
  giveUpAt: number
  leaseToken: string
}

/** How one try ended. `retryAt` null: no more tries (the day is over), the delivery is failed. */
export type DeliveryOutcome =
  | { delivered: true; at: number; status: number }
  | { delivered: false; at: number; status: number | null; error: string; retryAt: number | null }

export interface WebhookStore {
  list(): Promise<HookRecord[]>
  create(input: HookInput & { secret: string }, actor: Actor): Promise<HookRecord>
  update(id: number, changes: Partial<HookInput>, actor: Actor): Promise<Written<HookRecord>>
  remove(id: number, actor: Actor): Promise<Written<null>>
  /** A hook's deliveries, newest first. */
  deliveries(hookId: number, limit: number): Promise<DeliveryRecord[]>
  /** Puts a failed delivery of the hook back in the queue, due now, for another day of retries. */
  resend(hookId: number, deliveryId: string, actor: Actor): Promise<Written<DeliveryRecord>>
  /** Whether any enabled hook subscribes to the event. */
  subscribed(event: WebhookEvent): Promise<boolean>
  /** Queues response.stored for each response, once per hook and response however often it is called. */
  enqueueResponses(responses: PreparedResponse[], at: number): Promise<number>
  /**
   * Marks up to `limit` open items past their deadline at `now` that were never reported overdue, and queues
   * feedback.overdue for them; each item is marked once, by whichever instance gets there first.
   */
  markOverdue(now: number, limit: number): Promise<number>
  /** Leases up to `limit` pending deliveries due at `now` for `leaseMs`, and counts a try on each. */
  claim(now: number, limit: number, leaseMs: number): Promise<ClaimedDelivery[]>
  /** Records a try of a claimed delivery; ignored (false) when the lease was lost meanwhile. */
  finish(id: string, leaseToken: string, outcome: DeliveryOutcome): Promise<boolean>
}

/** A day of retries from when the event was queued (or re-sent). */
export const RETRY_WINDOW_MS = 24 * 3_600_000

/** Columns of a feedback row that a feedback event's payload is made of: never contact details nor the description. */
export const FEEDBACK_EVENT_COLUMNS = `id, tracking_code, category, petition_type, status, unit_code, assigned_to, received_at, accept_by,
  resolve_by, answered_at, public_answer, closed_at`

export interface FeedbackEventRow {
  id: string
  tracking_code: string
  category: string
  petition_type: string
  status: string
  unit_code: string | null
  assigned_to: number | null
  received_at: number
  accept_by: number | null
  resolve_by: number
  answered_at: number | null
  public_answer: string | null
  closed_at: number | null
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString())

/**
 * The body of a delivery: the event, its id (the same for every hook it goes to) and when it happened, and the
 * item's ids, classification, unit, status and deadlines. No personal data: no contact, no description; the
 * public answer (feedback.answered only) is what the tracking page already shows to anyone with the code.
 */
export function feedbackEventBody(event: WebhookEvent, eventId: string, at: number, row: FeedbackEventRow): string {
  return JSON.stringify({
    event,
    eventId,
    occurredAt: iso(at),
    feedback: {
      id: row.id,
      trackingCode: row.tracking_code,
      category: row.category,
      petitionType: row.petition_type,
      status: row.status,
      unitCode: row.unit_code,
      assigneeId: row.assigned_to === null ? null : Number(row.assigned_to),
      receivedAt: iso(row.received_at),
      acceptBy: iso(row.accept_by),
      resolveBy: iso(row.resolve_by),
      answeredAt: iso(row.answered_at),
      closedAt: iso(row.closed_at),
      ...(event === 'feedback.answered' ? { publicAnswer: row.public_answer } : {}),
    },
  })
}

/** The body of response.stored: where and how it was rated, never the dossier number nor the answers' text. */
export function responseEventBody(response: PreparedResponse, at: number): string {
  return JSON.stringify({
    event: 'response.stored',
    eventId: `response:${response.id}`,
    occurredAt: iso(at),
    response: {
      id: response.id,
      counterCode: response.counterCode,
      unitCode: response.unitCode,
      procedureCode: response.procedureCode,
      questionnaire: { key: response.questionnaireKey, version: response.questionnaireVersion },
      level: response.level,
      score: response.score,
      maxScore: response.maxScore,
      ratedAt: iso(response.ratedAt),
      receivedAt: iso(response.receivedAt),
    },
  })
}

/** The staff action that makes a feedback event, if any. */
export function feedbackEventOf(action: string): WebhookEvent | undefined {
  if (action === 'assign' || action === 'forward') return 'feedback.assigned'
  if (action === 'answer') return 'feedback.answered'
  return undefined
}

/** Hooks subscribing to an event: events are stored comma-separated. */
export const subscribes = (event: WebhookEvent) => `%,${event},%`

export const joinEvents = (events: readonly WebhookEvent[]) => events.join(',')
export const splitEvents = (text: string) => text.split(',').filter((e) => e !== '') as WebhookEvent[]
