import { ANSWER_MAX_LENGTH, NOTE_MAX_LENGTH, type FeedbackAction, type FeedbackActionName } from '../../../shared/staff-feedback'

/** How one action form asks for its fields. `public`: the citizen sees the text on the tracking page. */
export interface ActionField {
  name: string
  kind: 'textarea' | 'assignee' | 'unit' | 'petitionType' | 'complex' | 'code'
  required: boolean
  public?: boolean
  max?: number
  /** A label key other than `staff.actions.fields.<name>`. */
  label?: string
}

const optionalNote: ActionField = { name: 'note', kind: 'textarea', required: false, max: NOTE_MAX_LENGTH }
const publicReason: ActionField = { name: 'reason', kind: 'textarea', required: true, public: true, max: NOTE_MAX_LENGTH }

/** The fields of each action's form, as shared/staff-feedback.ts FeedbackAction has them. */
export const ACTION_FORMS: Readonly<Record<FeedbackActionName, readonly ActionField[]>> = {
  acknowledge: [optionalNote],
  start: [optionalNote],
  assign: [{ name: 'staffId', kind: 'assignee', required: false }],
  forward: [{ name: 'unit', kind: 'unit', required: true }, publicReason],
  reclassify: [{ name: 'petitionType', kind: 'petitionType', required: true }, { name: 'complex', kind: 'complex', required: false }, optionalNote],
  request_info: [{ name: 'message', kind: 'textarea', required: true, public: true, max: NOTE_MAX_LENGTH }],
  answer: [{ name: 'answer', kind: 'textarea', required: true, public: true, max: ANSWER_MAX_LENGTH }],
  reopen: [{ name: 'note', kind: 'textarea', required: true, max: NOTE_MAX_LENGTH, label: 'reopenNote' }],
  close: [optionalNote],
  mark_duplicate: [{ name: 'of', kind: 'code', required: true }, publicReason],
  mark_spam: [publicReason],
  note: [{ name: 'text', kind: 'textarea', required: true, max: NOTE_MAX_LENGTH }],
}

export type FormValues = Record<string, string | boolean>

/**
 * The request body from what the form holds: optional texts left empty are left out, the assignee select's
 * '' means "nobody". Validation is the shared schema's job (stores/staff-item.ts checkAction).
 */
export function actionBody(action: FeedbackActionName, version: number, values: FormValues): FeedbackAction {
  const body: Record<string, unknown> = { action, version }
  for (const field of ACTION_FORMS[action]) {
    const value = values[field.name]
    if (field.kind === 'complex') body.complex = value === true
    else if (field.kind === 'assignee') body.staffId = value === '' || value === undefined ? null : Number(value)
    else if (typeof value === 'string' && (value.trim() !== '' || field.required)) body[field.name] = value
  }
  return body as FeedbackAction
}
