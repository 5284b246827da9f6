import type { Queryable } from '../postgres/database'

export interface TargetColumn {
  name: string
  /** As format_type names it: text, boolean, bigint, json… */
  type: string
  /** GENERATED ALWAYS AS (…) STORED: PostgreSQL computes it. */
  generated: boolean
  /** An identity column or one with a sequence: reset to the copied maximum afterwards. */
  sequence: string | null
}

export interface TargetTable {
  name: string
  columns: TargetColumn[]
  primaryKey: string[]
  /** Tables this one's foreign keys point at, itself included when it points at its own rows. */
  references: { columns: string[]; table: string }[]
  /** Has an identity column: copied ids need OVERRIDING SYSTEM VALUE. */
  identity: boolean
}

/** The tables of the target's current schema (where the store's migrations put them), read from the catalog. */
export async function readTargetSchema(client: Queryable): Promise<TargetTable[]> {
  const { rows: columns } = await client.query<{ table: string; name: string; type: string; generated: string; identity: string; sequence: string | null }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attgenerated AS generated,
        a.attidentity AS identity, pg_get_serial_sequence(quote_ident(c.relname), a.attname) AS sequence
     FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
     WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
     ORDER BY c.relname, a.attnum`,
  )
  const { rows: constraints } = await client.query<{ table: string; kind: string; columns: string[]; target: string | null }>(
    `SELECT c.relname AS table, k.contype AS kind, t.relname AS target,
        ARRAY(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, i) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.i) AS columns
     FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid LEFT JOIN pg_class t ON t.oid = k.confrelid
     WHERE c.relnamespace = current_schema()::regnamespace AND k.contype IN ('p', 'f')`,
  )
  const tables = new Map<string, TargetTable>()
  for (const c of columns) {
    let table = tables.get(c.table)
    if (!table) tables.set(c.table, (table = { name: c.table, columns: [], primaryKey: [], references: [], identity: false }))
    table.columns.push({ name: c.name, type: c.type, generated: c.generated !== '', sequence: c.sequence })
    if (c.identity !== '') table.identity = true
  }
  for (const k of constraints) {
    const table = tables.get(k.table)!
    if (k.kind === 'p') table.primaryKey = k.columns
    else table.references.push({ columns: k.columns, table: k.target! })
  }
  return [...tables.values()]
}
