import type * as v from 'valibot'
import { issuePath, plainMessage } from '../../shared/api-error'
import { ApiError } from '../api/http'
import type { DraftProblem } from './questionnaire-problems'

/**
 * What went wrong with a save, ready to be shown beside the field it names. The API answers in English
 * (`{ error: { code, message, path } }`); the page shows its own words per code, and per known message for
 * `invalid`, falling back to the field-problem words read from the API's plain English where it has none.
 */
export interface Problem {
  code: string
  /** The API's (or the schema's) English sentence, without the leading "path: ". */
  message: string
  /** Dotted path of the field, '' for the request as a whole. */
  path: string
}

/** Problems by field path; '' holds the one that belongs to no field. */
export type FieldProblems = Record<string, Problem>

/** The words the page shows: a locale key with its parameters, and the API's detail when it adds something. */
export interface ProblemText {
  key: string
  params?: Record<string, string | number>
  detail?: string
  /**
   * A message no known sentence matched: the page says it through client/api/field-problem.ts, which reads the
   * API's plain English (never shown as such on a Vietnamese page).
   */
  words?: string
}

function stripPath(message: string, path: string): string {
  return path && message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message
}

export function problemFromError(error: unknown): Problem {
  if (error instanceof ApiError) {
    const code = error.status === 413 ? 'too_large' : error.code
    return { code, message: stripPath(error.message, error.path), path: error.path }
  }
  if (error instanceof TypeError) return { code: 'network', message: error.message, path: '' }
  return { code: 'unknown', message: error instanceof Error ? error.message : String(error), path: '' }
}

/** Every field a schema refused, the first issue of each; `prefix` re-roots paths (the form's object in a list). */
export function problemsFromIssues(issues: readonly v.BaseIssue<unknown>[], prefix = '', schema?: v.GenericSchema): FieldProblems {
  const problems: FieldProblems = {}
  for (const issue of issues) {
    const path = [prefix, issuePath(issue)].filter(Boolean).join('.')
    problems[path] ??= { code: 'invalid', message: plainMessage(issue, schema), path }
  }
  return problems
}

export function problemsFromError(error: unknown): FieldProblems {
  const problem = problemFromError(error)
  return { [problem.path]: problem }
}

// The schemas' and the server's sentences the page knows how to say itself.
const KNOWN_MESSAGES: [RegExp, string, (m: RegExpExecArray) => Record<string, string | number>][] = [
  [/^is required$/, 'required', () => ({})],
  [/^must be text$/, 'required', () => ({})],
  [/^is too long \(at most (\d+) characters\)$/, 'tooLong', (m) => ({ max: Number(m[1]) })],
  [/^may only hold letters, digits, dot, dash and underscore$/, 'codeChars', () => ({})],
  [/^must be a whole number( of days)?$/, 'wholeNumber', () => ({})],
  [/^must not be negative$/, 'notNegative', () => ({})],
  [/^is more than ten years$/, 'tooManyDays', () => ({})],
  [/^must be at least (\d+) characters long$/, 'passwordShort', (m) => ({ min: Number(m[1]) })],
  [/^must not contain the username$/, 'passwordUsername', () => ({})],
  [/^must be 3 to 64 characters/, 'usernameChars', () => ({})],
  [/^is required for the role /, 'unitRequired', () => ({})],
  [/^no unit has the code (.+)$/, 'unknownUnit', (m) => ({ code: m[1]! })],
  [/^the unit (\S+) is inactive$/, 'inactiveUnitField', (m) => ({ code: m[1]! })],
  [/^no questionnaire has the key (.+)$/, 'unknownQuestionnaire', (m) => ({ key: m[1]! })],
  [/^must be an existing day as YYYY-MM-DD$/, 'badDay', () => ({})],
  [/^lists a day twice$/, 'dayTwice', () => ({})],
  [/^must list the year of every day in the table$/, 'yearMissing', () => ({})],
  [/^may only hold Saturdays and Sundays$/, 'weekendOnly', () => ({})],
  [/^holds a day that is also listed as a day off$/, 'alsoDayOff', () => ({})],
  [/^must name at least one target$/, 'noTarget', () => ({})],
  [/^must not be empty: leave it out to match anything$/, 'emptyCondition', () => ({})],
  [/^holds two rules with the same id$/, 'sameRuleId', () => ({})],
  [/^holds two rules for the same petition type and category$/, 'sameOverride', () => ({})],
  [/^must be a time as HH:MM$/, 'badTime', () => ({})],
  [/^acceptance needs an accept time$/, 'acceptNeeded', () => ({})],
  [/^must name at least one event$/, 'noEvent', () => ({})],
  [/^must be an absolute URL/, 'absoluteUrl', () => ({})],
  [/^must start with https:\/\/$/, 'httpsOnly', () => ({})],
  [/^must not carry a user name or password$/, 'urlCredentials', () => ({})],
  [/^must be a public address/, 'publicAddress', () => ({})],
]

/** Codes whose own words say it all, and codes whose API message lists what is at fault (kept as detail). */
const PLAIN_CODES = ['duplicate', 'code_immutable', 'not_found', 'stale', 'last_admin', 'self', 'invalid_encoding', 'unsupported_media_type', 'too_large', 'unavailable', 'network', 'forbidden', 'csrf']
const DETAILED_CODES = ['in_use', 'routing_problems', 'inactive_unit', 'invalid_file', 'json']

export function problemText(problem: Problem | DraftProblem): ProblemText {
  // A problem the questionnaire editor found itself comes with its own words.
  if ('text' in problem && problem.text) return { key: `admin.questionnaires.problem.${problem.text}`, params: problem.params }
  if (PLAIN_CODES.includes(problem.code)) return { key: `admin.problem.${problem.code}` }
  if (DETAILED_CODES.includes(problem.code)) return { key: `admin.problem.${problem.code}`, detail: problem.message }
  if (problem.code === 'invalid') {
    for (const [pattern, key, params] of KNOWN_MESSAGES) {
      const match = pattern.exec(problem.message)
      if (match) return { key: `admin.problem.${key}`, params: params(match) }
    }
  }
  return { key: 'admin.problem.other', params: { message: problem.message }, words: problem.message }
}
