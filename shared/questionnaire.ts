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

const Id = v.pipe(v.string(), v.regex(/^[a-z0-9_]{1,40}$/))

/**
 * A group of questions that an index is computed over (the SIPAS method's factors, yếu tố: access to services,
 * procedures, civil servants, results, feedback handling). Its questions name it by id.
 */
export const Factor = v.object({
  id: Id,
  title: LocalizedText,
})
export type Factor = v.InferOutput<typeof Factor>

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
  /** The factor (Questionnaire.factors) this question is a criterion of, if any. */
  factor: v.optional(Id),
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
  /** The factors its questions are grouped into, in the order the form shows them; none for a flat form. */
  factors: v.optional(v.array(Factor)),
  /** The method the questionnaire follows, cited (e.g. the decision that defines its criteria). */
  source: v.optional(LocalizedText),
})
export type Questionnaire = v.InferOutput<typeof Questionnaire>
