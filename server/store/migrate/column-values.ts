import { createHash } from 'node:crypto'
import { storable } from '../postgres/database'
import type { SourceValue } from './sqlite-source'

/** A value that cannot go into its PostgreSQL column; the message names the column, the caller the row. */
export class ValueError extends Error {}

const INTEGER_RANGE: Record<string, bigint> = { smallint: 2n ** 15n, integer: 2n ** 31n, bigint: 2n ** 63n }

/**
 * The PostgreSQL column types the copy knows, as format_type names them. Any other type stops the copy
 * (table-plan.ts) until its conversion and canonical text are written here: jsonb, for one, would reorder keys.
 */
export const KNOWN_TYPES = new Set(['text', 'boolean', 'smallint', 'integer', 'bigint', 'double precision', 'json', 'uuid', 'date', 'bytea'])

/**
 * A SQLite value (read with safeIntegers: integers as bigint) as the parameter for a PostgreSQL column of
 * `type`, refusing what the column would not mean the same: booleans are SQLite's 0 and 1, integers must fit,
 * text stays text (dates, uuids and JSON documents are text in SQLite, checked by PostgreSQL's input functions).
 */
export function toParameter(value: SourceValue, type: string): unknown {
  if (value === null) return null
  if (type === 'boolean') {
    if (value === 0n || value === 1n) return value === 1n
    throw new ValueError(`holds ${describe(value)} where a boolean (0 or 1) belongs`)
  }
  const range = INTEGER_RANGE[type]
  if (range !== undefined) {
    if (typeof value === 'bigint' && value >= -range && value < range) return value.toString()
    throw new ValueError(`holds ${describe(value)} where ${type === 'integer' ? 'an' : 'a'} ${type} belongs`)
  }
  if (type === 'double precision') {
    // SQLite's REAL (an Open311 request's lat/long); a whole number may come back as an integer.
    if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return Number(value)
    throw new ValueError(`holds ${describe(value)} where a number belongs`)
  }
  if (type === 'bytea') {
    if (Buffer.isBuffer(value)) return value
    throw new ValueError(`holds ${describe(value)} where bytes belong`)
  }
  if (typeof value === 'string') return value
  throw new ValueError(`holds ${describe(value)} where ${type} text belongs`)
}

function describe(value: SourceValue): string {
  if (Buffer.isBuffer(value)) return `a BLOB of ${value.length} bytes`
  if (typeof value === 'string') return 'text'
  return typeof value === 'bigint' ? `the integer ${value}` : `the real ${value}`
}

/**
 * The text a value of a PostgreSQL column of `type` is compared by, computed from the SQLite value here and
 * from the stored value by readBackExpression in PostgreSQL: PostgreSQL's own text output (`::text`, with
 * DateStyle ISO), text with NUL as PostgreSQL stores it (U+FFFD, see storable), bytes as their SHA-256 (a
 * photo need not cross the network twice).
 */
export function canonical(value: SourceValue, type: string): string | null {
  if (value === null) return null
  if (type === 'boolean') return value === 1n ? 'true' : 'false'
  if (type === 'bytea') return createHash('sha256').update(value as Buffer).digest('hex')
  if (type === 'uuid') return String(value).toLowerCase()
  // Compared to 12 decimals, as readBackExpression rounds: the two sides write a float's text differently.
  if (type === 'double precision') return Number(value).toFixed(12)
  return typeof value === 'string' ? (storable(value) as string) : String(value)
}

/** The SQL that reads a stored column as canonical() gives its source value. */
export function readBackExpression(column: string, type: string): string {
  if (type === 'double precision') return `round(${column}::numeric, 12)::text`
  return type === 'bytea' ? `encode(sha256(${column}), 'hex')` : `${column}::text`
}
