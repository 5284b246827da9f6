import type { FeedbackCategory } from '../../shared/feedback'
import type { ItemStatus } from '../../shared/response'

/** A server status that refuses an item for good. */
export type RejectionStatus = Exclude<ItemStatus, 'stored' | 'duplicate'>

/**
 * What the page learns when a citizen presses send:
 * - sent: the server acknowledged it (stored, or already stored with the same content);
 * - queued: safely on the device, will be sent when the connection allows — never call this "sent";
 * - rejected: refused for good — by the server (e.g. this dossier was already rated), or by the device's own
 *   check of the payload (`invalid`, nothing stored; the message starts with the field path);
 * - duplicate_here: this very response was already submitted from this device (double tap, second tab).
 */
export type SubmitOutcome =
  | { state: 'sent' }
  | { state: 'queued' }
  | { state: 'rejected'; status: RejectionStatus; message: string }
  | { state: 'duplicate_here' }

/** A response the server refused for good, kept on the device so it is never silently lost. */
export interface RejectedItem {
  id: string
  status: ItemStatus
  message: string
  at: number
}

/** A feedback status that refuses an item for good (a taken tracking code is not one: the device fixes it). */
export type FeedbackRejectionStatus = 'conflict' | 'invalid'

/** What the feedback page learns when the citizen sends: the code to show at once, even offline. */
export type FeedbackEnqueueOutcome =
  | { state: 'queued'; id: string; trackingCode: string }
  /** Refused by the device's own check of the payload; the message starts with the field path. Nothing stored. */
  | { state: 'invalid'; message: string; path: string }
  /** This very item (same id) was already queued from this device. */
  | { state: 'duplicate_here' }

/** One of the citizen's own items, as the device knows it. */
export interface MyFeedback {
  id: string
  trackingCode: string
  previousCodes: string[]
  category: FeedbackCategory
  state: 'queued' | 'sent' | 'rejected'
  queuedAt: number
  sentAt?: number
}

/** A feedback item the server refused for good, kept on the device and shown until dismissed. */
export interface RejectedFeedback {
  id: string
  trackingCode: string
  status: FeedbackRejectionStatus
  message: string
  path: string
  at: number
}
