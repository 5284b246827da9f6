import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { promisify } from 'node:util'
import { Client } from 'pg'
import { BackupError, type TableCounts } from '../sqlite/backup'

const run = promisify(execFile)

/** PostgreSQL's own tools (Debian's postgresql-client), which read the password from the URL or ~/.pgpass. */
async function tool(program: 'pg_dump' | 'pg_restore', args: string[]): Promise<string> {
  try {
    return (await run(program, args, { maxBuffer: 64 * 1024 * 1024 })).stdout
  } catch (error) {
    const { code, stderr } = error as { code?: string; stderr?: string }
    if (code === 'ENOENT') throw new BackupError(`${program} not found: apt-get install postgresql-client`)
    throw new BackupError(`${program} failed: ${(stderr ?? String(error)).trim().split('\n').slice(0, 5).join('; ')}`)
  }
}

/** Rows per table of the database at `url`, for the person at the terminal to compare. */
export async function countPostgresTables(url: string): Promise<TableCounts> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    const tables = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    const counts: TableCounts = {}
    for (const { name } of tables.rows) {
      counts[name] = Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`)).rows[0]!.n)
    }
    return counts
  } finally {
    await client.end()
  }
}

/**
 * `pg_dump --format=custom` of the running database (one consistent snapshot, while the instances go on
 * writing), then `pg_restore --list` to be sure the file reads back whole. Never overwrites a file.
 */
export async function backupPostgres(url: string, to: string): Promise<number> {
  if (existsSync(to)) throw new BackupError(`${to} exists: a backup never overwrites a file`)
  await tool('pg_dump', ['--format=custom', '--no-owner', `--file=${to}`, `--dbname=${url}`])
  const entries = (await tool('pg_restore', ['--list', to])).split('\n').filter((line) => / TABLE DATA /.test(line))
  return entries.length
}

/**
 * Restores a backup into the database at `url` in one transaction, so that a failure leaves the database as it
 * was. A database that already holds hailong's tables is replaced only when `replace` is given (the
 * instances stopped first).
 */
export async function restorePostgres(from: string, url: string, replace: boolean): Promise<TableCounts> {
  if (!existsSync(from)) throw new BackupError(`${from} does not exist`)
  await tool('pg_restore', ['--list', from])
  const present = Object.keys(await countPostgresTables(url)).length > 0
  if (present && !replace) throw new BackupError('the database holds tables: stop the instances and pass --replace to put the backup in their place')
  await tool('pg_restore', ['--exit-on-error', '--single-transaction', '--no-owner', ...(present ? ['--clean', '--if-exists'] : []), `--dbname=${url}`, from])
  return countPostgresTables(url)
}
