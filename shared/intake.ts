import * as v from 'valibot'
import { Code } from './catalog'
import type { Channel } from './channels'
import { addDays, isCalendarDay, today } from './dates'
import { Lang } from './i18n-text'
import { DossierCode } from './response'

/**
 * Paper and phone intake (issue 16): what an officer keys from a paper rating form, and what they file for a
 * citizen who phoned, wrote or e-mailed. The server stores both with their channel (shared/channels.ts).
 */

/** How far back a paper or a call may be dated: a year, so a form found in a drawer still counts, a typo of the year does not. */
export const INTAKE_MAX_AGE_DAYS = 366

const Day = v.pipe(v.string(), v.check(isCalendarDay, 'must be an existing day as YYYY-MM-DD'))

/** Why a day written on a paper (or a call's day) cannot be the day it counts on; null when it can. */
export function intakeDayProblem(day: string, now: number): string | null {
  const current = today(now)
  if (day > current) return 'must not be after today'
  if (day < addDays(current, -INTAKE_MAX_AGE_DAYS)) return `must be within the last ${INTAKE_MAX_AGE_DAYS} days`
  return null
}

const AnswerValue = v.union([v.pipe(v.string(), v.maxLength(2000, 'is too long')), v.pipe(v.array(v.pipe(v.string(), v.maxLength(40))), v.maxLength(20, 'has too many options'))])

/**
 * One paper rating form as an officer keys it: the counter it was filled at, the questionnaire printed on it
 * (the active version is used), the day written on it and the answers ticked. The official form names its dossier.
 */
export const PaperFormIn = v.strictObject({
  counter: Code,
  questionnaire: v.pipe(v.string(), v.regex(/^[a-z0-9_-]{1,40}$/, 'is not a questionnaire key')),
  procedure: v.optional(Code),
  dossier: v.optional(DossierCode),
  /** The day written on the paper (YYYY-MM-DD): the rating counts on it, not on the day it is keyed. */
  paperDay: Day,
  answers: v.pipe(
    v.record(v.pipe(v.string(), v.regex(/^[a-z0-9_]{1,40}$/, 'is not a question id')), AnswerValue),
    v.check((a) => Object.keys(a).length <= 60, 'has too many answers'),
  ),
  lang: v.optional(Lang, 'vi'),
})
export type PaperFormIn = v.InferOutput<typeof PaperFormIn>

/** A field where the two keyings of one paper differ, and what each officer keyed there (null: left empty). */
export interface PaperMismatch {
  field: string
  first: string | null
  second: string | null
}

function answerText(value: string | string[] | undefined): string | null {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) return null
  return Array.isArray(value) ? [...value].sort().join(', ') : value
}

/**
 * The fields two keyings of the same paper disagree on, in the form's order (an answer to a question one
 * officer left empty counts as a difference). Both are compared after the schema has trimmed and cased them.
 */
export function paperMismatches(first: PaperFormIn, second: PaperFormIn): PaperMismatch[] {
  const out: PaperMismatch[] = []
  const compare = (field: string, a: string | null | undefined, b: string | null | undefined) => {
    if ((a ?? null) !== (b ?? null)) out.push({ field, first: a ?? null, second: b ?? null })
  }
  compare('counter', first.counter, second.counter)
  compare('questionnaire', first.questionnaire, second.questionnaire)
  compare('procedure', first.procedure, second.procedure)
  compare('dossier', first.dossier, second.dossier)
  compare('paperDay', first.paperDay, second.paperDay)
  const questions = [...new Set([...Object.keys(first.answers), ...Object.keys(second.answers)])]
  for (const id of questions) compare(`answers.${id}`, answerText(first.answers[id]), answerText(second.answers[id]))
  return out
}

/** How an item filed by an officer reached the department: a call, a letter (paper) or an e-mail. */
export const INTAKE_FEEDBACK_CHANNELS = ['phone', 'paper', 'email'] as const
export type IntakeFeedbackChannel = (typeof INTAKE_FEEDBACK_CHANNELS)[number]

/**
 * Feedback an officer files on a citizen's behalf: how and when it came in, and the item itself as the public
 * form sends it (FeedbackIn without photos; its send time is the received time). The item goes through the
 * public form's checks (server/domain/prepare-feedback.ts), the rule that contact details need consent
 * included: the officer ticks the box when the citizen consented (on the phone, in the letter or e-mail).
 */
export const IntakeFeedbackIn = v.strictObject({
  channel: v.picklist(INTAKE_FEEDBACK_CHANNELS, `must be one of ${INTAKE_FEEDBACK_CHANNELS.join(', ')}`),
  /** The day the call, letter or e-mail came in: deadlines run from it. */
  receivedDay: Day,
  /** Its time (HH:mm, Hà Tĩnh time) when known; the start of the day otherwise. */
  receivedTime: v.optional(v.pipe(v.string(), v.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time as HH:mm'))),
  item: v.pipe(v.record(v.string(), v.unknown(), 'must be an object'), v.check((item) => !('submittedAt' in item), 'takes no submittedAt: the received time is used')),
})
export type IntakeFeedbackIn = v.InferOutput<typeof IntakeFeedbackIn>

/** The minutes after midnight of a received time; the start of the day without one. */
export function receivedMinutes(time: string | undefined): number {
  if (time === undefined) return 0
  const [hours, minutes] = time.split(':').map(Number) as [number, number]
  return hours * 60 + minutes
}

/** A paper entry as the intake API answers it (times ISO 8601). */
export interface PaperEntryView {
  id: number
  counter: string
  questionnaire: string
  /** What the first keying said: null in the list of pending entries, so that the second keying is blind. */
  dossier: string | null
  paperDay: string | null
  status: 'pending' | 'stored' | 'discarded'
  mismatches: number
  keyedBy: { id: number; displayName: string }
  keyedAt: string
  checkedBy: { id: number; displayName: string } | null
  checkedAt: string | null
  /** The stored response's id (once stored). */
  responseId: string | null
}

/**
 * What the second keying of a paper answers: stored (the pair matched; the response's channel and the day it
 * counts on), or the fields the two keyings differ in, nothing stored.
 */
export type PaperCheckResult =
  | { result: 'stored'; entry: PaperEntryView; ratedAt: string; localDay: string; channel: Channel }
  | { result: 'mismatch'; mismatches: PaperMismatch[] }

/** What POST /api/staff/intake/feedback answers: what the officer tells the citizen, and the deadlines that run. */
export interface IntakeFeedbackResult {
  trackingCode: string
  channel: IntakeFeedbackChannel
  receivedAt: string
  acceptBy: string | null
  resolveBy: string
  unitCode: string | null
}
