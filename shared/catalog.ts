import * as v from 'valibot'
import { LocalizedText } from './i18n-text'
import { Questionnaire } from './questionnaire'

/** Short codes appear in URLs printed on posters: keep them plain and stable. */
export const Code = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'is required'),
  v.maxLength(40, 'is too long (at most 40 characters)'),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'may only hold letters, digits, dot, dash and underscore'),
)

export const Unit = v.object({
  code: Code,
  name: LocalizedText,
  /** Văn phòng – Thanh tra Sở: oversees the others and handles conduct complaints. */
  isInspectorate: v.boolean(),
})
export type Unit = v.InferOutput<typeof Unit>

export const Counter = v.object({
  code: Code,
  name: LocalizedText,
  location: LocalizedText,
  unitCode: Code,
  /** Which questionnaire the counter's QR code opens. */
  questionnaireKey: Code,
})
export type Counter = v.InferOutput<typeof Counter>

export const Procedure = v.object({
  code: Code,
  /** Code in the national database of administrative procedures, when known. */
  nationalCode: v.nullable(v.string()),
  name: LocalizedText,
  unitCode: Code,
  /** The legal time limit in working days; null when the result is returned on the spot. */
  timeLimitDays: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0))),
})
export type Procedure = v.InferOutput<typeof Procedure>

export const Catalog = v.object({
  agency: LocalizedText,
  units: v.array(Unit),
  counters: v.array(Counter),
  procedures: v.array(Procedure),
  /** The active version of each questionnaire key. */
  questionnaires: v.array(Questionnaire),
  demo: v.boolean(),
})
export type Catalog = v.InferOutput<typeof Catalog>
