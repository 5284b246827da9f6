import * as v from 'valibot'
import { Code } from './catalog'
import { ChannelSchema, type Channel } from './channels'
import { isCalendarDay } from './dates'
import { FEEDBACK_STATUSES, FeedbackCategory, type FeedbackStatus } from './feedback'
import type { LocalizedText } from './i18n-text'
import { PetitionType } from './petition-types'
import { TrackingCode } from './tracking-code'

/**
 * The staff side of feedback: the inbox query, what an item looks like to staff, and the actions they
 * take. The contract between server/routes/staff-feedback.ts and the staff pages in client/.
 */

/** An open item due within this many working days is marked "due soon" in the inbox. */
export const DUE_SOON_WORKING_DAYS = 2
export const INBOX_PAGE_SIZE = 50
export const NOTE_MAX_LENGTH = 2000
export const ANSWER_MAX_LENGTH = 5000

/** Where an open item stands against its deadline; 'done' once it left the open statuses. */
export const URGENCIES = ['overdue', 'due_soon', 'on_time', 'done'] as const
export type Urgency = (typeof URGENCIES)[number]

const Day = v.pipe(v.string(), v.check(isCalendarDay, 'must be a day as YYYY-MM-DD'))
const PositiveInt = v.pipe(v.string(), v.regex(/^[1-9]\d{0,5}$/, 'must be a whole number from 1'), v.transform(Number))

/**
 * `GET /api/staff/feedback` query. `view`: open (the default: items still running, by deadline), overdue
 * (open and past the deadline: the inspector's escalation view), all. `from`/`to` bound the day received,
 * local time, both included. `q` searches descriptions, diacritics optional.
 */
export const InboxQuery = v.strictObject({
  view: v.optional(v.picklist(['open', 'overdue', 'all'], 'must be open, overdue or all'), 'open'),
  status: v.optional(v.picklist(FEEDBACK_STATUSES, 'is not a feedback status')),
  category: v.optional(FeedbackCategory),
  petitionType: v.optional(PetitionType),
  unit: v.optional(Code),
  channel: v.optional(ChannelSchema),
  from: v.optional(Day),
  to: v.optional(Day),
  q: v.optional(
    v.pipe(
      v.string(),
      // A control character has no business in a search, and SQLite's FTS reads a NUL as the end of the
      // query ("unterminated string"). Each becomes a space, so that the words either side stay words.
      v.transform((q) => q.replace(/\p{Cc}/gu, ' ')),
      v.trim(),
      v.maxLength(200, 'is too long (at most 200 characters)'),
    ),
  ),
  page: v.optional(PositiveInt, '1'),
})
export type InboxQuery = v.InferOutput<typeof InboxQuery>

export interface StaffRef {
  id: number
  displayName: string
}

/** A unit, counter or procedure as pages show it: its name, and its code for those who need it. */
export interface NamedRef {
  code: string
  name: LocalizedText
}

/** One row of the inbox. Instants are ISO 8601. */
export interface InboxItem {
  id: string
  trackingCode: string
  category: FeedbackCategory
  petitionType: PetitionType
  status: FeedbackStatus
  unit: NamedRef | null
  counterCode: string | null
  procedureCode: string | null
  /** How the item reached the department (shared/channels.ts). */
  channel: Channel
  receivedAt: string
  acceptBy: string | null
  resolveBy: string
  /**
   * The deadline the item is sorted and marked by: `acceptBy` while a type with an acceptance step (complaint,
   * denunciation) waits for acceptance, `resolveBy` otherwise. Missing the acceptance is late too.
   */
  dueBy: string
  dueStep: 'accept' | 'resolve'
  urgency: Urgency
  assignedTo: StaffRef | null
  /** The start of the description, for the list. */
  excerpt: string
  photoCount: number
}

export interface InboxPage {
  items: InboxItem[]
  total: number
  page: number
  pageSize: number
}

export interface HistoryEntry {
  at: string
  /** Null for the citizen (filing) and for the system; the officer who filed an item received by phone, letter or e-mail. */
  actor: StaffRef | null
  action: string
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  /** What the citizen sees on the tracking page; null for internal events. */
  publicNote: string | null
  /** Seen by staff only. */
  internalNote: string | null
  /**
   * Present when the event changed who handles the item (assign; forward takes it off): from whom and to
   * whom, null for nobody. `before`/`after` hold only the account ids.
   */
  assignee?: { from: StaffRef | null; to: StaffRef | null }
  /** Present when the event moved the item to another unit (forward): from which, to which, with their names. */
  unit?: { from: NamedRef | null; to: NamedRef | null }
}

/**
 * The contact details as the caller may see them: null when there are none or the caller's role may not
 * see them (only the handling unit and the inspectorate may); `name` is also null when the citizen hid it
 * from everyone but the handling unit.
 */
export interface StaffContact {
  name: string | null
  nameHidden: boolean
  phone: string | null
  email: string | null
}

export interface FeedbackDetail extends InboxItem {
  /** The item's counter and procedure with their names (InboxItem has their codes). */
  counter: NamedRef | null
  procedure: NamedRef | null
  description: string
  dossier: string | null
  wantsAnswer: boolean
  contact: StaffContact | null
  routedByRule: string | null
  routeReason: LocalizedText | null
  complex: boolean
  acceptedAt: string | null
  publicAnswer: string | null
  answeredAt: string | null
  closedAt: string | null
  /** Tracking code of the item this one duplicates. */
  duplicateOf: string | null
  /** The name of the Open311 key an item of channel open311 was filed with (which client sent it); null otherwise. */
  open311Client: string | null
  photos: { idx: number; contentType: string; size: number; url: string }[]
  history: HistoryEntry[]
  /** What the caller may do now, given the status and their role: the page shows only these. */
  allowedActions: FeedbackActionName[]
  /** Send it back with every action: a change made meanwhile by someone else gives 409 `stale`. */
  version: number
}

const Text = (max: number) =>
  v.pipe(v.string('is required'), v.normalize('NFC'), v.trim(), v.minLength(1, 'is required'), v.maxLength(max, `is too long (at most ${max} characters)`))
const Version = v.pipe(v.number('must be the item version'), v.integer('must be a whole number'), v.minValue(1))

/**
 * `POST /api/staff/feedback/:id/actions`. Every action carries the item version the caller saw.
 * - acknowledge: received/forwarded → acknowledged (accepted, thụ lý: the resolve clock of complaints and
 *   denunciations starts).
 * - start: → in_progress. assign: to a staff member of the item's unit, or null to unassign (no status
 *   change). forward: to another unit, with a reason the citizen sees as "forwarded to …".
 * - reclassify: feedback ↔ complaint ↔ denunciation (and the complex mark); deadlines recomputed from
 *   receipt. request_info: the citizen sees the message. answer: the public answer. reopen: answered →
 *   in_progress. close. mark_duplicate (of another tracking code) and mark_spam, each with a reason.
 * - note: an internal note, no status change.
 */
export const FEEDBACK_ACTION_NAMES = [
  'acknowledge',
  'start',
  'assign',
  'forward',
  'reclassify',
  'request_info',
  'answer',
  'reopen',
  'close',
  'mark_duplicate',
  'mark_spam',
  'note',
] as const

export const FeedbackAction = v.variant('action', [
  v.strictObject({ action: v.literal('acknowledge'), version: Version, note: v.optional(Text(NOTE_MAX_LENGTH)) }),
  v.strictObject({ action: v.literal('start'), version: Version, note: v.optional(Text(NOTE_MAX_LENGTH)) }),
  v.strictObject({
    action: v.literal('assign'),
    version: Version,
    staffId: v.nullable(v.pipe(v.number('must be a staff id or null'), v.integer('must be a whole number'), v.minValue(1))),
  }),
  v.strictObject({ action: v.literal('forward'), version: Version, unit: Code, reason: Text(NOTE_MAX_LENGTH) }),
  v.strictObject({
    action: v.literal('reclassify'),
    version: Version,
    petitionType: PetitionType,
    complex: v.optional(v.boolean('must be true or false')),
    note: v.optional(Text(NOTE_MAX_LENGTH)),
  }),
  v.strictObject({ action: v.literal('request_info'), version: Version, message: Text(NOTE_MAX_LENGTH) }),
  v.strictObject({ action: v.literal('answer'), version: Version, answer: Text(ANSWER_MAX_LENGTH) }),
  v.strictObject({ action: v.literal('reopen'), version: Version, note: Text(NOTE_MAX_LENGTH) }),
  v.strictObject({ action: v.literal('close'), version: Version, note: v.optional(Text(NOTE_MAX_LENGTH)) }),
  v.strictObject({ action: v.literal('mark_duplicate'), version: Version, of: TrackingCode, reason: Text(NOTE_MAX_LENGTH) }),
  v.strictObject({ action: v.literal('mark_spam'), version: Version, reason: Text(NOTE_MAX_LENGTH) }),
  v.strictObject({ action: v.literal('note'), version: Version, text: Text(NOTE_MAX_LENGTH) }),
])
export type FeedbackAction = v.InferOutput<typeof FeedbackAction>
export type FeedbackActionName = FeedbackAction['action']

/** `GET /api/staff/feedback/summary`: local days received, both included. */
export const SummaryQuery = v.pipe(
  v.strictObject({ from: Day, to: Day }),
  v.forward(
    v.partialCheck([['from'], ['to']], (q) => q.from <= q.to, 'must not be before from'),
    ['to'],
  ),
)
export type SummaryQuery = v.InferOutput<typeof SummaryQuery>

/** `GET /api/staff/feedback/assignees?unit=`: whom the caller may assign that unit's items to. */
export const AssigneesQuery = v.strictObject({ unit: Code })

/**
 * `GET /api/staff/feedback/summary?from=&to=` over the caller's scope: items received in the period and
 * how they were handled. `onTimeRate` is answered-on-time ÷ answered (null when none were answered): it
 * feeds official indicator 8.
 */
export interface FeedbackSummary {
  from: string
  to: string
  received: number
  open: number
  overdueNow: number
  answeredOnTime: number
  answeredLate: number
  /** Closed, duplicate or spam without an answer: outside the on-time rate. (Optional only for older fixtures.) */
  closedWithoutAnswer?: number
  onTimeRate: number | null
  /**
   * Official indicator 8: every item on time, at least 90 %, or below. Any item open past its deadline
   * ("dragging on") makes it below_90 whatever the rate; null when nothing was answered and nothing is late.
   */
  indicator8: 'all_on_time' | 'at_least_90' | 'below_90' | null
  /**
   * The median time from receipt to the answer, in working days (weekends and the calendar's days off
   * skipped; an answer on the day of receipt is 0), over the items answered; null when none was.
   */
  medianAnswerWorkingDays: number | null
  byCategory: { category: FeedbackCategory; received: number; open: number; overdueNow: number }[]
  byUnit: {
    unitCode: string | null
    received: number
    open: number
    overdueNow: number
    answeredOnTime: number
    answeredLate: number
    medianAnswerWorkingDays: number | null
  }[]
  byPetitionType: { petitionType: PetitionType; received: number; open: number; overdueNow: number }[]
  /** Every channel, in the order of CHANNELS (shared/channels.ts), zeros included. */
  byChannel: { channel: Channel; received: number; open: number; overdueNow: number; answeredOnTime: number; answeredLate: number }[]
}
