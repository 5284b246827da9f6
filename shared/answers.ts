import type { Question, Questionnaire } from './questionnaire'

// Kept apart from the valibot schemas in questionnaire.ts: the citizen page checks answers before its
// first paint is done, and this file costs it nothing beyond its own lines.

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

/**
 * The official form (Thông tư 01/2018) evaluates one dossier: a response to it names the dossier's code, or
 * it evaluates nothing in particular and the one-evaluation-per-dossier rule could not hold.
 */
export function requiresDossier(questionnaire: Pick<Questionnaire, 'kind'>): boolean {
  return questionnaire.kind === 'official'
}
