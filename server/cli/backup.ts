// Backs up the store named by DATABASE_URL while the server runs: `npm run backup -- --to <file>`; puts a
// backup back with the server stopped: `npm run backup -- --restore <file> [--replace]`. Each prints the
// rows per table of the checked copy.
import { parseArgs } from 'node:util'
import { BackupError, backupSqlite, restoreSqlite, type TableCounts } from '../store/sqlite/backup'

const USAGE = 'usage: npm run backup -- --to <file>  |  npm run backup -- --restore <file> [--replace]'

function fail(message: string, code = 1): never {
  console.error(message)
  process.exit(code)
}

function print(counts: TableCounts): void {
  for (const [table, rows] of Object.entries(counts)) console.log(`${table}\t${rows}`)
}

let args
try {
  args = parseArgs({ options: { to: { type: 'string' }, restore: { type: 'string' }, replace: { type: 'boolean' }, help: { type: 'boolean' } } }).values
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2)
}
if (args.help) fail(USAGE, 0)
if (!args.to === !args.restore) fail(USAGE, 2)

const url = process.env.DATABASE_URL ?? 'sqlite:data/hailong.sqlite'
if (!url.startsWith('sqlite:')) fail(`DATABASE_URL: backups of ${url.split(':')[0]} stores are not built yet; use sqlite:<path>`, 2)
const path = url.slice('sqlite:'.length)

try {
  if (args.to) {
    print(await backupSqlite(path, args.to))
    console.log(`Backed up ${path} to ${args.to}: integrity check ok.`)
  } else {
    print(restoreSqlite(args.restore!, path, args.replace ?? false))
    console.log(`Restored ${args.restore} as ${path}: integrity check ok. Start the server again.`)
  }
} catch (error) {
  if (error instanceof BackupError) fail(error.message)
  throw error
}
