// Copies a department's data from the SQLite store into an empty PostgreSQL database, checked table by table
// before it commits: `npm run migrate-store -- --from sqlite:<file> --to postgres://…`. The SQLite file may be
// in use (it is read in one snapshot); the PostgreSQL database is migrated and must hold no data yet.
import { parseArgs } from 'node:util'
import { SchemaMismatch } from '../store/migrate/table-plan'
import { type CopyReport, copySqliteToPostgres, MigrationError } from '../store/migrate/copy-to-postgres'

const USAGE = 'usage: npm run migrate-store -- --from sqlite:<file> --to postgres://<user>@<host>/<database>'

function fail(message: string, code = 1): never {
  console.error(message)
  process.exit(code)
}

/** The URL without its password, for messages: `postgres://user@host:5432/db`. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url)
    parsed.password = ''
    return parsed.toString()
  } catch {
    return 'the PostgreSQL database'
  }
}

function printTable(report: CopyReport): void {
  const width = Math.max(...report.tables.map((t) => t.table.length), 'table'.length)
  console.log(`${'table'.padEnd(width)}  ${'rows'.padStart(10)}  checksum`)
  for (const t of report.tables) {
    const rows = t.sourceRows === t.targetRows ? String(t.sourceRows) : `${t.sourceRows}→${t.targetRows}`
    console.log(`${t.table.padEnd(width)}  ${rows.padStart(10)}  ${t.ok ? 'ok' : `MISMATCH (SQLite ${t.sourceChecksum.slice(0, 12)}…, PostgreSQL ${t.targetChecksum.slice(0, 12)}…)`}`)
  }
  for (const n of report.notCopied) console.log(`not copied: ${n.side} table ${n.table} (${n.reason})`)
}

let args
try {
  args = parseArgs({ options: { from: { type: 'string' }, to: { type: 'string' }, help: { type: 'boolean' } } }).values
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2)
}
if (args.help) fail(USAGE, 0)
if (!args.from?.startsWith('sqlite:') || args.from.length === 'sqlite:'.length) fail(`--from must be sqlite:<file>\n${USAGE}`, 2)
if (!args.to || !/^postgres(ql)?:\/\//.test(args.to) || !URL.canParse(args.to)) fail(`--to must be a postgres:// or postgresql:// URL\n${USAGE}`, 2)

const from = args.from.slice('sqlite:'.length)
const to = args.to
const target = withoutPassword(to)
const password = new URL(to).password
/** Whatever a driver puts in an error, the password never reaches the terminal. */
const scrub = (text: string) => (password ? text.replaceAll(password, '***').replaceAll(decodeURIComponent(password), '***') : text)

console.log(`Copying ${from} into ${target}`)
try {
  const report = await copySqliteToPostgres({
    from,
    to,
    onProgress: ({ table, rows, done }) => console.log(done ? `  ${table}: ${rows} rows copied` : `  ${table}: ${rows} rows…`),
  })
  console.log('Verified (read back from PostgreSQL before COMMIT):')
  printTable(report)
  console.log(`Done: ${report.tables.length} tables copied and verified into ${target}.`)
} catch (error) {
  if (error instanceof MigrationError && error.report) printTable(error.report)
  const known = error instanceof MigrationError || error instanceof SchemaMismatch
  fail(scrub(`migrate-store failed: ${(error as Error).message}${known ? '' : `\n${(error as Error).stack ?? ''}`}`))
}
