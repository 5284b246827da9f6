import type { FeedbackCategory } from './feedback'
import type { LocalizedText } from './i18n-text'
import type { Questionnaire } from './questionnaire'

/**
 * The feedback category each problem of the rating's follow-up ("Điều gì chưa tốt?", server/seed) belongs to,
 * so that the filing form offered after a poor rating opens on it. Unclear guidance is about what the dossier
 * needs, which the unit owning the procedure answers, rather than a conduct complaint for the inspectorate.
 * A problem not named here (an administrator's new option) suggests no category.
 */
export const PROBLEM_CATEGORIES: Readonly<Record<string, FeedbackCategory>> = {
  waiting_time: 'processing_time',
  late_result: 'processing_time',
  staff_attitude: 'conduct',
  unclear_guidance: 'dossier_requirements',
  extra_documents: 'dossier_requirements',
  fees: 'fees',
  facilities: 'facilities',
  other: 'other',
}

export interface RatingProblems {
  /** The category of the first ticked problem that has one other than "other"; '' when none has any. */
  category: FeedbackCategory | ''
  /** The ticked options' wording, in the questionnaire's order. */
  labels: LocalizedText[]
}

/**
 * What the citizen ticked in the rating's multiple-choice questions, read back from the questionnaire: values
 * it does not offer (a URL typed by hand, a version since replaced) are left out.
 */
export function ratingProblems(questionnaire: Pick<Questionnaire, 'questions'> | undefined, ticked: readonly string[]): RatingProblems {
  const chosen = new Set(ticked)
  const options = (questionnaire?.questions ?? [])
    .filter((q) => q.type === 'multi')
    .flatMap((q) => q.options)
    .filter((o) => chosen.delete(o.value))
  const categories = options.map((o) => PROBLEM_CATEGORIES[o.value]).filter((c) => c !== undefined)
  return { category: categories.find((c) => c !== 'other') ?? categories[0] ?? '', labels: options.map((o) => o.label) }
}
