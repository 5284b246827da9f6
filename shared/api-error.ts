import type * as v from 'valibot'
import type { ApiIssue } from './response'

/** The one error shape every endpoint answers with: `{ error: { code, message, path } }`. */
export interface ApiErrorBody {
  error: ApiIssue
}

/** Dotted path of a valibot issue, e.g. `responses.3.answers.overall`. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? []).map((item) => String((item as { key: unknown }).key)).join('.')
}

export function fromValibotIssues(issues: readonly v.BaseIssue<unknown>[], prefix = ''): ApiIssue {
  const first = issues[0]!
  const path = [prefix, issuePath(first)].filter(Boolean).join('.')
  return { code: 'invalid', message: `${path || 'body'}: ${first.message}`, path }
}
