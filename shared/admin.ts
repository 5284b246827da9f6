import * as v from 'valibot'
import { Code, type Counter, type Procedure, type Unit } from './catalog'
import { Questionnaire } from './questionnaire'
import { type StaffAccountOf, StaffRole } from './staff'

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

/** The rules the schema cannot see, each a code the administration page words in its own language. */
export const DRAFT_ISSUE_CODES = [
  'duplicate_id',
  'text_with_options',
  'too_few_options',
  'duplicate_value',
  'show_if_not_earlier',
  'show_if_no_values',
  'show_if_not_an_option',
  'level_question_missing',
  'level_question_not_single',
  'level_question_conditional',
  'level_option_without_level',
  'duplicate_factor',
  'unknown_factor',
] as const
export type DraftIssueCode = (typeof DRAFT_ISSUE_CODES)[number]

/** One problem the schema cannot see: what the question refers to must exist, ids must be unique. */
export interface DraftIssue {
  path: string
  message: string
  code: DraftIssueCode
  /** The ids and values the message names, for the page's own words. */
  params: Record<string, string>
}

/**
 * What makes a definition unusable although every field has the right shape: the citizen page and the
 * scoring look questions and options up by id, follow-ups point at earlier questions, and the level of a
 * response comes from the options of its level question. Every problem, in the order of the definition,
 * so that an editor can mark each field at once.
 */
export function questionnaireDraftIssues(draft: QuestionnaireDraft): DraftIssue[] {
  const issues: DraftIssue[] = []
  const add = (path: string, code: DraftIssueCode, message: string, params: Record<string, string> = {}) => issues.push({ path, code, message, params })
  const factors = new Set<string>()
  for (const [i, factor] of (draft.factors ?? []).entries()) {
    if (factors.has(factor.id)) add(`factors.${i}.id`, 'duplicate_factor', `"${factor.id}" is the id of an earlier factor`, { id: factor.id })
    factors.add(factor.id)
  }
  const seen = new Map<string, QuestionnaireDraft['questions'][number]>()
  for (const [i, question] of draft.questions.entries()) {
    const at = `questions.${i}`
    if (question.factor !== undefined && !factors.has(question.factor)) {
      add(`${at}.factor`, 'unknown_factor', `"${question.factor}" is not a factor of this questionnaire`, { id: question.factor })
    }
    if (seen.has(question.id)) add(`${at}.id`, 'duplicate_id', `"${question.id}" is the id of an earlier question`, { id: question.id })
    if (question.type === 'text' && question.options.length > 0) add(`${at}.options`, 'text_with_options', 'must be empty for a text question')
    if (question.type !== 'text' && question.options.length < 2) add(`${at}.options`, 'too_few_options', `a ${question.type} question needs at least two options`)
    const values = new Set<string>()
    for (const [j, option] of question.options.entries()) {
      if (values.has(option.value)) add(`${at}.options.${j}.value`, 'duplicate_value', `"${option.value}" is already an option of this question`, { value: option.value })
      values.add(option.value)
    }
    if (question.showIf) {
      const target = seen.get(question.showIf.question)
      if (!target) {
        add(`${at}.showIf.question`, 'show_if_not_earlier', `"${question.showIf.question}" is not an earlier question`, { id: question.showIf.question })
      } else if (question.showIf.anyOf.length === 0) {
        // An empty list matches no answer: the question would never be asked.
        add(`${at}.showIf.anyOf`, 'show_if_no_values', `must name at least one option of "${target.id}"`, { id: target.id })
      } else {
        const missing = question.showIf.anyOf.find((value) => !target.options.some((o) => o.value === value))
        if (missing !== undefined) add(`${at}.showIf.anyOf`, 'show_if_not_an_option', `"${missing}" is not an option of "${target.id}"`, { value: missing, id: target.id })
      }
    }
    if (!seen.has(question.id)) seen.set(question.id, question)
  }
  const level = seen.get(draft.levelQuestion)
  if (!level) add('levelQuestion', 'level_question_missing', `"${draft.levelQuestion}" is not a question of this questionnaire`, { id: draft.levelQuestion })
  else if (level.type !== 'single') add('levelQuestion', 'level_question_not_single', 'must be a single-choice question')
  else if (level.showIf) add('levelQuestion', 'level_question_conditional', 'must be asked always (no showIf): every response needs a level')
  else {
    const index = draft.questions.indexOf(level)
    for (const [j, option] of level.options.entries()) {
      if (option.level === undefined) add(`questions.${index}.options.${j}.level`, 'level_option_without_level', 'every option of the level question needs a satisfaction level')
    }
  }
  return issues
}

/** The first problem of questionnaireDraftIssues, the one the API names. */
export function questionnaireDraftIssue(draft: QuestionnaireDraft): DraftIssue | undefined {
  return questionnaireDraftIssues(draft)[0]
}

const DisplayName = Text(120)
const Password = v.string('must be text')

export const AccountCreate = v.strictObject({
  username: v.string('must be text'),
  displayName: v.optional(DisplayName),
  role: StaffRole,
  unitCode: v.optional(v.nullable(Code), null),
  password: Password,
})
export type AccountCreate = v.InferOutput<typeof AccountCreate>

/** Any of the fields; what is left out stays as it is. */
export const AccountUpdate = v.pipe(
  v.strictObject({
    displayName: v.optional(DisplayName),
    role: v.optional(StaffRole),
    unitCode: v.optional(v.nullable(Code)),
  }),
  v.check((body) => Object.keys(body).length > 0, 'must change at least one of displayName, role, unitCode'),
)
export type AccountUpdate = v.InferOutput<typeof AccountUpdate>

export const PasswordReset = v.strictObject({ password: Password })

export const AUDIT_ENTITIES = ['unit', 'counter', 'procedure', 'questionnaire', 'staff', 'open311_key', 'webhook'] as const
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

/*
 * What the administration routes answer, as JSON: the server's records with instants as ISO strings. The
 * routes' JSON mappers are typed with these and client/api/admin.ts reads its answers as these, so the two
 * sides cannot drift apart unnoticed.
 */

export type AdminUnit = Unit & { active: boolean }
export type AdminCounter = Counter & { active: boolean }
export type AdminProcedure = Procedure & { active: boolean }
/** GET /api/staff/admin/catalog: every entry, inactive ones included. */
export interface AdminCatalog {
  units: AdminUnit[]
  counters: AdminCounter[]
  procedures: AdminProcedure[]
}
export type AdminEntry = { units: AdminUnit; counters: AdminCounter; procedures: AdminProcedure }

/** POST /api/staff/admin/catalog/procedures/import: what the file does (dry run) or did. */
export interface ImportReport {
  dryRun: boolean
  /** Data rows read (blank lines are not rows). */
  rows: number
  created: string[]
  updated: string[]
  unchanged: string[]
  /** Columns of the header the import does not know; their values are left alone. */
  ignoredColumns: string[]
  rejected: { line: number; column: string | null; code: string | null; reason: string }[]
}

export interface QuestionnaireVersionInfo {
  version: number
  active: boolean
  /** ISO 8601 instant. */
  publishedAt: string
  publishedBy: number | null
  title: Questionnaire['title']
}
/** One questionnaire key with its versions, oldest first. */
export interface QuestionnaireKeyInfo {
  key: string
  kind: Questionnaire['kind']
  activeVersion: number | null
  versions: QuestionnaireVersionInfo[]
}

/** A staff account as administrators see it: never its password hash. */
export interface AdminAccount extends StaffAccountOf<string> {
  /** ISO 8601 instant. */
  deactivatedAt: string | null
  /** Whether the account has a second factor (xác thực hai bước) enabled. */
  secondFactor: boolean
}

export interface AuditEvent {
  id: number
  /** ISO 8601 instant. */
  at: string
  actor: { id: number; username: string }
  entity: AuditEntity
  key: string
  action: string
  before: unknown
  after: unknown
  note: string | null
}
/** GET /api/staff/admin/audit: a page of events, newest first; `next` is the cursor of the older page. */
export interface AuditPage {
  events: AuditEvent[]
  next: number | null
}
