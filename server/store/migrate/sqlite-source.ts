import { existsSync } from 'node:fs'
import Database from 'better-sqlite3'

/** A value as better-sqlite3 reads it with safeIntegers: integers as bigint, so that none loses precision. */
export type SourceValue = string | bigint | number | Buffer | null
export type SourceRow = Record<string, SourceValue>

export interface SourceTable {
  name: string
  /** Declared order; generated columns flagged (SQLite computes them, the copy never writes them). */
  columns: { name: string; generated: boolean }[]
}

export interface SourceSchema {
  tables: SourceTable[]
  /** FTS5 and other virtual tables: their shadow tables are part of them, not tables of their own. */
  virtualTables: string[]
}

/** The SQLite file being copied, read in one read transaction: every table as it stood at one moment. */
export interface SqliteSnapshot {
  schema: SourceSchema
  /** The rows of `table`, `columns` each, one at a time (the table is never held in memory). */
  rows(table: string, columns: readonly string[]): IterableIterator<SourceRow>
  close(): void
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`

/**
 * Opens `path` read-only and starts the read transaction that every later read runs in. The server may go
 * on writing meanwhile (WAL): the snapshot keeps what was committed when it began.
 */
export function openSqliteSnapshot(path: string): SqliteSnapshot {
  if (!existsSync(path)) throw new Error(`${path} does not exist`)
  const db = new Database(path, { readonly: true, fileMustExist: true })
  try {
    db.pragma('busy_timeout = 5000')
    db.exec('BEGIN')
    // A deferred transaction takes its snapshot at its first read.
    const list = db.prepare<[], { name: string; type: string }>("SELECT name, type FROM pragma_table_list WHERE schema = 'main'").all()
    const tables = list
      .filter((t) => t.type === 'table' && !t.name.startsWith('sqlite_'))
      .map((t) => ({
        name: t.name,
        columns: db
          .prepare<[string], { name: string; hidden: number }>('SELECT name, hidden FROM pragma_table_xinfo(?) ORDER BY cid')
          .all(t.name)
          // hidden 2 and 3: generated columns, virtual and stored.
          .map((c) => ({ name: c.name, generated: c.hidden === 2 || c.hidden === 3 })),
      }))
    const virtualTables = list.filter((t) => t.type === 'virtual').map((t) => t.name)
    return {
      schema: { tables, virtualTables },
      rows(table, columns) {
        const statement = db.prepare(`SELECT ${columns.map(quote).join(', ')} FROM ${quote(table)}`)
        return statement.safeIntegers(true).iterate() as IterableIterator<SourceRow>
      },
      close() {
        if (db.inTransaction) db.exec('ROLLBACK')
        db.close()
      },
    }
  } catch (error) {
    db.close()
    throw new Error(`${path} cannot be read as a SQLite database: ${(error as Error).message}`, { cause: error })
  }
}
