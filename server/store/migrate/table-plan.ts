import { KNOWN_TYPES } from './column-values'
import type { TargetTable } from './postgres-schema'
import { DERIVED, SOURCE_ONLY, TARGET_ONLY, WRITTEN_BY_MIGRATIONS } from './schema-map'
import type { SourceRow, SourceSchema } from './sqlite-source'

export interface ColumnPlan {
  name: string
  /** The PostgreSQL type: how the value is converted and compared (column-values.ts). */
  type: string
  /**
   * copied: read from SQLite and written; derived: computed from the SQLite row and written (schema-map.ts);
   * generated: computed by both databases, compared but never written.
   */
  kind: 'copied' | 'derived' | 'generated'
  derive?: (row: SourceRow) => string
  /** Points at a row of its own table, which may come later: written once every row is in. */
  selfReference: boolean
}

export interface TablePlan {
  name: string
  /** Every compared column, in the target's order. */
  columns: ColumnPlan[]
  /** What is read from SQLite: the copied and the generated columns, and what derived ones need. */
  sourceColumns: string[]
  primaryKey: string[]
  identity: boolean
  /** Sequences to move past the copied ids, with their column. */
  sequences: { column: string; sequence: string }[]
  /** Rows the migrations wrote (schema-map.ts), as a WHERE condition. */
  writtenByMigrations: string | undefined
}

/** The schemas do not correspond: every difference the copy does not know, one per line. */
export class SchemaMismatch extends Error {
  constructor(readonly problems: string[]) {
    super(
      `the SQLite and PostgreSQL schemas differ in what the copy does not know:\n  ${problems.join('\n  ')}\n` +
        'A SQLite file from an older release: start the server on it once, so that its migrations run. A new migration on either side: ' +
        'teach server/store/migrate/schema-map.ts where its data goes.',
    )
  }
}

/**
 * Matches the two schemas table by table and column by column, and orders the tables so that every row's
 * foreign keys point at rows copied before it. Throws SchemaMismatch naming every table or column that is on one
 * side only and not accounted for in schema-map.ts, and every type the copy cannot convert.
 */
export function planCopy(source: SourceSchema, target: TargetTable[]): TablePlan[] {
  const problems: string[] = []
  const sourceTables = new Map(source.tables.map((t) => [t.name, t]))
  const targetTables = new Map(target.map((t) => [t.name, t]))
  for (const name of source.virtualTables) if (!(name in SOURCE_ONLY)) problems.push(`SQLite virtual table ${name} is not in PostgreSQL`)
  for (const name of sourceTables.keys()) if (!targetTables.has(name) && !(name in SOURCE_ONLY)) problems.push(`SQLite table ${name} is not in PostgreSQL`)
  for (const name of targetTables.keys()) if (!sourceTables.has(name) && !(name in TARGET_ONLY)) problems.push(`PostgreSQL table ${name} is not in SQLite`)

  const plans: TablePlan[] = []
  for (const table of target) {
    const from = sourceTables.get(table.name)
    if (!from || table.name in TARGET_ONLY) continue
    const sourceColumns = new Map(from.columns.map((c) => [c.name, c]))
    const derived = DERIVED[table.name] ?? {}
    const selfReferencing = new Set(table.references.filter((r) => r.table === table.name).flatMap((r) => r.columns))
    const columns: ColumnPlan[] = []
    for (const column of table.columns) {
      const where = `${table.name}.${column.name}`
      if (!KNOWN_TYPES.has(column.type)) problems.push(`${where} is of type ${column.type}, which the copy does not convert`)
      const counterpart = sourceColumns.get(column.name)
      const derive = derived[column.name]
      let kind: ColumnPlan['kind'] | undefined
      if (column.generated) {
        // Computed from the copied columns; compared when SQLite computes it too.
        if (counterpart) kind = 'generated'
      } else if (derive) kind = 'derived'
      else if (counterpart && !counterpart.generated) kind = 'copied'
      else problems.push(counterpart ? `${where} is generated in SQLite, stored in PostgreSQL` : `PostgreSQL column ${where} is not in SQLite`)
      if (kind) columns.push({ name: column.name, type: column.type, kind, derive, selfReference: selfReferencing.has(column.name) })
    }
    const targetColumns = new Set(table.columns.map((c) => c.name))
    for (const column of from.columns) if (!targetColumns.has(column.name)) problems.push(`SQLite column ${table.name}.${column.name} is not in PostgreSQL`)
    plans.push({
      name: table.name,
      columns,
      sourceColumns: from.columns.map((c) => c.name),
      primaryKey: table.primaryKey,
      identity: table.identity,
      sequences: table.columns.flatMap((c) => (c.sequence ? [{ column: c.name, sequence: c.sequence }] : [])),
      writtenByMigrations: WRITTEN_BY_MIGRATIONS[table.name],
    })
  }
  if (problems.length > 0) throw new SchemaMismatch(problems)
  return dependencyOrder(plans, targetTables)
}

/** Parents before children, alphabetical among equals so that every run copies in the same order. */
function dependencyOrder(plans: TablePlan[], tables: Map<string, TargetTable>): TablePlan[] {
  const pending = new Map(plans.map((p) => [p.name, p]))
  const ordered: TablePlan[] = []
  while (pending.size > 0) {
    const ready = [...pending.values()]
      .filter((p) => tables.get(p.name)!.references.every((r) => r.table === p.name || !pending.has(r.table)))
      .sort((a, b) => (a.name < b.name ? -1 : 1))
    if (ready.length === 0) throw new SchemaMismatch([`the foreign keys of ${[...pending.keys()].join(', ')} form a cycle`])
    for (const p of ready) {
      ordered.push(p)
      pending.delete(p.name)
    }
  }
  return ordered
}
