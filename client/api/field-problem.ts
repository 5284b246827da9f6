import en from '../locales/en/field-problem'
import vi from '../locales/vi/field-problem'

export type FieldProblemKey = keyof typeof vi

type Params = Record<string, string | number>

/**
 * The API's plain English about a field (shared/api-error.ts writes it: "is required (a date YYYY-MM-DD)",
 * "is too long (at most 200 characters)", the schemas' own "must be …" words) read back as one of the
 * problems a page can say in its own language. First match wins; what is not known is `invalid`.
 */
const PATTERNS: [RegExp, FieldProblemKey, (m: RegExpExecArray) => Params][] = [
  [/^is required\b/, 'required', () => ({})],
  [/^is not a field of this request$/, 'unknownField', () => ({})],
  [/^must not be (before|after)\b/, 'periodOrder', () => ({})],
  [/^the period may span at most/, 'periodTooLong', () => ({})],
  [/YYYY-MM-DD|^is not a day of the calendar$/, 'date', () => ({})],
  [/^is too short \(at least (\d+) characters\)$|^must be at least (\d+) characters long$/, 'tooShort', (m) => ({ n: Number(m[1] ?? m[2]) })],
  [/^is too long \(at most (\d+) characters\)$/, 'tooLong', (m) => ({ n: Number(m[1]) })],
  [/^is too short \(at least (\d+) items\)$/, 'tooFew', (m) => ({ n: Number(m[1]) })],
  [/^is too long \(at most (\d+) items\)$/, 'tooMany', (m) => ({ n: Number(m[1]) })],
  [/^must be at least (-?[\d.]+)$/, 'atLeast', (m) => ({ n: m[1]! })],
  [/^must be at most (-?[\d.]+)$/, 'atMost', (m) => ({ n: m[1]! })],
  [/^must be a whole number|^must be a staff id\b/, 'wholeNumber', () => ({})],
  [/^must be a number$/, 'number', () => ({})],
  [/^must be text$/, 'text', () => ({})],
  [/^must be true or false$/, 'yesNo', () => ({})],
  [/^must be (a valid |an )?email address$/, 'email', () => ({})],
  [/^must be a Vietnamese phone number/, 'phone', () => ({})],
  [/^may only hold letters, digits/, 'code', () => ({})],
  [/^is not a valid tracking code$/, 'trackingCode', () => ({})],
  [/^must be one of |^must be [\w-]+(, [\w-]+)* or [\w-]+$|^is not a (feedback|known) /, 'notInList', () => ({})],
  [/^is not in the expected form$/, 'format', () => ({})],
  [/^must not be empty/, 'notEmpty', () => ({})],
]

/** The message without the "path: " the API puts before it (any dotted path when the caller does not know it). */
function withoutPath(message: string, path: string): string {
  if (path) return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message
  return message.replace(/^[\w.-]+: (?=\S)/, '')
}

export function fieldProblemOf(message: string, path = ''): { key: FieldProblemKey; params: Params } {
  const words = withoutPath(message, path)
  for (const [pattern, key, params] of PATTERNS) {
    const match = pattern.exec(words)
    if (match) return { key, params: params(match) }
  }
  return { key: 'invalid', params: {} }
}

/**
 * What is wrong with a field, in the page's language. A Vietnamese page never shows the API's English: what
 * it cannot read it calls "Giá trị chưa hợp lệ."; an English page shows the API's own plain words then.
 */
export function fieldProblemText(message: string, locale: string, path = ''): string {
  const { key, params } = fieldProblemOf(message, path)
  if (key === 'invalid' && locale === 'en') return withoutPath(message, path)
  const texts = locale === 'en' ? en : vi
  return texts[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''))
}
