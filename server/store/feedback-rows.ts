import type { Channel } from '../../shared/channels'
import type { FeedbackCategory, FeedbackStatus } from '../../shared/feedback'
import type { PetitionType } from '../../shared/petition-types'
import type { FeedbackHandling, StaffFeedbackRecord, StaffFeedbackRow, StoredFeedbackEvent, SummaryCount, SummaryState, TrackedFeedback } from './feedback-store'

/**
 * Feedback rows as both stores read them, and how they become the Store's records: one home whatever SQL
 * produced them. A flag is SQLite's 0/1 or PostgreSQL's boolean.
 */
type Flag = boolean | number

/** Characters of the description the inbox shows. */
export const EXCERPT_LENGTH = 160

/** An item as the tracking page reads it. */
export interface TrackRow {
  id: string
  tracking_code: string
  status: FeedbackStatus
  category: FeedbackCategory
  unit_code: string | null
  received_at: number
  resolve_by: number
  public_answer: string | null
  answered_at: number | null
}

/** One of its public events: received, or one with a note for the citizen. */
export interface PublicEventRow {
  at: number
  action: string
  after: { status?: FeedbackStatus } | null
  public_note: string | null
}

/** What the tracking page shows of an item: never its description, contact or internal notes. */
export function trackedRecord(row: TrackRow, events: PublicEventRow[]): TrackedFeedback {
  return {
    trackingCode: row.tracking_code,
    status: row.status,
    category: row.category,
    unitCode: row.unit_code,
    receivedAt: row.received_at,
    resolveBy: row.resolve_by,
    publicAnswer: row.public_answer,
    answeredAt: row.answered_at,
    history: events.map((e) => ({ at: e.at, action: e.action, status: e.after?.status ?? null, note: e.public_note })),
  }
}

export interface StaffRow {
  id: string
  tracking_code: string
  category: FeedbackCategory
  petition_type: PetitionType
  status: FeedbackStatus
  unit_code: string | null
  counter_code: string | null
  procedure_code: string | null
  channel: Channel
  received_at: number
  accept_by: number | null
  resolve_by: number
  accepted_at: number | null
  complex: Flag
  assigned_to: number | null
  assignee_name: string | null
  public_answer: string | null
  answered_at: number | null
  answer_working_days: number | null
  closed_at: number | null
  duplicate_of: string | null
  lang: 'vi' | 'en'
  version: number
  excerpt: string
  photo_count: number
}

export interface DetailRow {
  description: string
  dossier: string | null
  wants_answer: Flag
  contact_name: string | null
  contact_phone: string | null
  contact_email: string | null
  hide_name: Flag
  routed_by_rule: string | null
  route_reason_vi: string | null
  route_reason_en: string | null
  duplicate_code: string | null
  open311_key_name: string | null
}

export type State = Record<string, unknown> | null

export interface StaffEventRow {
  at: number
  actor: number | null
  actor_name: string | null
  from_assignee: number | null
  from_assignee_name: string | null
  to_assignee: number | null
  to_assignee_name: string | null
  action: string
  before: State
  after: State
  public_note: string | null
  internal_note: string | null
}

/** feedback.handling: 0 open, then how the item was finished. */
const HANDLING_STATES: Record<number, SummaryState> = { 1: 'on_time', 2: 'late', 3: 'no_answer' }

export /** The columns staff actions write, by field. */
const HANDLING_COLUMNS: { [K in keyof FeedbackHandling]: string } = {
  status: 'status',
  unitCode: 'unit_code',
  petitionType: 'petition_type',
  complex: 'complex',
  assignedTo: 'assigned_to',
  acceptedAt: 'accepted_at',
  acceptBy: 'accept_by',
  resolveBy: 'resolve_by',
  publicAnswer: 'public_answer',
  answeredAt: 'answered_at',
  answerWorkingDays: 'answer_working_days',
  closedAt: 'closed_at',
  duplicateOf: 'duplicate_of',
}

export function toStaffRow(row: StaffRow): StaffFeedbackRow {
  return {
    id: row.id,
    trackingCode: row.tracking_code,
    category: row.category,
    petitionType: row.petition_type,
    status: row.status,
    unitCode: row.unit_code,
    counterCode: row.counter_code,
    procedureCode: row.procedure_code,
    channel: row.channel,
    receivedAt: row.received_at,
    acceptBy: row.accept_by,
    resolveBy: row.resolve_by,
    acceptedAt: row.accepted_at,
    complex: Boolean(row.complex),
    assignedTo: row.assigned_to,
    assignee: row.assigned_to === null ? null : { id: row.assigned_to, displayName: row.assignee_name ?? '' },
    publicAnswer: row.public_answer,
    answeredAt: row.answered_at,
    answerWorkingDays: row.answer_working_days,
    closedAt: row.closed_at,
    duplicateOf: row.duplicate_of,
    lang: row.lang,
    version: row.version,
    excerpt: row.excerpt.length > EXCERPT_LENGTH ? `${row.excerpt.slice(0, EXCERPT_LENGTH)}…` : row.excerpt,
    photoCount: row.photo_count,
  }
}

/** An event's state. Events written before SQLite's migration 14 name the petition type `legalTrack`. */
function readState(state: State): State {
  if (state === null) return null
  const { legalTrack, ...rest } = state
  return legalTrack === undefined ? rest : { ...rest, petitionType: legalTrack }
}
const staffRef = (id: number | null, name: string | null) => (id === null ? null : { id, displayName: name ?? '' })

/** An event with the names of whom it took the item from and gave it to, when it changed the assignee. */
function toEvent(e: StaffEventRow): StoredFeedbackEvent {
  const after = readState(e.after)
  return {
    at: e.at,
    actor: staffRef(e.actor, e.actor_name),
    action: e.action,
    before: readState(e.before),
    after,
    publicNote: e.public_note,
    internalNote: e.internal_note,
    ...(after !== null && 'assignedTo' in after
      ? { assignee: { from: staffRef(e.from_assignee, e.from_assignee_name), to: staffRef(e.to_assignee, e.to_assignee_name) } }
      : {}),
  }
}

/** An item as staff see it, from its row, its details, its photos (without bytes) and its events, oldest first. */
export function staffRecord(
  row: StaffRow,
  detail: DetailRow,
  photos: { idx: number; content_type: string; size: number }[],
  events: StaffEventRow[],
): StaffFeedbackRecord {
  return {
    ...toStaffRow(row),
    description: detail.description,
    dossier: detail.dossier,
    wantsAnswer: Boolean(detail.wants_answer),
    contact: detail.contact_name === null ? null : { name: detail.contact_name, phone: detail.contact_phone, email: detail.contact_email },
    hideName: Boolean(detail.hide_name),
    routedByRule: detail.routed_by_rule,
    routeReason: detail.route_reason_vi === null ? null : { vi: detail.route_reason_vi, en: detail.route_reason_en ?? detail.route_reason_vi },
    duplicateOfCode: detail.duplicate_code,
    open311KeyName: detail.open311_key_name,
    photos: photos.map((p) => ({ idx: p.idx, contentType: p.content_type, size: p.size })),
    events: events.map(toEvent),
  }
}

/** One line of the summary query: items counted by where their handling stands (feedback.handling). */
export type SummaryLine = Omit<SummaryCount, 'state'> & { handling: number; overdue: number }

/** The summary's lines as counts by state: open items split into those on time and those overdue now. */
export function summaryCounts(lines: SummaryLine[]): SummaryCount[] {
  return lines.flatMap(({ handling, overdue, count, ...line }): SummaryCount[] =>
    handling === 0
      ? ([
          { ...line, state: 'open', count: count - overdue },
          { ...line, state: 'overdue', count: overdue },
        ] satisfies SummaryCount[]).filter((c) => c.count > 0)
      : [{ ...line, state: HANDLING_STATES[handling]!, count }],
  )
}
