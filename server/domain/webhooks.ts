import { createHmac } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { isIP } from 'node:net'
import type { InsertStatus, Store } from '../store/store'
import type { PreparedResponse } from '../store/prepared-response'
import type { ClaimedDelivery, DeliveryOutcome } from '../store/webhook-store'
import { timerLoop } from './timer-loop'
import { isPrivateAddress, safeLookup } from './webhook-target'

/**
 * The webhook dispatcher: a timer loop in the server process that leases due deliveries from the store's
 * queue, posts each (signed, with a timeout), and records the outcome: delivered on a 2xx, otherwise retried
 * with exponential back-off (30 s, 1 min, 2 min … at most an hour apart) until a day has passed, then failed.
 * It never runs inside a request: requests only write the queue. A lease (claimed with FOR UPDATE SKIP LOCKED
 * on PostgreSQL) keeps two instances from sending the same delivery; the overdue scan marks each item once
 * whichever instance runs it, so every instance runs both.
 */

export const FIRST_RETRY_MS = 30_000
export const MAX_RETRY_MS = 3_600_000
/** A try holds its delivery this long: well past the timeout, so that no other instance sends it meanwhile. */
const LEASE_MS = 120_000
const OVERDUE_EVERY_MS = 60_000
const OVERDUE_BATCH = 500

/** The wait after the n-th failed try (n from 1). */
export function retryDelay(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS)
}

/** The signature a receiver checks: HMAC-SHA256 of `<timestamp>.<body>` with the hook's secret, in hex. */
export function signature(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')
}

export interface SendResult {
  /** The receiver's HTTP status, or null when there was none (refused, timed out). */
  status: number | null
  error: string | null
}

export interface DispatcherOptions {
  allowPrivate: boolean
  now?: () => number
  /** Per try. */
  timeoutMs?: number
  /** Deliveries in flight at once. */
  concurrency?: number
  /** Between two rounds of the loop. */
  intervalMs?: number
}

/** Posts one delivery. Never throws; never reads the receiver's body (the status is the answer). */
export function send(delivery: ClaimedDelivery, at: number, allowPrivate: boolean, timeoutMs: number): Promise<SendResult> {
  return new Promise((resolve) => {
    let url: URL
    try {
      url = new URL(delivery.url)
    } catch {
      return resolve({ status: null, error: 'invalid URL' })
    }
    const host = url.hostname.replace(/^\[|\]$/g, '')
    if (!allowPrivate && (url.protocol !== 'https:' || (isIP(host) !== 0 && isPrivateAddress(host)))) {
      return resolve({ status: null, error: 'refused: not a public https address' })
    }
    const timestamp = String(Math.floor(at / 1000))
    const body = Buffer.from(delivery.payload)
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        agent: false,
        lookup: safeLookup(allowPrivate),
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': body.length,
          'User-Agent': 'hailong-webhooks/1',
          'X-Hailong-Event': delivery.event,
          'X-Hailong-Delivery': delivery.id,
          'X-Hailong-Timestamp': timestamp,
          'X-Hailong-Signature': `sha256=${signature(delivery.secret, timestamp, delivery.payload)}`,
        },
      },
      (response) => {
        const status = response.statusCode ?? 0
        // The status is all that counts: the body is not read, and the connection is closed.
        response.destroy()
        clearTimeout(timer)
        resolve({ status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` })
      },
    )
    const timer = setTimeout(() => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), timeoutMs)
    request.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      resolve({ status: null, error: (error.code === 'ETIMEDOUT' ? 'timed out' : error.code ?? error.message).slice(0, 200) })
    })
    request.end(body)
  })
}

export interface Dispatcher {
  /** One round: the overdue scan when due, then every due delivery, a batch at a time. Resolves when done. */
  tick(): Promise<void>
  start(): void
  /** Stops the loop and waits for the round in progress. */
  stop(): Promise<void>
}

export function createWebhookDispatcher(store: Store, options: DispatcherOptions): Dispatcher {
  const now = options.now ?? Date.now
  const timeoutMs = options.timeoutMs ?? 10_000
  const concurrency = options.concurrency ?? 8
  const intervalMs = options.intervalMs ?? 2_000
  let lastOverdue = -Infinity

  async function attempt(delivery: ClaimedDelivery) {
    const { status, error } = await send(delivery, now(), options.allowPrivate, timeoutMs)
    const at = now()
    let outcome: DeliveryOutcome
    if (error === null && status !== null) outcome = { delivered: true, at, status }
    else {
      const retryAt = at + retryDelay(delivery.attempts)
      outcome = { delivered: false, at, status, error: error ?? 'failed', retryAt: retryAt <= delivery.giveUpAt ? retryAt : null }
    }
    await store.webhooks.finish(delivery.id, delivery.leaseToken, outcome)
  }

  async function round() {
    if (now() - lastOverdue >= OVERDUE_EVERY_MS) {
      lastOverdue = now()
      await store.webhooks.markOverdue(now(), OVERDUE_BATCH)
    }
    for (;;) {
      const batch = await store.webhooks.claim(now(), concurrency, LEASE_MS)
      await Promise.all(batch.map(attempt))
      if (batch.length < concurrency || loop.stopping) return
    }
  }

  const loop = timerLoop('webhooks: dispatch failed', intervalMs, round)
  return loop
}

/** How long an instance trusts its answer to "does any hook want response.stored?"; another instance's change shows within it. */
const SUBSCRIPTION_TTL_MS = 5_000
const subscriptionCache = new WeakMap<Store, { subscribed: boolean; until: number }>()

/** Forgets the cached subscription state: called after an administrator changes a hook on this instance. */
export function forgetSubscriptions(store: Store) {
  subscriptionCache.delete(store)
}

/**
 * Queues response.stored for the responses of a batch the writer just committed (stored, or stored before and
 * sent again: the queue keeps one per response and hook, so a batch resent after a crash between the two
 * writes is queued then). Costs nothing while no hook subscribes: that answer is cached a few seconds, so the
 * group-commit writer is never touched and the request pays no query.
 */
export async function queueStoredResponses(store: Store, responses: PreparedResponse[], statuses: InsertStatus[], at: number): Promise<void> {
  let cached = subscriptionCache.get(store)
  if (!cached || cached.until <= Date.now()) {
    cached = { subscribed: await store.webhooks.subscribed('response.stored'), until: Date.now() + SUBSCRIPTION_TTL_MS }
    subscriptionCache.set(store, cached)
  }
  if (!cached.subscribed) return
  const stored = responses.filter((_, i) => statuses[i] === 'stored' || statuses[i] === 'duplicate')
  if (stored.length > 0) await store.webhooks.enqueueResponses(stored, at)
}
