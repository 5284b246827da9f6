import type { FeedbackCategory, FeedbackStatus } from '../../shared/feedback'
import type { PetitionType } from '../../shared/petition-types'
import type { Channel } from '../../shared/channels'
import type { Open311Filing } from './open311-store'

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
  petitionType: PetitionType
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
  /** Decided by the route the item came through, never by the sender (shared/channels.ts). */
  channel: Channel
  submittedAt: number
  photos: NewFeedbackPhoto[]
  /** The key and location of an item filed through Open311; absent for the citizen pages. */
  open311?: Open311Filing
  /** The officer who filed it on the citizen's behalf (a call, a letter, an e-mail): the actor of its 'received' event. */
  filedBy?: number
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

/** What staff may change on an item, one field per column. Times are epoch ms. */
export interface FeedbackHandling {
  status: FeedbackStatus
  unitCode: string | null
  petitionType: PetitionType
  complex: boolean
  assignedTo: number | null
  acceptedAt: number | null
  acceptBy: number | null
  resolveBy: number
  publicAnswer: string | null
  answeredAt: number | null
  /**
   * Working days from receipt to `answeredAt` (shared/working-days.ts `workingDaysBetween`), counted with the
   * calendar of the day the answer was given; null while unanswered.
   */
  answerWorkingDays: number | null
  closedAt: number | null
  /** The id of the item this one duplicates. */
  duplicateOf: string | null
}

/** An item as the staff inbox lists it. */
export interface StaffFeedbackRow extends FeedbackHandling {
  id: string
  trackingCode: string
  category: FeedbackCategory
  counterCode: string | null
  procedureCode: string | null
  channel: Channel
  receivedAt: number
  assignee: { id: number; displayName: string } | null
  /** The start of the description. */
  excerpt: string
  photoCount: number
  lang: 'vi' | 'en'
  version: number
}

export interface StoredFeedbackEvent {
  at: number
  actor: { id: number; displayName: string } | null
  action: string
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  publicNote: string | null
  internalNote: string | null
  /** Present when the event changed who handles the item (assign, forward): from whom, to whom (null: nobody). */
  assignee?: { from: { id: number; displayName: string } | null; to: { id: number; displayName: string } | null }
}

/** An item with everything staff in scope may need; the route decides what of it the caller sees. */
export interface StaffFeedbackRecord extends StaffFeedbackRow {
  description: string
  dossier: string | null
  wantsAnswer: boolean
  /** Personal data: the route shows it only to the roles that may see it. */
  contact: { name: string; phone: string | null; email: string | null } | null
  hideName: boolean
  routedByRule: string | null
  routeReason: { vi: string; en: string } | null
  duplicateOfCode: string | null
  /** The name of the Open311 key the item was filed with, if any. */
  open311KeyName: string | null
  photos: { idx: number; contentType: string; size: number }[]
  /** Oldest first. */
  events: StoredFeedbackEvent[]
}

export type InboxView = 'open' | 'overdue' | 'all'

/** The inbox as the store filters it: scope and query already checked by the route. */
export interface InboxFilter {
  /** The only unit whose items may be returned; null for every unit (and items with none). */
  scopeUnit: string | null
  view: InboxView
  status?: FeedbackStatus
  category?: FeedbackCategory
  petitionType?: PetitionType
  unit?: string
  channel?: Channel
  /** Received at or after, epoch ms. */
  receivedFrom?: number
  /** Received before, epoch ms. */
  receivedBefore?: number
  /** An FTS5 query over the folded descriptions (see ftsQuery). */
  match?: string
  /** Epoch ms: what overdue is measured against. */
  now: number
  offset: number
  limit: number
}

/** Where an item stands for the summary: open (on time or overdue now), answered (on time or late), or finished unanswered. */
export type SummaryState = 'open' | 'overdue' | 'on_time' | 'late' | 'no_answer'

/**
 * Items counted by category, petition type, unit and state: the store aggregates (a year holds a hundred thousand
 * items; the summary needs a few hundred counts). Open items are overdue when the deadline they are marked
 * by (acceptance while it waits for it, then resolution) is before `now`; an answer is on time when given
 * by the resolve deadline.
 */
export interface SummaryCount {
  category: FeedbackCategory
  petitionType: PetitionType
  unitCode: string | null
  channel: Channel
  state: SummaryState
  /** Working days to the answer of the items counted (on_time and late only; null otherwise). */
  answerDays: number | null
  count: number
}

/** One staff action, written with its audit event in one transaction. */
export interface FeedbackChange {
  id: string
  /** The version the action was decided on: another change since then makes it stale. */
  expectedVersion: number
  set: Partial<FeedbackHandling>
  event: {
    at: number
    actor: number
    action: string
    before: Record<string, unknown> | null
    after: Record<string, unknown> | null
    publicNote: string | null
    internalNote: string | null
  }
}

export type FeedbackChangeResult = { ok: true; version: number } | { ok: false; reason: 'stale' | 'not_found' }

/** Feedback items, their photos and their append-only audit trail. */
export interface FeedbackStore {
  /**
   * Stores each item with its photos and its 'received' event, all or nothing: the whole batch is one
   * transaction and a failure rejects it whole (the device resends; ids make that safe). Idempotent by id;
   * results in the order given.
   */
  insert(items: NewFeedback[]): Promise<FeedbackInsertResult[]>
  /** By canonical tracking code. */
  findByTrackingCode(code: string): Promise<TrackedFeedback | undefined>
  /** The id and unit of the item holding a canonical tracking code, and the item it duplicates if any. */
  locateByTrackingCode(code: string): Promise<{ id: string; unitCode: string | null; duplicateOf: string | null } | undefined>
  /** One page of the staff inbox and how many items match in all. */
  inbox(filter: InboxFilter): Promise<{ rows: StaffFeedbackRow[]; total: number }>
  /** An item with its contact details, photos (without bytes) and audit trail. */
  staffView(id: string): Promise<StaffFeedbackRecord | undefined>
  photo(id: string, idx: number): Promise<{ contentType: string; bytes: Buffer } | undefined>
  /** Items received in [from, before) in one unit (or every unit when scopeUnit is null), counted by state at `now`. */
  summaryCounts(scopeUnit: string | null, from: number, before: number, now: number): Promise<SummaryCount[]>
  /** Updates the item (bumping its version) and appends the event, all or nothing. */
  applyChange(change: FeedbackChange): Promise<FeedbackChangeResult>
  /** Up to `limit` answered items whose working days to the answer were never written (answered before they were kept). */
  answersWithoutDays(limit: number): Promise<{ id: string; receivedAt: number; answeredAt: number }[]>
  /**
   * Writes the working days to the answer of items that lack them. Not a staff action: no version, no event;
   * an item answered or reopened meanwhile is left as that action wrote it.
   */
  fillAnswerDays(rows: { id: string; answeredAt: number; days: number }[]): Promise<number>
}
