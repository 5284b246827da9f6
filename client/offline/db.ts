import { Dexie, type EntityTable } from 'dexie'
import type { ResponseIn } from '../../shared/response'
import type { RejectionStatus } from './types'

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

export type OutboxDb = Dexie & {
  responses: EntityTable<LocalResponse, 'id'>
  outbox: EntityTable<OutboxEntry, 'seq'>
  rejected: EntityTable<RejectedEntry, 'id'>
}

export const DEFAULT_DB_NAME = 'hailong'

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
  return db
}
