import type { LocalizedText } from './i18n-text'
import type { SatisfactionLevel } from './levels'
import type { Questionnaire } from './questionnaire'
import { round2 } from './scoring'

/**
 * The SIPAS index (Chỉ số hài lòng về sự phục vụ hành chính) as the Ministry of Home Affairs' method defines
 * it (Quyết định 1001/QĐ-BNV, 11/12/2023; README "SIPAS method"): a criterion's index is the share of those who
 * answered it that were satisfied or very satisfied, in %; a factor's index is the mean of its criteria's;
 * the overall index is the mean of the factors'. A criterion nobody answered is left out of its factor's
 * mean, and a factor with no answered criterion out of the overall mean (its index is null, not 0): a form
 * whose feedback factor was skipped by everyone says nothing about it.
 */

/** The levels that count as satisfied: "Hài lòng" and "Rất hài lòng". */
export const SIPAS_SATISFIED: readonly SatisfactionLevel[] = ['satisfied', 'very_satisfied']

/** What the index needs of one criterion: how many answered it, and how many of them were satisfied. */
export interface CriterionCounts {
  answered: number
  satisfied: number
}

export interface SipasCriterion extends CriterionCounts {
  id: string
  text: LocalizedText
  /** % to two decimals; null when nobody answered. */
  index: number | null
}

export interface SipasFactor {
  id: string
  title: LocalizedText
  criteria: SipasCriterion[]
  /** Mean of the answered criteria's indexes, % to two decimals; null when none was answered. */
  index: number | null
}

export interface SipasIndex {
  /** The questionnaire's key and title (the active version's). */
  key: string
  title: LocalizedText
  /** The method the questionnaire cites (Questionnaire.source). */
  source: LocalizedText | null
  /** Forms counted: those that answered the questionnaire's level question, which every form answers. */
  forms: number
  factors: SipasFactor[]
  /** Mean of the factors that have an index, % to two decimals; null when none has. */
  index: number | null
}

const mean = (values: number[]): number | null => (values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length)
const rounded = (value: number | null) => (value === null ? null : round2(value))

/** Whether a questionnaire is one the SIPAS index is computed for: of the SIPAS kind, its questions grouped into factors. */
export function isSipas(questionnaire: Pick<Questionnaire, 'kind' | 'factors'>): boolean {
  return questionnaire.kind === 'sipas' && (questionnaire.factors?.length ?? 0) > 0
}

/**
 * The index of `questionnaire` from each criterion's counts (`counts(questionId)`, undefined when the
 * criterion has none). Means are taken over the unrounded indexes; only what is shown is rounded.
 */
export function sipasIndex(questionnaire: Questionnaire, counts: (questionId: string) => CriterionCounts | undefined, forms: number): SipasIndex {
  const factorIndexes: number[] = []
  const factors = (questionnaire.factors ?? []).map((factor): SipasFactor => {
    const exact: number[] = []
    const criteria = questionnaire.questions
      .filter((q) => q.factor === factor.id && q.type === 'single')
      .map((q): SipasCriterion => {
        const { answered, satisfied } = counts(q.id) ?? { answered: 0, satisfied: 0 }
        const index = answered === 0 ? null : (satisfied / answered) * 100
        if (index !== null) exact.push(index)
        return { id: q.id, text: q.text, answered, satisfied, index: rounded(index) }
      })
    const index = mean(exact)
    if (index !== null) factorIndexes.push(index)
    return { id: factor.id, title: factor.title, criteria, index: rounded(index) }
  })
  return { key: questionnaire.key, title: questionnaire.title, source: questionnaire.source ?? null, forms, factors, index: rounded(mean(factorIndexes)) }
}

/**
 * The index of every SIPAS questionnaire among `questionnaires` that forms answered, from the statistics
 * grouped by question (keys `<questionnaire>.<question>`, read from the answer rollups): a criterion's answered
 * count is the responses that answered it, whatever the option ("Bình thường" has no level but counts).
 */
export function sipasFromStats(
  questionnaires: Questionnaire[],
  byQuestion: { key: string; responses: number; counts: Record<SatisfactionLevel, number> }[],
): SipasIndex[] {
  const groups = new Map(byQuestion.map((g) => [g.key, g]))
  return questionnaires.filter(isSipas).flatMap((questionnaire) => {
    const forms = groups.get(`${questionnaire.key}.${questionnaire.levelQuestion}`)?.responses ?? 0
    if (forms === 0) return []
    const counts = (id: string): CriterionCounts | undefined => {
      const group = groups.get(`${questionnaire.key}.${id}`)
      return group && { answered: group.responses, satisfied: SIPAS_SATISFIED.reduce((sum, level) => sum + group.counts[level], 0) }
    }
    return [sipasIndex(questionnaire, counts, forms)]
  })
}
