import * as v from 'valibot'
import { LocalizedText } from './i18n-text'
import { SATISFACTION_LEVELS } from './levels'

/**
 * Questionnaires are data, not code: the ministries revise their methods every few years, and a response
 * must always be read with the exact version it was given under. A published version is never edited;
 * a change is a new version.
 */
export const QuestionOption = v.object({
  value: v.pipe(v.string(), v.regex(/^[a-z0-9_]{1,40}$/)),
  label: LocalizedText,
  /** Points under the official indicator scale (2 / 1 / 0); absent when the option is not scored. */
  points: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(10))),
  /** The satisfaction level this option stands for, when the question is a perception question. */
  level: v.optional(v.picklist(SATISFACTION_LEVELS)),
})
export type QuestionOption = v.InferOutput<typeof QuestionOption>

export const Question = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9_]{1,40}$/)),
  /** single: one option; multi: any number of options; text: free text. */
  type: v.picklist(['single', 'multi', 'text']),
  text: LocalizedText,
  help: v.optional(LocalizedText),
  required: v.boolean(),
  /** Official indicator number (Thông tư 01/2018) this question measures, if any. */
  indicator: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(9))),
  /** Asked only when another question got one of these answers. */
  showIf: v.optional(v.object({ question: v.string(), anyOf: v.array(v.string()) })),
  maxLength: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(2000))),
  options: v.array(QuestionOption),
})
export type Question = v.InferOutput<typeof Question>

export const Questionnaire = v.object({
  key: v.pipe(v.string(), v.regex(/^[a-z0-9_-]{1,40}$/)),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  kind: v.picklist(['quick', 'official', 'sipas']),
  title: LocalizedText,
  /** The question whose answer gives the response's satisfaction level (the overall perception). */
  levelQuestion: v.string(),
  questions: v.pipe(v.array(Question), v.minLength(1)),
})
export type Questionnaire = v.InferOutput<typeof Questionnaire>

export type AnswerValue = string | string[]
export type Answers = Record<string, AnswerValue>

export interface AnswerIssue {
  path: string
  code: 'required' | 'unknown_question' | 'not_applicable' | 'invalid_option' | 'invalid_type' | 'too_long'
  message: string
}

/** Whether a question is asked, given the answers so far (follow-ups depend on earlier answers). */
export function isAsked(question: Question, answers: Answers): boolean {
  if (!question.showIf) return true
  const given = answers[question.showIf.question]
  const values = Array.isArray(given) ? given : given === undefined ? [] : [given]
  return values.some((value) => question.showIf!.anyOf.includes(value))
}

/** Checks answers against the exact questionnaire version they were given under. */
export function validateAnswers(questionnaire: Questionnaire, answers: Answers): AnswerIssue[] {
  const issues: AnswerIssue[] = []
  const byId = new Map(questionnaire.questions.map((q) => [q.id, q]))
  for (const id of Object.keys(answers)) {
    if (!byId.has(id)) {
      issues.push({ path: `answers.${id}`, code: 'unknown_question', message: `question "${id}" is not in ${questionnaire.key} v${questionnaire.version}` })
    }
  }
  for (const question of questionnaire.questions) {
    const path = `answers.${question.id}`
    const value = answers[question.id]
    const asked = isAsked(question, answers)
    if (value === undefined || (Array.isArray(value) && value.length === 0) || value === '') {
      if (asked && question.required) issues.push({ path, code: 'required', message: 'is required' })
      continue
    }
    if (!asked) {
      issues.push({ path, code: 'not_applicable', message: 'is not asked given the other answers' })
      continue
    }
    const allowed = new Set(question.options.map((o) => o.value))
    if (question.type === 'single') {
      if (typeof value !== 'string') issues.push({ path, code: 'invalid_type', message: 'must be one option' })
      else if (!allowed.has(value)) issues.push({ path, code: 'invalid_option', message: `"${value}" is not an option` })
    } else if (question.type === 'multi') {
      if (!Array.isArray(value)) issues.push({ path, code: 'invalid_type', message: 'must be a list of options' })
      else if (new Set(value).size !== value.length) issues.push({ path, code: 'invalid_option', message: 'repeats an option' })
      else {
        const bad = value.find((item) => !allowed.has(item))
        if (bad !== undefined) issues.push({ path, code: 'invalid_option', message: `"${bad}" is not an option` })
      }
    } else if (typeof value !== 'string') {
      issues.push({ path, code: 'invalid_type', message: 'must be text' })
    } else if (value.length > (question.maxLength ?? 1000)) {
      issues.push({ path, code: 'too_long', message: `is longer than ${question.maxLength ?? 1000} characters` })
    }
  }
  return issues
}
