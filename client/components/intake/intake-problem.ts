import { ApiError } from '../../api/http'
import { fieldProblemText } from '../../api/field-problem'

type Translate = (key: string, params?: Record<string, unknown>) => string

/** A refusal of an intake request: the field it names (the API's path) and what is wrong, in the page's language. */
export interface IntakeProblem {
  field: string
  text: string
}

/** The intake API's own refusals, by code or by the words of a date's problem; the rest as every staff form says them. */
export function intakeProblemOf(error: unknown, t: Translate, locale: string): IntakeProblem {
  if (!(error instanceof ApiError)) return { field: '', text: t('staff.common.network') }
  const field = error.path
  const own: Record<string, string> = {
    dossier_already_rated: 'dossierRated',
    dossier_pending: 'dossierPending',
    same_officer: 'sameOfficer',
    not_pending: 'notPending',
    forbidden: field === 'counter' ? 'otherUnit' : 'forbidden',
    tracking_code_taken: 'retry',
    conflict: 'retry',
  }
  if (own[error.code]) return { field, text: t(`staff.intake.problems.${own[error.code]}`) }
  if (/must not be (after today|later than now)$/.test(error.message)) return { field, text: t('staff.intake.problems.future') }
  if (/must be within the last \d+ days$/.test(error.message)) return { field, text: t('staff.intake.problems.tooOld') }
  if (error.status >= 500 || error.status === 429) return { field: '', text: t('staff.common.server', { status: error.status }) }
  return { field, text: fieldProblemText(error.message, locale, field) }
}
