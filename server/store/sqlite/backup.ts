import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs'
import Database from 'better-sqlite3'

/** Rows per table of a checked copy: what the backup and restore commands print. */
export type TableCounts = Record<string, number>

/** A backup or restore that must not go on; the message says why, for the person at the terminal. */
export class BackupError extends Error {}

/**
 * Opens `path` read-only and checks it page by page (`PRAGMA integrity_check`): a copy is only worth keeping,
 * or putting in place, if it is whole. Returns its rows per table.
 */
export function checkSqliteCopy(path: string): TableCounts {
  if (!existsSync(path)) throw new BackupError(`${path} does not exist`)
  let db: Database.Database
  try {
    db = new Database(path, { readonly: true, fileMustExist: true })
  } catch (error) {
    throw new BackupError(`${path} is not a SQLite database: ${(error as Error).message}`)
  }
  try {
    const problems = db.prepare<[], { integrity_check: string }>('PRAGMA integrity_check').all().map((r) => r.integrity_check)
    if (problems.join() !== 'ok') throw new BackupError(`${path} fails the integrity check: ${problems.slice(0, 5).join('; ')}`)
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .all()
    const counts: TableCounts = {}
    for (const { name } of tables) counts[name] = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM "${name.replaceAll('"', '""')}"`).get()!.n
    return counts
  } catch (error) {
    if (error instanceof BackupError) throw error
    throw new BackupError(`${path} cannot be read: ${(error as Error).message}`)
  } finally {
    db.close()
  }
}

/**
 * Copies the database at `path` to `to` with SQLite's online backup, page by page, while the server goes on
 * writing (a plain file copy of a database in WAL mode can miss what is still in the -wal file), then checks
 * the copy. Never overwrites a file.
 */
export async function backupSqlite(path: string, to: string): Promise<TableCounts> {
  if (existsSync(to)) throw new BackupError(`${to} exists: a backup never overwrites a file`)
  if (!existsSync(path)) throw new BackupError(`${path} does not exist`)
  const source = new Database(path, { readonly: true, fileMustExist: true })
  try {
    await source.backup(to)
  } finally {
    source.close()
  }
  return checkSqliteCopy(to)
}

/**
 * Puts the backup `from` in place as the database at `path`, once it has passed the check. The server must
 * be stopped: its open connections would go on writing to the file that is replaced. An existing database is
 * replaced only when `replace` is given; the copy is written beside it and renamed over it, so the database
 * is never half restored, and its -wal and -shm files (of the old contents) are removed first.
 */
export function restoreSqlite(from: string, path: string, replace: boolean): TableCounts {
  checkSqliteCopy(from)
  if (existsSync(path) && !replace) {
    throw new BackupError(`${path} exists: stop the server and pass --replace to put the backup in its place`)
  }
  const restoring = `${path}.restoring`
  copyFileSync(from, restoring)
  for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
  renameSync(restoring, path)
  return checkSqliteCopy(path)
}
