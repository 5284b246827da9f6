import type { InsertStatus } from '../store'
import type { Row } from './writer-core'

/** What writer-thread.ts sends the writer thread (writer-worker.ts), and what comes back. */
export type WriterRequest = { seq: number; rows: Row[] } | { seq: number; close: true }
export type WriterReply = { seq: number; statuses: InsertStatus[] } | { seq: number; error: string }
