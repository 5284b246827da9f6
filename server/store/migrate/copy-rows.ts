import type { Queryable } from '../postgres/database'
import { TableChecksum } from './checksum'
import { canonical, readBackExpression, toParameter, ValueError } from './column-values'
import type { ColumnPlan, TablePlan } from './table-plan'
import type { SourceRow, SqliteSnapshot } from './sqlite-source'

/** Rows per INSERT, and bytes: a batch of photos (up to 2 MiB each) is bounded by its size, not its rows. */
const BATCH_ROWS = 1000
const BATCH_BYTES = 8 * 1024 * 1024
/** Rows per FETCH of the read-back: photos are read as their SHA-256, so rows stay small. */
const FETCH_ROWS = 2000

export const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/**
 * Rows gathered column by column and written with one INSERT … SELECT FROM unnest(one array per column), as
 * the PostgreSQL store writes responses: a few parameters a statement whatever the number of rows.
 */
class UnnestBatch {
  private arrays: unknown[][]
  private bytes = 0
  private readonly sql: string

  constructor(table: string, columns: { name: string; type: string }[], overriding: boolean) {
    this.arrays = columns.map(() => [])
    const unnest = columns.map((c, i) => `$${i + 1}::${c.type}[]`).join(', ')
    this.sql = `INSERT INTO ${quote(table)} (${columns.map((c) => quote(c.name)).join(', ')})${overriding ? ' OVERRIDING SYSTEM VALUE' : ''}
      SELECT * FROM unnest(${unnest})`
  }

  async add(client: Queryable, values: unknown[]): Promise<void> {
    values.forEach((value, i) => {
      this.arrays[i]!.push(value)
      this.bytes += typeof value === 'string' || Buffer.isBuffer(value) ? value.length : 8
    })
    if (this.arrays[0]!.length >= BATCH_ROWS || this.bytes >= BATCH_BYTES) await this.flush(client)
  }

  async flush(client: Queryable): Promise<void> {
    if (this.arrays[0]!.length === 0) return
    const arrays = this.arrays
    this.arrays = arrays.map(() => [])
    this.bytes = 0
    await client.query(this.sql, arrays)
  }
}

export type Progress = (event: { table: string; rows: number; done: boolean }) => void
const PROGRESS_EVERY = 100_000

/**
 * Copies one table from the snapshot, in batches, and returns the checksum of what it read. Columns that point
 * at rows of their own table (feedback.duplicate_of) are written NULL first and set once every row is in, since
 * the row they point at may come later.
 */
export async function copyTable(client: Queryable, snapshot: SqliteSnapshot, plan: TablePlan, progress: Progress): Promise<TableChecksum> {
  const written = plan.columns.filter((c) => c.kind !== 'generated')
  const batch = new UnnestBatch(plan.name, written, plan.identity)
  const selfReferences = written.filter((c) => c.selfReference)
  const pending = selfReferences.length > 0 ? await pendingTable(client, plan, selfReferences) : undefined
  const checksum = new TableChecksum()
  for (const row of snapshot.rows(plan.name, plan.sourceColumns)) {
    const values: unknown[] = []
    const texts: (string | null)[] = []
    let late: unknown[] | undefined
    for (const column of plan.columns) {
      const value = column.derive ? column.derive(row) : (row[column.name] ?? null)
      texts.push(canonical(value, column.type))
      if (column.kind === 'generated') continue
      let parameter = convert(plan, column, row, value)
      if (column.selfReference && parameter !== null) {
        late ??= plan.primaryKey.map((key) => convert(plan, plan.columns.find((c) => c.name === key)!, row, row[key] ?? null))
        parameter = null
      }
      values.push(parameter)
    }
    if (late) await pending!.batch.add(client, [...late, ...selfReferences.map((c) => convert(plan, c, row, row[c.name] ?? null))])
    await batch.add(client, values)
    checksum.add(texts)
    if (checksum.rows % PROGRESS_EVERY === 0) progress({ table: plan.name, rows: checksum.rows, done: false })
  }
  await batch.flush(client)
  if (pending) await pending.apply()
  progress({ table: plan.name, rows: checksum.rows, done: true })
  return checksum
}

function convert(plan: TablePlan, column: ColumnPlan, row: SourceRow, value: SourceRow[string] | string): unknown {
  try {
    return toParameter(value, column.type)
  } catch (error) {
    if (!(error instanceof ValueError)) throw error
    // Keys are codes, ids and hashes, never personal data.
    const key = plan.primaryKey.length > 0 ? ` in the row ${plan.primaryKey.map((k) => `${k} = ${String(row[k])}`).join(', ')}` : ''
    throw new ValueError(`${plan.name}.${column.name} ${error.message}${key}`, { cause: error })
  }
}

async function pendingTable(client: Queryable, plan: TablePlan, columns: ColumnPlan[]) {
  if (plan.primaryKey.length === 0) throw new Error(`${plan.name} points at its own rows but has no primary key to find them by`)
  const keys = plan.primaryKey.map((name) => plan.columns.find((c) => c.name === name)!)
  const table = `migrate_pending_${plan.name}`
  await client.query(
    `CREATE TEMP TABLE ${quote(table)} ON COMMIT DROP AS SELECT ${[...keys, ...columns].map((c) => quote(c.name)).join(', ')} FROM ${quote(plan.name)} WITH NO DATA`,
  )
  const batch = new UnnestBatch(table, [...keys, ...columns], false)
  return {
    batch,
    async apply() {
      await batch.flush(client)
      await client.query(
        `UPDATE ${quote(plan.name)} t SET ${columns.map((c) => `${quote(c.name)} = p.${quote(c.name)}`).join(', ')}
         FROM ${quote(table)} p WHERE ${keys.map((k) => `t.${quote(k.name)} = p.${quote(k.name)}`).join(' AND ')}`,
      )
    },
  }
}

/** Moves each sequence of the table past the largest id copied, so that the next row the store adds gets a new one. */
export async function resetSequences(client: Queryable, plan: TablePlan): Promise<void> {
  for (const { column, sequence } of plan.sequences) {
    await client.query(`SELECT setval($1::regclass, COALESCE(m, 1), m IS NOT NULL) FROM (SELECT max(${quote(column)}) AS m FROM ${quote(plan.name)}) s`, [sequence])
  }
}

/** The checksum of the table as PostgreSQL holds it now, read through a cursor, with the same canonical text. */
export async function readBack(client: Queryable, plan: TablePlan): Promise<TableChecksum> {
  const select = plan.columns.map((c, i) => `${readBackExpression(quote(c.name), c.type)} AS c${i}`).join(', ')
  await client.query(`DECLARE migrate_verify NO SCROLL CURSOR FOR SELECT ${select} FROM ${quote(plan.name)}`)
  const checksum = new TableChecksum()
  for (;;) {
    const { rows } = await client.query<Record<string, string | null>>(`FETCH ${FETCH_ROWS} FROM migrate_verify`)
    for (const row of rows) checksum.add(plan.columns.map((_, i) => row[`c${i}`]!))
    if (rows.length < FETCH_ROWS) break
  }
  await client.query('CLOSE migrate_verify')
  return checksum
}
