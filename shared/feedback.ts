import * as v from 'valibot'
import { Code } from './catalog'
import { isCalendarDay } from './dates'
import { Lang, type LocalizedText } from './i18n-text'
import { UUID_V7 } from './ids'
import { normaliseVietnamesePhone } from './phone'
import { DossierCode } from './response'
import { TrackingCode } from './tracking-code'

/**
 * Feedback (phản ánh, kiến nghị) as the citizen files it, and the status flow staff move it through.
 * Complaints and denunciations arrive through the same form: staff reclassify (see `petition-types.ts`).
 */

export const FEEDBACK_CATEGORIES = [
  'conduct',
  'processing_time',
  'dossier_requirements',
  'fees',
  'facilities',
  'online_services',
  'regulation',
  'other',
] as const
export const FeedbackCategory = v.picklist(FEEDBACK_CATEGORIES, 'is not a feedback category')
export type FeedbackCategory = v.InferOutput<typeof FeedbackCategory>

// Photos are resized and compressed on the device before they are queued; the server checks the same
// limits before buffering a body and reads the type from the bytes, not from this declaration.
export const MAX_PHOTOS = 3
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024
export const PHOTO_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const
/** Longest edge after the device resizes a photo: enough to read a notice on a wall, small enough for 3G. */
export const PHOTO_MAX_EDGE_PX = 1600

export const DESCRIPTION_MIN_LENGTH = 10
export const DESCRIPTION_MAX_LENGTH = 5000
export const MAX_FEEDBACK_BATCH = 50

/** Made on the device before anything is sent; the server's idempotency key. */
export const ClientId = v.pipe(v.string(), v.toLowerCase(), v.regex(UUID_V7, 'must be a UUID v7'))

export const PhotoRef = v.strictObject({
  id: ClientId,
  contentType: v.picklist(PHOTO_CONTENT_TYPES, `must be one of ${PHOTO_CONTENT_TYPES.join(', ')}`),
  byteSize: v.pipe(
    v.number(),
    v.integer('must be a whole number of bytes'),
    v.minValue(1, 'must not be empty'),
    v.maxValue(MAX_PHOTO_BYTES, `must be at most ${MAX_PHOTO_BYTES} bytes (2 MB)`),
  ),
})
export type PhotoRef = v.InferOutput<typeof PhotoRef>

export const Phone = v.pipe(
  v.string(),
  v.maxLength(30, 'is too long'),
  v.check((s) => normaliseVietnamesePhone(s) !== null, 'must be a Vietnamese phone number, e.g. 0912 345 678 or +84 912 345 678'),
  v.transform((s) => normaliseVietnamesePhone(s)!),
)

export const Email = v.pipe(v.string(), v.trim(), v.maxLength(254, 'is too long'), v.email('must be a valid email address'))

export const Contact = v.pipe(
  v.strictObject({
    name: v.pipe(v.string(), v.normalize('NFC'), v.trim(), v.minLength(1, 'is required'), v.maxLength(100, 'is too long (at most 100 characters)')),
    phone: v.optional(Phone),
    email: v.optional(Email),
  }),
  v.check((c) => c.phone !== undefined || c.email !== undefined, 'needs a phone number or an email address to send the answer to'),
)
export type Contact = v.InferOutput<typeof Contact>

/**
 * Silence is not consent (Nghị định 13/2023): a separate, unticked box the citizen ticks, recorded with the
 * version of the text they were shown.
 */
export const Consent = v.strictObject({
  given: v.literal(true, 'must be true: consent is given only by ticking its own box'),
  textVersion: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'is required'),
    v.maxLength(40, 'is too long'),
    v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may only hold letters, digits, dot, dash and underscore'),
  ),
})
export type Consent = v.InferOutput<typeof Consent>

const Timestamp = v.pipe(
  v.string(),
  v.isoTimestamp('must be an ISO 8601 timestamp'),
  // As in ResponseIn: the ISO pattern admits an hours-only offset and days that do not exist.
  v.check((s) => isCalendarDay(s.slice(0, 10)) && Number.isFinite(Date.parse(s)), 'must be an ISO 8601 timestamp'),
)

export const FeedbackIn = v.pipe(
  v.strictObject({
    id: ClientId,
    /** Made on the device with `generateTrackingCode`, shown to the citizen before the item is sent. */
    trackingCode: TrackingCode,
    category: FeedbackCategory,
    counter: v.optional(Code),
    procedure: v.optional(Code),
    dossier: v.optional(DossierCode),
    description: v.pipe(
      v.string(),
      // One form for Vietnamese letters whatever keyboard typed them, so search and length agree.
      v.normalize('NFC'),
      v.trim(),
      v.minLength(DESCRIPTION_MIN_LENGTH, `must be at least ${DESCRIPTION_MIN_LENGTH} characters`),
      v.maxLength(DESCRIPTION_MAX_LENGTH, `must be at most ${DESCRIPTION_MAX_LENGTH} characters`),
    ),
    photos: v.optional(
      v.pipe(
        v.array(PhotoRef),
        v.maxLength(MAX_PHOTOS, `may hold at most ${MAX_PHOTOS} photos`),
        v.check((photos) => new Set(photos.map((p) => p.id)).size === photos.length, 'holds the same photo twice'),
      ),
      [],
    ),
    /** Asked explicitly: an answer on the tracking page needs no contact details. */
    wantsAnswer: v.boolean('must be true or false'),
    contact: v.optional(Contact),
    consent: v.optional(Consent),
    /** The name is hidden from everyone but the unit handling the item. */
    hideName: v.optional(v.boolean('must be true or false'), false),
    lang: Lang,
    /** When the citizen pressed send, on the device's clock. */
    submittedAt: Timestamp,
  }),
  v.forward(
    v.partialCheck([['contact'], ['wantsAnswer']], (i) => i.contact === undefined || i.wantsAnswer, 'is only accepted when wantsAnswer is true'),
    ['contact'],
  ),
  v.forward(
    v.partialCheck([['consent'], ['wantsAnswer']], (i) => i.consent === undefined || i.wantsAnswer, 'is only recorded when wantsAnswer is true'),
    ['consent'],
  ),
  v.forward(
    v.partialCheck(
      [['contact'], ['consent']],
      (i) => i.contact === undefined || i.consent !== undefined,
      'is required with contact details: the citizen must tick the consent box (silence is not consent)',
    ),
    ['consent'],
  ),
  v.forward(
    v.partialCheck([['contact'], ['consent']], (i) => i.consent === undefined || i.contact !== undefined, 'was given but no contact details were sent'),
    ['consent'],
  ),
)
export type FeedbackIn = v.InferOutput<typeof FeedbackIn>

/** The envelope only: items are checked one by one so that one bad item does not reject the others. */
export const FeedbackBatch = v.strictObject({
  items: v.pipe(
    v.array(v.unknown()),
    v.minLength(1, 'must hold at least one item'),
    v.maxLength(MAX_FEEDBACK_BATCH, `must hold at most ${MAX_FEEDBACK_BATCH} items`),
  ),
})

export const FEEDBACK_STATUSES = [
  'received',
  'acknowledged',
  'in_progress',
  'info_requested',
  'answered',
  'closed',
  'forwarded',
  'duplicate',
  'spam',
] as const
export const FeedbackStatus = v.picklist(FEEDBACK_STATUSES, 'is not a feedback status')
export type FeedbackStatus = v.InferOutput<typeof FeedbackStatus>

/**
 * The moves staff may make, as data. received → acknowledged → in_progress ↔ info_requested → answered →
 * closed is the main line; an open item may be forwarded (the new unit acknowledges it again) or closed as
 * duplicate or spam. An answer may be reopened when it did not settle the matter; closed, duplicate and
 * spam are final: a new matter is a new item.
 */
export const FEEDBACK_TRANSITIONS: Readonly<Record<FeedbackStatus, readonly FeedbackStatus[]>> = {
  received: ['acknowledged', 'forwarded', 'duplicate', 'spam'],
  acknowledged: ['in_progress', 'info_requested', 'answered', 'forwarded', 'duplicate', 'spam'],
  in_progress: ['info_requested', 'answered', 'forwarded', 'duplicate', 'spam'],
  info_requested: ['in_progress', 'answered', 'closed', 'forwarded'],
  answered: ['closed', 'in_progress'],
  closed: [],
  // Forwarding again before anyone acknowledged is a correction of the first forward, not a loop.
  forwarded: ['acknowledged', 'forwarded', 'duplicate', 'spam'],
  duplicate: [],
  spam: [],
}

export function canTransition(from: FeedbackStatus, to: FeedbackStatus): boolean {
  return FEEDBACK_TRANSITIONS[from].includes(to)
}

/** Moves that must carry a reason: the citizen sees it ("forwarded to …", what to add, why not processed). */
export const STATUSES_NEEDING_REASON: readonly FeedbackStatus[] = ['forwarded', 'info_requested', 'duplicate', 'spam']

/** Statuses in which the deadline still runs: the item counts as overdue once it passes. */
export const OPEN_STATUSES: readonly FeedbackStatus[] = ['received', 'acknowledged', 'in_progress', 'info_requested', 'forwarded']

export function isOpenStatus(status: FeedbackStatus): boolean {
  return OPEN_STATUSES.includes(status)
}

/**
 * On the wire to `POST /api/feedback` each photo travels inline: its PhotoRef plus `data`, the bytes in
 * standard base64 (no `data:` prefix). FeedbackIn stays the device's record (the outbox keeps the bytes as
 * a Blob beside it); the server takes `data` off each photo, checks the rest with FeedbackIn, then checks
 * the bytes against `contentType` and `byteSize`.
 */
export const PHOTO_DATA_MAX_LENGTH = Math.ceil(MAX_PHOTO_BYTES / 3) * 4
export const PhotoData = v.pipe(
  v.string('must be the photo bytes in base64'),
  v.minLength(4, 'must not be empty'),
  v.maxLength(PHOTO_DATA_MAX_LENGTH, `must be at most ${MAX_PHOTO_BYTES} bytes (2 MB) before base64`),
  v.check(isStandardBase64, 'must be standard base64'),
)

const NOT_BASE64 = /[^A-Za-z0-9+/]/

/**
 * Whether a text is standard base64 with its padding. The one regular expression that says so in a pattern
 * took 80 ms on a 2.8 MB photo (0.4 s of a full body's checks) on the server's event loop. On Node, decoding
 * and encoding again natively gives back the same text exactly when it was canonical base64, in 2 ms; in a
 * browser, a length test and a search for the first character outside the alphabet, 16 ms.
 */
export function isStandardBase64(text: string): boolean {
  if (text.length % 4 !== 0) return false
  const NodeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: 'base64'): { toString(encoding: 'base64'): string } } }).Buffer
  if (NodeBuffer) return NodeBuffer.from(text, 'base64').toString('base64') === text
  let end = text.length
  if (text.charCodeAt(end - 1) === 61) end -= text.charCodeAt(end - 2) === 61 ? 2 : 1
  const bad = text.search(NOT_BASE64)
  return bad === -1 || bad >= end
}
export type PhotoUpload = PhotoRef & { data: string }
/** What the device sends for one item: FeedbackIn whose photos carry their bytes. */
export type FeedbackUpload = Omit<FeedbackIn, 'photos'> & { photos?: PhotoUpload[] }

export type FeedbackItemStatus = 'stored' | 'duplicate' | 'conflict' | 'invalid'

export interface FeedbackItemResult {
  index: number
  id: string | null
  status: FeedbackItemStatus
  /**
   * The canonical tracking code: the stored one for stored and duplicate, the one sent otherwise (null when
   * it was not a valid code). A conflict on `trackingCode` means another item holds it: make a new code,
   * show it to the citizen and send the item again under the same id.
   */
  trackingCode: string | null
  error?: { code: string; message: string; path: string }
}

export interface FeedbackBatchResult {
  results: FeedbackItemResult[]
}

/** What anyone holding the tracking code may see: never contact details, the description or internal notes. */
export interface PublicTracking {
  trackingCode: string
  status: FeedbackStatus
  category: FeedbackCategory
  unit: { code: string; name: LocalizedText } | null
  /** ISO 8601 instants. */
  receivedAt: string
  deadline: string
  publicAnswer: string | null
  answeredAt: string | null
  history: { at: string; action: string; status: FeedbackStatus | null; note: string | null }[]
}
