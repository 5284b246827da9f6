import type { FeedbackCategory, FeedbackStatus } from '../../shared/feedback'
import type { LegalTrack } from '../../shared/legal-tracks'

/** One photo of an item, its type already checked against its bytes. */
export interface NewFeedbackPhoto {
  /** The device's id for the photo (PhotoRef.id). */
  photoId: string
  contentType: 'image/jpeg' | 'image/png' | 'image/webp'
  bytes: Buffer
}

/** An item checked, routed and given its deadlines, ready to store with its first audit event. */
export interface NewFeedback {
  id: string
  /** Digest of the validated content including the photos' bytes: a resent id must carry the same one. */
  hash: string
  trackingCode: string
  category: FeedbackCategory
  legalTrack: LegalTrack
  counterCode: string | null
  procedureCode: string | null
  dossier: string | null
  description: string
  wantsAnswer: boolean
  /** Personal data: only with wantsAnswer and consent (the table refuses it otherwise). Never logged. */
  contact: { name: string; phone: string | null; email: string | null } | null
  hideName: boolean
  consent: { version: string; at: number } | null
  /** Null only when no routing rule reached a unit: the item then waits in the inspector's view. */
  unitCode: string | null
  routedByRule: string | null
  routeReason: { vi: string; en: string } | null
  /** Epoch ms. */
  receivedAt: number
  acceptBy: number | null
  resolveBy: number
  lang: 'vi' | 'en'
  submittedAt: number
  photos: NewFeedbackPhoto[]
}

export type FeedbackInsertStatus =
  | 'stored'
  | 'duplicate'
  /** The id is stored with different content. */
  | 'conflict'
  /** Another item holds the tracking code. */
  | 'tracking_code_taken'

export interface FeedbackInsertResult {
  status: FeedbackInsertStatus
  /** The stored item's tracking code (stored, duplicate); the one sent otherwise. */
  trackingCode: string
}

/** The public view of an item, read by tracking code. */
export interface TrackedFeedback {
  trackingCode: string
  status: FeedbackStatus
  category: FeedbackCategory
  unitCode: string | null
  receivedAt: number
  resolveBy: number
  publicAnswer: string | null
  answeredAt: number | null
  /** Events the citizen may see, oldest first: the receipt and every event with a public note. */
  history: { at: number; action: string; status: FeedbackStatus | null; note: string | null }[]
}

/**
 * Feedback items, their photos and their append-only audit trail. Routing rules, deadline config and the
 * working calendar are not stored yet: the routes use the defaults in server/seed until they become tables
 * an administrator edits.
 */
export interface FeedbackStore {
  /**
   * Stores each item with its photos and its 'received' event, all or nothing: the whole batch is one
   * transaction and a failure rejects it whole (the device resends; ids make that safe). Idempotent by id;
   * results in the order given.
   */
  insert(items: NewFeedback[]): Promise<FeedbackInsertResult[]>
  /** By canonical tracking code. */
  findByTrackingCode(code: string): Promise<TrackedFeedback | undefined>
}
