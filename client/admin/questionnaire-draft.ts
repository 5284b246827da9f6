import type { QuestionnaireDraft } from '../../shared/admin'
import type { SatisfactionLevel } from '../../shared/levels'
import type { Factor, Question, QuestionOption } from '../../shared/questionnaire'

/**
 * The questionnaire as the editor holds it: every field present, so that a form control can bind to it,
 * and what a question of another type does not use kept aside rather than lost (switch a question to text
 * and back, its options are still there). `toDraft` turns it into the definition the schema checks and
 * the server takes; question and option indexes stay the same, so a problem's path names a form field.
 */
export interface OptionForm {
  value: string
  label: { vi: string; en: string }
  /** '' when the option is not scored (an emptied number input gives ''). */
  points: number | ''
  level: SatisfactionLevel | ''
}

export interface QuestionForm {
  id: string
  type: Question['type']
  text: { vi: string; en: string }
  help: { vi: string; en: string }
  required: boolean
  indicator: number | ''
  maxLength: number | ''
  /** question '' when the question is always asked. */
  showIf: { question: string; anyOf: string[] }
  /** '' when the question is no factor's criterion. */
  factor: string
  options: OptionForm[]
}

export interface DraftForm {
  key: string
  kind: QuestionnaireDraft['kind']
  title: { vi: string; en: string }
  levelQuestion: string
  questions: QuestionForm[]
  /** Kept as they came (edited in the JSON view): the questions pick one of them. */
  factors: Factor[] | undefined
  source: QuestionnaireDraft['source']
}

const optionForm = (o: QuestionOption): OptionForm => ({
  value: o.value,
  label: { ...o.label },
  points: o.points ?? '',
  level: o.level ?? '',
})

export function toForm(draft: QuestionnaireDraft): DraftForm {
  return {
    key: draft.key,
    kind: draft.kind,
    title: { ...draft.title },
    levelQuestion: draft.levelQuestion,
    questions: draft.questions.map((q) => ({
      id: q.id,
      type: q.type,
      text: { ...q.text },
      help: { vi: q.help?.vi ?? '', en: q.help?.en ?? '' },
      required: q.required,
      indicator: q.indicator ?? '',
      maxLength: q.maxLength ?? '',
      showIf: { question: q.showIf?.question ?? '', anyOf: [...(q.showIf?.anyOf ?? [])] },
      factor: q.factor ?? '',
      options: q.options.map(optionForm),
    })),
    factors: draft.factors?.map((f) => ({ id: f.id, title: { ...f.title } })),
    source: draft.source && { ...draft.source },
  }
}

/** A number input's value: '' (emptied) is "not set"; anything else goes to the schema as it is. */
const numberOrUnset = (value: number | '' | undefined) => (value === '' || value === undefined ? undefined : value)

/** The definition the form stands for, in the shape the schema and the server read (fields in schema order). */
export function toDraft(form: DraftForm): QuestionnaireDraft {
  return {
    key: form.key,
    kind: form.kind,
    title: { vi: form.title.vi, en: form.title.en },
    levelQuestion: form.levelQuestion,
    questions: form.questions.map((q) => {
      const question: Question = { id: q.id, type: q.type, text: { vi: q.text.vi, en: q.text.en }, required: q.required, options: [] }
      // Help is optional as a whole: both languages empty means none, one of them empty is a problem to show.
      if (q.help.vi.trim() || q.help.en.trim()) question.help = { vi: q.help.vi, en: q.help.en }
      const indicator = numberOrUnset(q.indicator)
      if (indicator !== undefined) question.indicator = indicator
      if (q.showIf.question) question.showIf = { question: q.showIf.question, anyOf: [...q.showIf.anyOf] }
      if (q.factor) question.factor = q.factor
      const maxLength = numberOrUnset(q.maxLength)
      if (q.type === 'text') {
        if (maxLength !== undefined) question.maxLength = maxLength
      } else {
        question.options = q.options.map((o) => {
          const option: QuestionOption = { value: o.value, label: { vi: o.label.vi, en: o.label.en } }
          const points = numberOrUnset(o.points)
          if (points !== undefined) option.points = points
          if (o.level) option.level = o.level
          return option
        })
      }
      return question
    }),
    ...(form.factors ? { factors: form.factors.map((f) => ({ id: f.id, title: { ...f.title } })) } : {}),
    ...(form.source ? { source: { ...form.source } } : {}),
  }
}

/** An id not used yet among `taken`: `stem_1`, `stem_2`, … (ids are a–z, digits and underscore). */
export function freeId(stem: string, taken: readonly string[]): string {
  let n = taken.length + 1
  while (taken.includes(`${stem}_${n}`)) n++
  return `${stem}_${n}`
}

export function newOption(taken: readonly string[]): OptionForm {
  return { value: freeId('option', taken), label: { vi: '', en: '' }, points: '', level: '' }
}

/** A new single-choice question with two empty options, ready to be filled in. */
export function newQuestion(form: DraftForm): QuestionForm {
  const first = newOption([])
  return {
    id: freeId('question', form.questions.map((q) => q.id)),
    type: 'single',
    text: { vi: '', en: '' },
    help: { vi: '', en: '' },
    required: false,
    indicator: '',
    maxLength: '',
    showIf: { question: '', anyOf: [] },
    factor: '',
    options: [first, newOption([first.value])],
  }
}

/** Moves the item at `index` one place up (-1) or down (1); false when it is already at that end. */
export function move<T>(list: T[], index: number, by: -1 | 1): boolean {
  const to = index + by
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return false
  const [item] = list.splice(index, 1)
  list.splice(to, 0, item!)
  return true
}

/**
 * After a question's id changed from `old` to `id` (on leaving the field, not per keystroke: an id emptied
 * to be retyped must not erase the follow-ups), the follow-ups that depend on it and the level question
 * follow the new id.
 */
export function renameQuestion(form: DraftForm, old: string, id: string): void {
  // Another question still holding the old id keeps the references: they may be meant for it.
  if (!id || old === id || form.questions.some((q) => q.id === old)) return
  for (const q of form.questions) if (q.showIf.question === old) q.showIf.question = id
  if (form.levelQuestion === old) form.levelQuestion = id
}

/** After an option's value of question `questionId` changed from `old`, the follow-ups asked on it follow. */
export function renameOption(form: DraftForm, questionId: string, old: string, value: string): void {
  const question = form.questions.find((q) => q.id === questionId)
  if (!question || !value || old === value || question.options.some((o) => o.value === old)) return
  for (const q of form.questions) {
    if (q.showIf.question === questionId) q.showIf.anyOf = q.showIf.anyOf.map((v) => (v === old ? value : v))
  }
}

/** The id of the control a problem's path names, e.g. `questions.2.options.0.value` → `qe-questions-2-options-0-value`. */
export function fieldId(path: string): string {
  return path ? `qe-${path.replace(/\./g, '-')}` : 'qe-draft'
}
