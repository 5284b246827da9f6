import { type CustomTypesConfig, Pool, type QueryResult, type QueryResultRow, types } from 'pg'

/**
 * A statement by its text, or named: a named one is parsed and planned once per connection, then only
 * executed (for the statements every request's work sends, whose planning costs more than their running).
 */
export type Statement = string | { name: string; text: string }

/** What runs a query: the store's database, or one client inside a transaction. */
export interface Queryable {
  query<R extends QueryResultRow>(text: Statement, values?: unknown[]): Promise<QueryResult<R>>
}

/** int8 and numeric are text by default (they may exceed 2^53); our counts and epoch milliseconds never do. */
const toNumber = (text: string) => Number(text)
/** Dates stay YYYY-MM-DD text, as the API and the SQLite store give them, never a Date at local midnight. */
const asText = (text: string) => text

/** How values come back from PostgreSQL; also what tests reading the database directly use. */
export const PG_TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === types.builtins.INT8 || oid === types.builtins.NUMERIC) return toNumber
    if (oid === types.builtins.DATE) return asText
    return types.getTypeParser(oid, format)
  }) as CustomTypesConfig['getTypeParser'],
}

/**
 * PostgreSQL's text holds no NUL character, and a parameter with one fails the whole statement: a feedback
 * description or a typed username would fail its request, and a device would resend the batch for ever.
 * SQLite keeps the NUL; here it becomes U+FFFD, the character that stands for one that cannot be shown, so
 * that the text is stored and a lookup simply finds nothing (no stored text holds a NUL).
 */
export function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value
  if (Array.isArray(value)) return value.map(storable)
  return value
}

function withStorableValues(client: Queryable): Queryable {
  return { query: (text, values) => client.query(text, values?.map(storable)) }
}

/** serialization_failure and deadlock_detected: the transaction did nothing and may simply run again. */
const RETRYABLE = new Set(['40001', '40P01'])
const ATTEMPTS = 5

/** Every query waits until the schema is migrated. */
export interface Database extends Queryable {
  /** Rows of a query. */
  rows<R extends QueryResultRow>(text: Statement, values?: unknown[]): Promise<R[]>
  /**
   * Runs `work` in one READ COMMITTED transaction and resolves after COMMIT returned, that is, once the
   * commit is durable (synchronous_commit is on by default). Runs it again, from the start, when PostgreSQL
   * reports a serialization failure or a deadlock, so that no write fails because another ran at once.
   */
  transaction<T>(work: (client: Queryable) => Promise<T>): Promise<T>
  /**
   * Runs `work`, which sends one statement, as its own transaction: durable once it resolves, as after a
   * COMMIT, without the two round trips of BEGIN and COMMIT. Run again as `transaction` is, on the same errors.
   */
  statement<T>(work: (client: Queryable) => Promise<T>): Promise<T>
  /** The migration, or its failure: a store whose schema could not be brought up to date refuses everything. */
  ready: Promise<void>
  close(): Promise<void>
}

export function openDatabase(url: string, migrate: (pool: Pool) => Promise<unknown>): Database {
  const pool = new Pool({ connectionString: url, types: PG_TYPES })
  // An idle client that loses its connection (a restarted server) emits here; without a listener the process
  // would crash. The next query gets a new connection.
  pool.on('error', () => {})
  const ready = migrate(pool).then(() => undefined)
  // Callers hear of a failed migration through their own queries; this keeps it from being unhandled meanwhile.
  ready.catch(() => {})

  async function transaction<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    await ready
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await work(withStorableValues(client))
        await client.query('COMMIT')
        client.release()
        return result
      } catch (error) {
        // A connection that cannot even roll back is broken: the pool closes it instead of lending it again.
        const rolledBack = await client.query('ROLLBACK').then(
          () => true,
          () => false,
        )
        client.release(rolledBack ? undefined : (error as Error))
        if (attempt >= ATTEMPTS || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error
      }
    }
  }

  async function statement<T>(work: (client: Queryable) => Promise<T>): Promise<T> {
    await ready
    const client = withStorableValues(pool)
    for (let attempt = 1; ; attempt++) {
      try {
        return await work(client)
      } catch (error) {
        if (attempt >= ATTEMPTS || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error
      }
    }
  }

  return {
    ready,
    statement,
    async query(text, values) {
      await ready
      return pool.query(text, values?.map(storable))
    },
    async rows(text, values) {
      await ready
      return (await pool.query(text, values?.map(storable))).rows
    },
    transaction,
    async close() {
      await ready.catch(() => {})
      await pool.end()
    },
  }
}
