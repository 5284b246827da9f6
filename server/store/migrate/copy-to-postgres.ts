import { openDatabase, type Queryable } from '../postgres/database'
import { migrate } from '../postgres/migrate'
import { copyTable, type Progress, quote, readBack, resetSequences } from './copy-rows'
import { readTargetSchema } from './postgres-schema'
import { AFTER_COPY, SOURCE_ONLY, TARGET_ONLY } from './schema-map'
import { openSqliteSnapshot } from './sqlite-source'
import { planCopy, type TablePlan } from './table-plan'

export interface TableReport {
  table: string
  /** Rows read from SQLite and rows read back from PostgreSQL. */
  sourceRows: number
  targetRows: number
  sourceChecksum: string
  targetChecksum: string
  ok: boolean
}

export interface CopyReport {
  /** In the order copied. */
  tables: TableReport[]
  /** Tables on one side only, left as schema-map.ts says, with the reason. */
  notCopied: { table: string; side: 'SQLite' | 'PostgreSQL'; reason: string }[]
}

/** The copy did not happen, and the target is as it was; the message says why, for the person at the terminal. */
export class MigrationError extends Error {
  constructor(
    message: string,
    /** When verification failed: every table's figures, the failing ones not ok. */
    readonly report?: CopyReport,
  ) {
    super(message)
  }
}

export interface CopyOptions {
  /** The SQLite file. */
  from: string
  /** postgres:// URL of the target database: migrated here, and refused unless its tables are empty. */
  to: string
  onProgress?: Progress
  /** For tests only: runs in the copy's transaction after the copy, before the read-back (to corrupt a row). */
  beforeVerify?: (client: Queryable) => Promise<void>
}

/**
 * Copies a department's data from the SQLite file into an empty PostgreSQL database in one transaction: the
 * schemas matched column by column (table-plan.ts), every table copied in dependency order from one SQLite
 * snapshot, then read back from PostgreSQL before COMMIT and compared table by table (rows and checksum). Any
 * difference rolls everything back.
 */
export async function copySqliteToPostgres(options: CopyOptions): Promise<CopyReport> {
  const snapshot = openSqliteSnapshot(options.from)
  const db = openDatabase(options.to, migrate)
  try {
    await db.ready
    const report = await db.transaction(async (client) => {
      // Dates read back as YYYY-MM-DD whatever the server's default; a million rows take longer than a timeout meant for requests.
      await client.query("SET LOCAL DateStyle = 'ISO, YMD'")
      await client.query('SET LOCAL statement_timeout = 0')
      const plans = planCopy(snapshot.schema, await readTargetSchema(client))
      // Instances already started on the target wait until COMMIT instead of writing between the check and the copy.
      await client.query(`LOCK TABLE ${plans.map((p) => quote(p.name)).join(', ')} IN EXCLUSIVE MODE`)
      await refuseUnlessEmpty(client, plans)
      const sums = new Map<string, Awaited<ReturnType<typeof copyTable>>>()
      for (const plan of plans) {
        if (plan.writtenByMigrations) await client.query(`DELETE FROM ${quote(plan.name)} WHERE ${plan.writtenByMigrations}`)
        sums.set(plan.name, await copyTable(client, snapshot, plan, options.onProgress ?? (() => {})))
        await resetSequences(client, plan)
      }
      for (const sql of AFTER_COPY) await client.query(sql)
      await options.beforeVerify?.(client)
      const tables: TableReport[] = []
      for (const plan of plans) {
        const source = sums.get(plan.name)!
        const target = await readBack(client, plan)
        tables.push({
          table: plan.name,
          sourceRows: source.rows,
          targetRows: target.rows,
          sourceChecksum: source.digest,
          targetChecksum: target.digest,
          ok: source.rows === target.rows && source.digest === target.digest,
        })
      }
      const result: CopyReport = { tables, notCopied: notCopied(snapshot.schema.tables.map((t) => t.name), snapshot.schema.virtualTables, plans) }
      const failed = tables.filter((t) => !t.ok).map((t) => t.table)
      if (failed.length > 0) throw new MigrationError(`verification failed for ${failed.join(', ')}: nothing was copied (rolled back)`, result)
      return result
    })
    // Fresh statistics for the planner: a database loaded in one transaction has none yet.
    for (const { table } of report.tables) await db.query(`ANALYZE ${quote(table)}`)
    return report
  } finally {
    snapshot.close()
    await db.close()
  }
}

async function refuseUnlessEmpty(client: Queryable, plans: TablePlan[]): Promise<void> {
  const holding: string[] = []
  for (const plan of plans) {
    const where = plan.writtenByMigrations ? ` WHERE NOT (${plan.writtenByMigrations})` : ''
    const { rows } = await client.query(`SELECT 1 FROM ${quote(plan.name)}${where} LIMIT 1`)
    if (rows.length > 0) holding.push(plan.name)
  }
  if (holding.length > 0) {
    throw new MigrationError(
      `the target database is not empty: ${holding.join(', ')} ${holding.length === 1 ? 'holds' : 'hold'} rows. ` +
        'Copy into a new, empty database (createdb), never over one in use; nothing was changed.',
    )
  }
}

function notCopied(sourceTables: string[], virtualTables: string[], plans: TablePlan[]): CopyReport['notCopied'] {
  const copied = new Set(plans.map((p) => p.name))
  return [
    ...[...sourceTables, ...virtualTables].filter((t) => t in SOURCE_ONLY).map((table) => ({ table, side: 'SQLite' as const, reason: SOURCE_ONLY[table]! })),
    ...Object.entries(TARGET_ONLY)
      .filter(([table]) => !copied.has(table))
      .map(([table, reason]) => ({ table, side: 'PostgreSQL' as const, reason })),
  ]
}
