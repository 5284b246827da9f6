import * as v from 'valibot'
import { Code } from './catalog'
import { Lang } from './i18n-text'
import { UUID_V7 } from './ids'

/** A dossier code (mã hồ sơ) as printed on the receipt; one evaluation per dossier. */
export const DossierCode = v.pipe(
  v.string(),
  v.trim(),
  v.toUpperCase(),
  v.minLength(3, 'is too short'),
  v.maxLength(40, 'is too long (at most 40 characters)'),
  v.regex(/^[A-Z0-9][A-Z0-9./_-]*$/, 'may only hold letters, digits and . / _ -'),
)

const AnswerValue = v.union([
  v.pipe(v.string(), v.maxLength(2000, 'is too long')),
  v.pipe(v.array(v.pipe(v.string(), v.maxLength(40))), v.maxLength(20, 'has too many options')),
])

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/**
 * isCalendarDay (dates.ts) by arithmetic instead of a Date and its ISO string: the same answer for every
 * string, at a fraction of the cost, which counts here since every response sent is checked.
 */
export function isExistingDay(day: string): boolean {
  const match = DAY.exec(day)
  if (!match) return false
  const year = Number(match[1])
  const month = Number(match[2])
  const date = Number(match[3])
  if (month < 1 || month > 12 || date < 1) return false
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return date <= (month === 2 ? (leap ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31)
}

export const ResponseIn = v.strictObject({
  /** Made on the device before anything is sent; the server's idempotency key. */
  id: v.pipe(v.string(), v.toLowerCase(), v.regex(UUID_V7, 'must be a UUID v7')),
  counter: Code,
  procedure: v.optional(Code),
  dossier: v.optional(DossierCode),
  questionnaire: v.strictObject({
    key: v.pipe(v.string(), v.regex(/^[a-z0-9_-]{1,40}$/, 'is not a questionnaire key')),
    version: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(1)),
  }),
  answers: v.pipe(
    v.record(v.pipe(v.string(), v.regex(/^[a-z0-9_]{1,40}$/, 'is not a question id')), AnswerValue),
    v.check((a) => Object.keys(a).length <= 60, 'has too many answers'),
  ),
  lang: Lang,
  /** When the citizen pressed send, on the device's clock (may be long before it reached the server). */
  submittedAt: v.pipe(
    v.string(),
    v.isoTimestamp('must be an ISO 8601 timestamp'),
    // The ISO pattern admits forms Date.parse cannot read (an hours-only offset) and days that do not
    // exist; either would reach the day arithmetic as NaN or as the wrong day.
    v.check((s) => isExistingDay(s.slice(0, 10)) && Number.isFinite(Date.parse(s)), 'must be an ISO 8601 timestamp'),
  ),
})
export type ResponseIn = v.InferOutput<typeof ResponseIn>

export const MAX_BATCH = 500

/** The envelope only: items are checked one by one so that one bad item does not reject the others. */
export const ResponseBatch = v.strictObject({
  responses: v.pipe(
    v.array(v.unknown()),
    v.minLength(1, 'must hold at least one response'),
    v.maxLength(MAX_BATCH, `must hold at most ${MAX_BATCH} responses`),
  ),
})

export type ItemStatus =
  /** Stored now. */
  | 'stored'
  /** Already stored with the same content: acknowledged again, not stored twice. */
  | 'duplicate'
  /** The id is already stored with different content. */
  | 'conflict'
  /** This dossier has already been evaluated. */
  | 'dossier_already_rated'
  | 'invalid'

export interface ApiIssue {
  code: string
  message: string
  path: string
}

export interface ItemResult {
  index: number
  id: string | null
  status: ItemStatus
  error?: ApiIssue
}

/** Statuses after which the item must leave the device's outbox: the server has decided for good. */
export const FINAL_STATUSES: readonly ItemStatus[] = ['stored', 'duplicate', 'conflict', 'dossier_already_rated', 'invalid']
export const ACCEPTED_STATUSES: readonly ItemStatus[] = ['stored', 'duplicate']

export interface BatchResult {
  results: ItemResult[]
}
