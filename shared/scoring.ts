import type { Answers } from './answers'
import type { Questionnaire } from './questionnaire'
import { SATISFACTION_LEVELS, type SatisfactionLevel } from './levels'

export interface ResponseScore {
  /** Satisfaction level from the questionnaire's overall perception question. */
  level: SatisfactionLevel | null
  /** Sum of indicator points answered; null when the questionnaire has no scored indicator. */
  score: number | null
  /** Maximum points for the indicators asked (e.g. 12 for the six the citizen answers). */
  maxScore: number | null
}

export interface AnswerScore {
  questionId: string
  value: string
  points: number | null
  level: SatisfactionLevel | null
}

/** Splits answers into one row per chosen option, with its points and level: what statistics group by. */
export function scoreAnswers(questionnaire: Questionnaire, answers: Answers): AnswerScore[] {
  const rows: AnswerScore[] = []
  for (const question of questionnaire.questions) {
    const given = answers[question.id]
    if (given === undefined || question.type === 'text') continue
    for (const value of Array.isArray(given) ? given : [given]) {
      const option = question.options.find((o) => o.value === value)
      if (!option) continue
      const points = question.indicator !== undefined && option.points !== undefined ? option.points : null
      rows.push({ questionId: question.id, value, points, level: option.level ?? null })
    }
  }
  return rows
}

/** Scores one response under the official rule: 2 / 1 / 0 points per indicator, summed. */
export function scoreResponse(questionnaire: Questionnaire, answers: Answers): ResponseScore {
  const rows = scoreAnswers(questionnaire, answers)
  const levelRow = rows.find((r) => r.questionId === questionnaire.levelQuestion)
  const indicators = questionnaire.questions.filter((q) => q.indicator !== undefined && q.type === 'single')
  const answered = indicators.filter((q) => typeof answers[q.id] === 'string')
  if (answered.length === 0) return { level: levelRow?.level ?? null, score: null, maxScore: null }
  let score = 0
  let maxScore = 0
  for (const question of answered) {
    maxScore += Math.max(...question.options.map((o) => o.points ?? 0))
    score += question.options.find((o) => o.value === answers[question.id])?.points ?? 0
  }
  return { level: levelRow?.level ?? null, score, maxScore }
}

export type LevelCounts = Record<SatisfactionLevel, number>

export interface LevelRates {
  /** Forms that carry a satisfaction level. */
  total: number
  counts: LevelCounts
  /** Official rate per level: forms at that level ÷ forms × 100, rounded to two decimals. */
  rates: Record<SatisfactionLevel, number | null>
  /** Share satisfied or very satisfied (the SIPAS-style index). */
  satisfiedRate: number | null
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100
}

export function levelRates(counts: Partial<LevelCounts>): LevelRates {
  const full = Object.fromEntries(SATISFACTION_LEVELS.map((l) => [l, counts[l] ?? 0])) as LevelCounts
  const total = SATISFACTION_LEVELS.reduce((sum, l) => sum + full[l], 0)
  const rate = (n: number) => (total === 0 ? null : round2((n / total) * 100))
  const rates = Object.fromEntries(SATISFACTION_LEVELS.map((l) => [l, rate(full[l])])) as LevelRates['rates']
  return { total, counts: full, rates, satisfiedRate: rate(full.very_satisfied + full.satisfied) }
}
