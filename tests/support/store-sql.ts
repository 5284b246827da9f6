import Database from 'better-sqlite3'
import { Client } from 'pg'
import { PG_TYPES } from '../../server/store/postgres/database'

export type SqlRows = Record<string, unknown>[]

/**
 * Runs SQL on the database a DATABASE_URL names (`sqlite:<path>` or `postgres://…`) through a connection of
 * its own, as an operator's shell would: `?` marks the parameters, and the SQL must mean the same to SQLite
 * and PostgreSQL. The tests read and change rows through this on either store (createTestApp's `t.sql`, the
 * e2e harness's `server.sql`).
 */
export async function storeSql(databaseUrl: string, sql: string, params: unknown[] = []): Promise<SqlRows> {
  if (databaseUrl.startsWith('sqlite:')) {
    const db = new Database(databaseUrl.slice('sqlite:'.length), { fileMustExist: true })
    try {
      const statement = db.prepare(sql)
      if (statement.reader) return statement.all(...params) as SqlRows
      statement.run(...params)
      return []
    } finally {
      db.close()
    }
  }
  const client = new Client({ connectionString: databaseUrl, types: PG_TYPES })
  await client.connect()
  try {
    let n = 0
    return (await client.query(sql.replace(/\?/g, () => `$${++n}`), params)).rows
  } finally {
    await client.end()
  }
}

/** Rows of a table, with an optional WHERE clause in the same terms as storeSql. */
export async function storeCount(databaseUrl: string, table: string, where = '1 = 1', params: unknown[] = []): Promise<number> {
  const [row] = await storeSql(databaseUrl, `SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params)
  return Number(row!.n)
}
