// Backs up the store named by DATABASE_URL (SQLite: online backup; PostgreSQL: pg_dump) while the server runs: `npm run backup -- --to <file>`; puts a
// backup back with the server stopped: `npm run backup -- --restore <file> [--replace]`. Each prints the
// rows per table of the checked copy.
import { parseArgs } from 'node:util'
import { backupPostgres, countPostgresTables, restorePostgres } from '../store/postgres/backup'
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
const path = url.slice('sqlite:'.length)
// Never printed: a PostgreSQL URL may hold a password.
const store = url.startsWith('sqlite:') ? path : 'the PostgreSQL database'

try {
  if (url.startsWith('postgres')) {
    if (args.to) {
      const tables = await backupPostgres(url, args.to)
      print(await countPostgresTables(url))
      console.log(`Backed up ${store} to ${args.to} (pg_dump, custom format): ${tables} tables' data, read back by pg_restore --list.`)
    } else {
      print(await restorePostgres(args.restore!, url, args.replace ?? false))
      console.log(`Restored ${args.restore} into ${store}. Start the instances again.`)
    }
  } else if (args.to) {
    print(await backupSqlite(path, args.to))
    console.log(`Backed up ${store} to ${args.to}: integrity check ok.`)
  } else {
    print(restoreSqlite(args.restore!, path, args.replace ?? false))
    console.log(`Restored ${args.restore} as ${store}: integrity check ok. Start the server again.`)
  }
} catch (error) {
  if (error instanceof BackupError) fail(error.message)
  throw error
}
