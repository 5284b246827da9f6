import * as v from 'valibot'
import { Code } from './catalog'
import { Questionnaire } from './questionnaire'

/**
 * What an administrator sends to change the catalog, the questionnaires and the staff accounts. The public
 * schemas in catalog.ts describe what the server hands out; these are stricter about what it takes in
 * (trimmed, bounded text), because an administrator's typo lands on every citizen's screen.
 */

const Text = (max: number) =>
  v.pipe(v.string('must be text'), v.trim(), v.minLength(1, 'is required'), v.maxLength(max, `is too long (at most ${max} characters)`))

/** A name shown to people, in Vietnamese and English. */
export const AdminText = (max = 300) => v.strictObject({ vi: Text(max), en: Text(max) }, 'must be { vi, en }')

export const UNIT_FIELDS = { name: AdminText(), isInspectorate: v.boolean('must be true or false') }
export const UnitCreate = v.strictObject({ code: Code, ...UNIT_FIELDS })
/** Every editable field; the code is in the path and never changes. `code` may be sent back as it is. */
export const UnitUpdate = v.strictObject({ code: v.optional(Code), ...UNIT_FIELDS })

export const COUNTER_FIELDS = { name: AdminText(), location: AdminText(), unitCode: Code, questionnaireKey: Code }
export const CounterCreate = v.strictObject({ code: Code, ...COUNTER_FIELDS })
export const CounterUpdate = v.strictObject({ code: v.optional(Code), ...COUNTER_FIELDS })

export const NationalCode = v.nullable(
  v.pipe(
    v.string('must be text or null'),
    v.trim(),
    v.maxLength(40, 'is too long (at most 40 characters)'),
    v.transform((s) => (s === '' ? null : s)),
  ),
)
export const TimeLimitDays = v.nullable(
  v.pipe(v.number('must be a number of working days or null'), v.integer('must be a whole number of days'), v.minValue(0, 'must not be negative'), v.maxValue(3650, 'is more than ten years')),
)
export const PROCEDURE_FIELDS = { nationalCode: NationalCode, name: AdminText(500), unitCode: Code, timeLimitDays: TimeLimitDays }
export const ProcedureCreate = v.strictObject({ code: Code, ...PROCEDURE_FIELDS })
export const ProcedureUpdate = v.strictObject({ code: v.optional(Code), ...PROCEDURE_FIELDS })

export const CATALOG_KINDS = ['units', 'counters', 'procedures'] as const
export type CatalogKind = (typeof CATALOG_KINDS)[number]

export const CATALOG_SCHEMAS = {
  units: { create: UnitCreate, update: UnitUpdate },
  counters: { create: CounterCreate, update: CounterUpdate },
  procedures: { create: ProcedureCreate, update: ProcedureUpdate },
} as const

export type UnitInput = v.InferOutput<typeof UnitCreate>
export type CounterInput = v.InferOutput<typeof CounterCreate>
export type ProcedureInput = v.InferOutput<typeof ProcedureCreate>
export type CatalogInput = { units: UnitInput; counters: CounterInput; procedures: ProcedureInput }

/**
 * A new questionnaire version: a definition as the shared schema has it, without the version, which the
 * server assigns (the highest of the key plus one). A version sent anyway is ignored.
 */
export const QuestionnaireDraft = v.omit(Questionnaire, ['version'])
export type QuestionnaireDraft = v.InferOutput<typeof QuestionnaireDraft>

/** One problem the schema cannot see: what the question refers to must exist, ids must be unique. */
export interface DraftIssue {
  path: string
  message: string
}

/**
 * What makes a definition unusable although every field has the right shape: the citizen page and the
 * scoring look questions and options up by id, follow-ups point at earlier questions, and the level of a
 * response comes from the options of its level question.
 */
export function questionnaireDraftIssue(draft: QuestionnaireDraft): DraftIssue | undefined {
  const seen = new Map<string, QuestionnaireDraft['questions'][number]>()
  for (const [i, question] of draft.questions.entries()) {
    const at = `questions.${i}`
    if (seen.has(question.id)) return { path: `${at}.id`, message: `"${question.id}" is the id of an earlier question` }
    if (question.type === 'text' && question.options.length > 0) return { path: `${at}.options`, message: 'must be empty for a text question' }
    if (question.type !== 'text' && question.options.length < 2) return { path: `${at}.options`, message: `a ${question.type} question needs at least two options` }
    const values = new Set<string>()
    for (const [j, option] of question.options.entries()) {
      if (values.has(option.value)) return { path: `${at}.options.${j}.value`, message: `"${option.value}" is already an option of this question` }
      values.add(option.value)
    }
    if (question.showIf) {
      const target = seen.get(question.showIf.question)
      if (!target) return { path: `${at}.showIf.question`, message: `"${question.showIf.question}" is not an earlier question` }
      const missing = question.showIf.anyOf.find((value) => !target.options.some((o) => o.value === value))
      if (missing !== undefined) return { path: `${at}.showIf.anyOf`, message: `"${missing}" is not an option of "${target.id}"` }
    }
    seen.set(question.id, question)
  }
  const level = seen.get(draft.levelQuestion)
  if (!level) return { path: 'levelQuestion', message: `"${draft.levelQuestion}" is not a question of this questionnaire` }
  if (level.type !== 'single') return { path: 'levelQuestion', message: 'must be a single-choice question' }
  if (level.showIf) return { path: 'levelQuestion', message: 'must be asked always (no showIf): every response needs a level' }
  const unlevelled = level.options.findIndex((o) => o.level === undefined)
  if (unlevelled >= 0) {
    const index = draft.questions.indexOf(level)
    return { path: `questions.${index}.options.${unlevelled}.level`, message: 'every option of the level question needs a satisfaction level' }
  }
  return undefined
}

export const ROLE_NAMES = ['unit_staff', 'unit_head', 'inspector', 'leadership', 'admin'] as const

const DisplayName = Text(120)
const Password = v.string('must be text')

export const AccountCreate = v.strictObject({
  username: v.string('must be text'),
  displayName: v.optional(DisplayName),
  role: v.picklist(ROLE_NAMES, `must be one of ${ROLE_NAMES.join(', ')}`),
  unitCode: v.optional(v.nullable(Code), null),
  password: Password,
})
export type AccountCreate = v.InferOutput<typeof AccountCreate>

/** Any of the fields; what is left out stays as it is. */
export const AccountUpdate = v.pipe(
  v.strictObject({
    displayName: v.optional(DisplayName),
    role: v.optional(v.picklist(ROLE_NAMES, `must be one of ${ROLE_NAMES.join(', ')}`)),
    unitCode: v.optional(v.nullable(Code)),
  }),
  v.check((body) => Object.keys(body).length > 0, 'must change at least one of displayName, role, unitCode'),
)
export type AccountUpdate = v.InferOutput<typeof AccountUpdate>

export const PasswordReset = v.strictObject({ password: Password })

export const AUDIT_ENTITIES = ['unit', 'counter', 'procedure', 'questionnaire', 'staff'] as const
export type AuditEntity = (typeof AUDIT_ENTITIES)[number]

export const AuditQuery = v.strictObject({
  entity: v.optional(v.picklist(AUDIT_ENTITIES, `must be one of ${AUDIT_ENTITIES.join(', ')}`)),
  /** The code of a unit, counter or procedure, the key of a questionnaire, the id of an account. */
  key: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
  limit: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,4}$/, 'must be a whole number from 1 to 500'), v.transform(Number), v.minValue(1, 'must be at least 1'), v.maxValue(500, 'must be at most 500')),
    '100',
  ),
  /** The id of the last event of the previous page: the next page holds older events. */
  before: v.optional(v.pipe(v.string(), v.regex(/^\d{1,15}$/, 'must be an event id'), v.transform(Number))),
})
