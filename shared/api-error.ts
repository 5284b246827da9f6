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

/**
 * The API's sentence for a refused field: `<path>: <what is wrong, in plain English>`, e.g.
 * `from: is required (a date YYYY-MM-DD)`. Schemas that word their own messages ("is too long (at most 200
 * characters)") keep them; what valibot would say by default ("Invalid key: Expected "from" but received
 * undefined") is put in the same plain words instead:
 *
 * - a field left out: `is required`, with what it takes in brackets when the schema is given;
 * - a field the request does not take: `is not a field of this request`;
 * - a value of the wrong type: `must be <what>` (`text`, `a number`, `a whole number`, `true or false`,
 *   `one of a, b, c`, `a list`, `an object`, or the schema's own "must be …" words);
 * - lengths and sizes: `is too short (at least N characters|items)`, `is too long (at most N characters|items)`,
 *   `must be exactly N characters|items long`, `must be at least N`, `must be at most N`;
 * - forms: `must be a whole number`, `must be an email address`, `must be a date YYYY-MM-DD`,
 *   `is not in the expected form`; anything else `is not valid`.
 *
 * Pages read these words back (client/api/field-problem.ts) to say them in Vietnamese beside the field.
 */
export function fromValibotIssues(issues: readonly v.BaseIssue<unknown>[], prefix = '', schema?: v.GenericSchema): ApiIssue {
  const first = issues[0]!
  const path = [prefix, issuePath(first)].filter(Boolean).join('.')
  return { code: 'invalid', message: `${path || 'body'}: ${plainMessage(first, schema)}`, path }
}

/** What valibot writes when a schema gives no message of its own. */
const VALIBOT_DEFAULT = /^Invalid [\w ]+: (Expected [\s\S]* but r|R)eceived /

interface PathItem {
  type: string
  origin?: string
  key: unknown
  input: unknown
}

/** What a schema is made of, as far as these messages need to look into it. */
interface SchemaShape {
  type: string
  kind?: string
  message?: unknown
  description?: unknown
  pipe?: readonly SchemaShape[]
  entries?: Record<string, SchemaShape>
  item?: SchemaShape
  items?: readonly SchemaShape[]
  value?: SchemaShape
  wrapped?: SchemaShape
  options?: readonly unknown[]
  literal?: unknown
  key?: string
}

/** The issue in plain English, without its path. */
export function plainMessage(issue: v.BaseIssue<unknown>, schema?: v.GenericSchema): string {
  const path = (issue.path ?? []) as readonly PathItem[]
  const last = path.at(-1)
  const own = schema ? schemaAt(schema as unknown as SchemaShape, path) : undefined
  // Structural first: a missing or unknown key says so whatever message the object schema carries.
  if (last?.origin === 'key' && issue.expected === 'never') return 'is not a field of this request'
  if (issue.kind === 'schema' && issue.input === undefined && last !== undefined) {
    const what = own ? describe(own) : fromExpected(issue.expected)
    return what ? `is required (${what})` : 'is required'
  }
  if (!VALIBOT_DEFAULT.test(issue.message)) return issue.message
  if (issue.kind === 'schema') {
    const what = (own && describe(own)) ?? fromExpected(issue.expected)
    return what ? `must be ${what}` : 'is not valid'
  }
  const n = issue.requirement
  const unit = typeof issue.input === 'string' ? 'characters' : 'items'
  switch (issue.type) {
    case 'min_length':
    case 'min_graphemes':
      return `is too short (at least ${String(n)} ${unit})`
    case 'max_length':
    case 'max_graphemes':
      return `is too long (at most ${String(n)} ${unit})`
    case 'length':
      return `must be exactly ${String(n)} ${unit} long`
    case 'non_empty':
      return 'must not be empty'
    case 'min_value':
    case 'gt_value':
      return `must be at least ${String(n)}`
    case 'max_value':
    case 'lt_value':
      return `must be at most ${String(n)}`
    case 'integer':
    case 'safe_integer':
      return 'must be a whole number'
    case 'email':
      return 'must be an email address'
    case 'iso_date':
      return 'must be a date YYYY-MM-DD'
    case 'regex':
      return 'is not in the expected form'
    default:
      return 'is not valid'
  }
}

/** The schema of the field a path leads to, through objects, lists, optional and variant wrappers. */
function schemaAt(root: SchemaShape, path: readonly PathItem[]): SchemaShape | undefined {
  let current: SchemaShape | undefined = root
  for (const item of path) {
    current = unwrap(current, item.input)
    if (!current) return undefined
    if (current.entries) current = current.entries[String(item.key)]
    else if (current.item) current = current.item
    else if (current.items) current = current.items[Number(item.key)]
    else if (current.value && current.type === 'record') current = current.value
    else return undefined
  }
  return current
}

function unwrap(schema: SchemaShape | undefined, input: unknown): SchemaShape | undefined {
  let current = schema
  for (let depth = 0; current && depth < 8; depth++) {
    if (current.wrapped) current = current.wrapped
    else if (current.type === 'variant' && current.key) {
      const key = current.key
      const chosen = typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[key] : undefined
      current = (current.options as readonly SchemaShape[]).find((o) => {
        const d = o.entries?.[key]
        return d !== undefined && (d.literal === chosen || (d.options?.includes(chosen) ?? false))
      })
    } else if (current.type === 'union') {
      current = (current.options as readonly SchemaShape[]).find((o) => unwrap(o, input)?.entries !== undefined)
    } else return current
  }
  return current
}

/** What a field takes, in a few words: the schema's description, its own "must be …" words, or its type. */
function describe(schema: SchemaShape): string | undefined {
  for (const step of schema.pipe ?? [schema]) {
    if (step.type === 'description' && typeof step.description === 'string') return step.description
  }
  for (const step of schema.pipe ?? [schema]) {
    if (typeof step.message === 'string' && step.message.startsWith('must be ')) return step.message.slice('must be '.length)
  }
  switch (schema.type) {
    case 'string':
      return 'text'
    case 'number':
      return schema.pipe?.some((step) => step.type === 'integer') ? 'a whole number' : 'a number'
    case 'boolean':
      return 'true or false'
    case 'picklist':
      return `one of ${(schema.options ?? []).join(', ')}`
    case 'literal':
      return JSON.stringify(schema.literal)
    case 'array':
      return 'a list'
    case 'object':
    case 'strict_object':
    case 'loose_object':
    case 'object_with_rest':
    case 'record':
    case 'variant':
      return 'an object'
    case 'optional':
    case 'exact_optional':
    case 'nullish':
      return schema.wrapped && describe(schema.wrapped)
    case 'nullable': {
      const what = schema.wrapped && describe(schema.wrapped)
      return what && (/\bnull\b/.test(what) ? what : `${what} or null`)
    }
    default:
      return undefined
  }
}

/** valibot's `expected` (`string`, `"a" | "b"`, `Object`) in words, when the schema is not at hand. */
function fromExpected(expected: string | null): string | undefined {
  if (!expected || (expected.startsWith('"') && !expected.includes('|'))) return undefined
  const words: Record<string, string> = { string: 'text', number: 'a number', boolean: 'true or false', Array: 'a list', Object: 'an object' }
  if (words[expected]) return words[expected]
  const literals = expected.replace(/^\(|\)$/g, '').split(' | ')
  if (literals.length > 1 && literals.every((l) => /^"[^"]*"$/.test(l))) return `one of ${literals.map((l) => l.slice(1, -1)).join(', ')}`
  return undefined
}
