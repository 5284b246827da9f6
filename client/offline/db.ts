import { Dexie, type EntityTable } from 'dexie'
import type { FeedbackCategory, FeedbackIn } from '../../shared/feedback'
import type { ResponseIn } from '../../shared/response'
import type { FeedbackRejectionStatus, RejectionStatus } from './types'
import { DEVICE_DB_NAME } from './waiting'

export type LocalState = 'queued' | 'sent' | 'rejected'

/** The device's own record of a response, kept after sending so a resubmitted id is recognised. */
export interface LocalResponse {
  id: string
  payload: ResponseIn
  state: LocalState
  queuedAt: number
  /** When the server acknowledged it (stored or duplicate). */
  sentAt?: number
}

/** One response waiting for the server's acknowledgement; `seq` orders the replay. */
export interface OutboxEntry {
  seq: number
  id: string
  payload: ResponseIn
  queuedAt: number
  attempts: number
  lastError?: string
}

/** A response the server refused for good, with its reason and the payload, so nothing is silently lost. */
export interface RejectedEntry {
  id: string
  status: RejectionStatus
  message: string
  path: string
  at: number
  payload: ResponseIn
}

/**
 * The device's own record of a feedback item: what the citizen's "your feedback" list shows. Kept after
 * sending; holds no contact details and no description, only what finds the item again.
 */
export interface LocalFeedback {
  id: string
  /** The code the citizen was shown; replaced when the server finds it taken (see `previousCodes`). */
  trackingCode: string
  /** Codes shown earlier for this item, which the server found taken by another item. */
  previousCodes: string[]
  category: FeedbackCategory
  counter?: string
  state: LocalState
  queuedAt: number
  sentAt?: number
}

/** A photo's bytes, kept beside the item until the server has them. */
export interface QueuedPhoto {
  /** The PhotoRef id in the payload. */
  id: string
  blob: Blob
}

/** One feedback item waiting for the server's acknowledgement, with its photos. */
export interface FeedbackOutboxEntry {
  seq: number
  id: string
  payload: FeedbackIn
  photos: QueuedPhoto[]
  queuedAt: number
  attempts: number
  lastError?: string
}

/** A feedback item the server refused for good: kept whole, photos too, so nothing the citizen wrote is lost. */
export interface FeedbackRejectedEntry {
  id: string
  status: FeedbackRejectionStatus
  message: string
  path: string
  at: number
  payload: FeedbackIn
  photos: QueuedPhoto[]
}

export type OutboxDb = Dexie & {
  responses: EntityTable<LocalResponse, 'id'>
  outbox: EntityTable<OutboxEntry, 'seq'>
  rejected: EntityTable<RejectedEntry, 'id'>
  feedback: EntityTable<LocalFeedback, 'id'>
  feedbackOutbox: EntityTable<FeedbackOutboxEntry, 'seq'>
  feedbackRejected: EntityTable<FeedbackRejectedEntry, 'id'>
}

export const DEFAULT_DB_NAME = DEVICE_DB_NAME

export interface OpenOptions {
  /** Another IndexedDB implementation, e.g. fake-indexeddb under Node. */
  indexedDB?: { open: IDBFactory['open'] }
  IDBKeyRange?: typeof IDBKeyRange
}

export function openOutboxDb(name = DEFAULT_DB_NAME, options: OpenOptions = {}): OutboxDb {
  const db = new Dexie(name, {
    ...options,
    // Chromium's default durability lets a commit resolve before the data reaches the disk; a response the
    // page has called "queued" must survive the phone dying a moment later, and these writes are tiny.
    chromeTransactionDurability: 'strict',
  }) as OutboxDb
  db.version(1).stores({
    responses: 'id, state',
    // `&id` makes the outbox itself refuse a second entry for one response, whoever writes it.
    outbox: '++seq, &id',
    rejected: 'id, at',
  })
  // Version 2 adds the feedback outbox beside the responses one, which it leaves as it is: a device that
  // queued ratings under version 1 sends them unchanged after the upgrade.
  db.version(2).stores({
    feedback: 'id, trackingCode, state, queuedAt',
    feedbackOutbox: '++seq, &id',
    feedbackRejected: 'id, at',
  })
  return db
}
