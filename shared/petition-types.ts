import * as v from 'valibot'
import { FeedbackCategory } from './feedback'
import { LocalizedText } from './i18n-text'
import { localDayOf, toEpochMs, type InstantLike } from './dates'
import { DaySpan, deadlineFromDay, receiptDay, type WorkingCalendar } from './working-days'

/**
 * The three types of petition (loại đơn) an item can be, each a legal procedure with its own clock: feedback
 * (phản ánh, kiến nghị; Nghị định 20/2008, 92/2017), complaint (khiếu nại; Luật Khiếu nại 2011) and
 * denunciation (tố cáo; Luật Tố cáo 2018). Citizens file everything through one form as feedback; staff
 * reclassify.
 *
 * The time limits are configuration: the laws are revised and sources disagree on some of them.
 */
export const PETITION_TYPES = ['feedback', 'complaint', 'denunciation'] as const
export const PetitionType = v.picklist(PETITION_TYPES, 'must be feedback, complaint or denunciation')
export type PetitionType = v.InferOutput<typeof PetitionType>

export const PETITION_TYPE_LABELS: Readonly<Record<PetitionType, LocalizedText>> = {
  feedback: { vi: 'Phản ánh, kiến nghị', en: 'Feedback' },
  complaint: { vi: 'Khiếu nại', en: 'Complaint' },
  denunciation: { vi: 'Tố cáo', en: 'Denunciation' },
}

export const DeadlineRule = v.pipe(
  v.strictObject({
    /** Time to accept the item for handling (thụ lý); null when the type has no such step. */
    accept: v.nullable(DaySpan),
    /** Time to answer (feedback), decide (complaint) or resolve (denunciation). */
    resolve: DaySpan,
    /** The longer time the law allows a case staff mark as complex; null when it allows none. */
    resolveComplex: v.nullable(DaySpan),
    /** The laws count resolution from acceptance (kể từ ngày thụ lý); feedback from receipt. */
    resolveFrom: v.picklist(['receipt', 'acceptance'], 'must be receipt or acceptance'),
    /** The legal basis, shown to staff beside the deadline. */
    basis: LocalizedText,
  }),
  v.forward(
    v.partialCheck([['accept'], ['resolveFrom']], (r) => r.resolveFrom === 'receipt' || r.accept !== null, 'acceptance needs an accept time'),
    ['resolveFrom'],
  ),
)
export type DeadlineRule = v.InferOutput<typeof DeadlineRule>

export const DeadlineConfig = v.strictObject({
  /** The rule of each petition type. */
  rules: v.strictObject({ feedback: DeadlineRule, complaint: DeadlineRule, denunciation: DeadlineRule }),
  /** A rule for one category of one petition type, replacing the type's rule (e.g. a shorter time for conduct). */
  overrides: v.pipe(
    v.array(v.strictObject({ petitionType: PetitionType, category: FeedbackCategory, rule: DeadlineRule })),
    v.check(
      (list) => new Set(list.map((o) => `${o.petitionType}/${o.category}`)).size === list.length,
      'holds two rules for the same petition type and category',
    ),
  ),
})
export type DeadlineConfig = v.InferOutput<typeof DeadlineConfig>

export function ruleFor(petitionType: PetitionType, config: DeadlineConfig, category?: FeedbackCategory): DeadlineRule {
  const override = category === undefined ? undefined : config.overrides.find((o) => o.petitionType === petitionType && o.category === category)
  return override?.rule ?? config.rules[petitionType]
}

export interface DeadlineOptions {
  category?: FeedbackCategory
  /** When staff accepted the item as this type; until then the resolve deadline is provisional. */
  acceptedAt?: InstantLike | null
  /** Staff judged the case complex: the longer resolve time applies where the law gives one. */
  complex?: boolean
}

export interface ItemDeadlines {
  petitionType: PetitionType
  /** Epoch ms by which the item must be accepted; null when the type has no acceptance step. */
  acceptBy: number | null
  /** Epoch ms by which it must be answered, decided or resolved. */
  resolveBy: number
  /**
   * True while `resolveBy` counts from an acceptance not yet made: it then assumes acceptance on the last
   * day allowed, the latest date the law could still be met, and moves earlier once staff accept sooner.
   */
  provisional: boolean
  complex: boolean
}

/**
 * The deadlines of an item of a petition type. Receipt follows `receiptDay` (after hours or on a day off it counts
 * from the next working day); acceptance counts from the local day staff accepted, whatever the hour.
 */
export function deadlineFor(
  petitionType: PetitionType,
  receivedAt: InstantLike,
  config: DeadlineConfig,
  calendar: WorkingCalendar,
  options: DeadlineOptions = {},
): ItemDeadlines {
  const rule = ruleFor(petitionType, config, options.category)
  const received = receiptDay(receivedAt, calendar)
  const acceptBy = rule.accept === null ? null : deadlineFromDay(received, rule.accept, calendar)
  const complex = options.complex === true && rule.resolveComplex !== null
  const span = complex && rule.resolveComplex !== null ? rule.resolveComplex : rule.resolve
  const accepted = options.acceptedAt ?? null
  let resolveFromDay = received
  let provisional = false
  if (rule.resolveFrom === 'acceptance' && acceptBy !== null) {
    provisional = accepted === null
    resolveFromDay = localDayOf(accepted ?? acceptBy)
  }
  return { petitionType, acceptBy, resolveBy: deadlineFromDay(resolveFromDay, span, calendar), provisional, complex }
}

/** What a deadline needs to know about an item. */
export interface DeadlineInput {
  petitionType: PetitionType
  receivedAt: InstantLike
  category?: FeedbackCategory
}

export interface Reclassification {
  petitionType: PetitionType
  previousType: PetitionType
  /** Epoch ms. */
  reclassifiedAt: number
  deadlines: ItemDeadlines
  /** Steps of the new type already late when it was reclassified: the inspector should see these at once. */
  lateAtOnce: { accept: boolean; resolve: boolean }
}

/**
 * Moves an item to another petition type. The clock follows the new type but still starts at the original
 * receipt: the laws count from the day the petition reached the agency, and a reclassification must not
 * give the department more time than it had. Acceptance and the complex mark belong to the old type and
 * do not carry over, so the new type's resolve deadline starts out provisional.
 */
export function reclassify(
  item: DeadlineInput,
  newType: PetitionType,
  at: InstantLike,
  config: DeadlineConfig,
  calendar: WorkingCalendar,
): Reclassification {
  const reclassifiedAt = toEpochMs(at)
  const category = item.category
  const deadlines = deadlineFor(newType, item.receivedAt, config, calendar, category === undefined ? {} : { category })
  return {
    petitionType: newType,
    previousType: item.petitionType,
    reclassifiedAt,
    deadlines,
    lateAtOnce: {
      accept: deadlines.acceptBy !== null && deadlines.acceptBy < reclassifiedAt,
      resolve: deadlines.resolveBy < reclassifiedAt,
    },
  }
}
