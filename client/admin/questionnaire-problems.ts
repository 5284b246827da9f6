import * as v from 'valibot'
import { QuestionnaireDraft, questionnaireDraftIssues } from '../../shared/admin'
import { issuePath, plainMessage } from '../../shared/api-error'
import type { FieldProblems, Problem } from './problems'
import { type DraftForm, toDraft } from './questionnaire-draft'

/**
 * A problem of the draft with the editor's own words for it: `text` is a key under
 * admin.questionnaires.problem, chosen from the schema issue's kind or the shared rule's code. Problems the
 * server sends have no `text` and are worded like every other admin problem.
 */
export interface DraftProblem extends Problem {
  text?: string
  params?: Record<string, string | number>
}

/** The editor's words for one schema issue; undefined leaves the schema's sentence. */
function schemaText(issue: v.BaseIssue<unknown>, path: string): Pick<DraftProblem, 'text' | 'params'> {
  const last = path.split('.').at(-1)
  switch (issue.type) {
    case 'regex':
      return { text: last === 'key' ? 'keyChars' : 'idChars' }
    case 'min_length':
      return { text: path === 'questions' ? 'noQuestions' : 'required' }
    case 'string':
      return { text: 'required' }
    case 'number':
    case 'integer':
      return { text: 'wholeNumber' }
    case 'min_value':
      return { text: 'atLeast', params: { min: Number(issue.requirement) } }
    case 'max_value':
      return { text: 'atMost', params: { max: Number(issue.requirement) } }
    case 'picklist':
      return { text: 'choose' }
    default:
      return {}
  }
}

/**
 * Everything wrong with the draft, by the path of the field it concerns (the first problem of each field):
 * the shared schema's issues, then the shared rules it cannot see (ids, follow-ups, the level question).
 * The same checks the server makes, so that what passes here is what the server takes.
 */
export function draftProblems(form: DraftForm): { draft: QuestionnaireDraft; problems: FieldProblems } {
  const draft = toDraft(form)
  const problems: Record<string, DraftProblem> = {}
  const parsed = v.safeParse(QuestionnaireDraft, draft)
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const path = issuePath(issue)
      problems[path] ??= { code: 'invalid', message: plainMessage(issue, QuestionnaireDraft), path, ...schemaText(issue, path) }
    }
  }
  // The rules read only ids, types and option lists, which toDraft always gives in shape: they can run even
  // when some text field is wrong, so that every problem shows at once.
  for (const issue of questionnaireDraftIssues(draft)) {
    problems[issue.path] ??= { code: 'invalid', message: issue.message, path: issue.path, text: issue.code, params: issue.params }
  }
  return { draft: parsed.success ? parsed.output : draft, problems }
}

// The order the editor shows fields in, so that the summary reads from top to bottom.
const FIELD_ORDER = ['', 'key', 'kind', 'title', 'levelQuestion', 'questions', 'id', 'type', 'required', 'text', 'help', 'indicator', 'maxLength', 'showIf', 'question', 'anyOf', 'factor', 'options', 'value', 'label', 'vi', 'en', 'points', 'level', 'factors']

function rank(path: string): string {
  return path
    .split('.')
    .map((part) => {
      if (/^\d+$/.test(part)) return part.padStart(4, '0')
      const known = FIELD_ORDER.indexOf(part)
      return known < 0 ? `99${part}` : String(known).padStart(2, '0')
    })
    .join('.')
}

/** The problems in the order of the form: title, level question, then question by question, field by field. */
export function problemsInOrder(problems: FieldProblems): DraftProblem[] {
  return Object.values(problems)
    .map((problem) => ({ problem, rank: rank(problem.path) }))
    .sort((a, b) => (a.rank < b.rank ? -1 : a.rank > b.rank ? 1 : 0))
    .map((x) => x.problem)
}
