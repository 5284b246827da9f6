import { execFile } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BackupError, backupSqlite, checkSqliteCopy, restoreSqlite } from '../../server/store/sqlite/backup'
import { countRows, createTestApp, postResponses, quickResponse, type TestApp } from './test-app'

const ROOT = join(import.meta.dirname, '..', '..')
let t: TestApp | undefined

afterEach(async () => {
  await t?.close()
  t = undefined
})

async function appWithResponses(n: number): Promise<TestApp> {
  const app = await createTestApp()
  const results = await postResponses(app.app, Array.from({ length: n }, () => quickResponse()))
  expect(results.every((r) => r.status === 'stored')).toBe(true)
  return app
}

function runBackup(path: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli/backup.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: `sqlite:${path}` } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr }),
    )
  })
}

describe('SQLite backup and restore', () => {
  it('copies the live database while the store stays open, and the copy passes the check with the same rows', async () => {
    t = await appWithResponses(7)
    const to = join(t.dir, 'copy.sqlite')
    const counts = await backupSqlite(t.path, to)
    expect(counts.responses).toBe(7)
    expect(counts.responses).toBe(countRows(t.path, 'responses'))
    expect(counts.response_answers).toBe(countRows(t.path, 'response_answers'))
    // The store goes on writing; the copy keeps what it had.
    await postResponses(t.app, [quickResponse()])
    expect(checkSqliteCopy(to).responses).toBe(7)
  })

  it('never overwrites a file with a backup', async () => {
    t = await appWithResponses(1)
    const to = join(t.dir, 'taken.sqlite')
    writeFileSync(to, 'mine')
    await expect(backupSqlite(t.path, to)).rejects.toThrow(BackupError)
  })

  it('refuses to restore a file that is not a whole database, and leaves the database as it was', async () => {
    t = await appWithResponses(2)
    const broken = join(t.dir, 'broken.sqlite')
    writeFileSync(broken, Buffer.alloc(8192, 7))
    expect(() => restoreSqlite(broken, t!.path, true)).toThrow(BackupError)
    expect(countRows(t.path, 'responses')).toBe(2)
  })

  it('restores into a new path, and over an existing database only when told to', async () => {
    t = await appWithResponses(3)
    const to = join(t.dir, 'copy.sqlite')
    await backupSqlite(t.path, to)
    const fresh = join(t.dir, 'fresh.sqlite')
    expect(restoreSqlite(to, fresh, false).responses).toBe(3)
    await postResponses(t.app, [quickResponse()])
    await t.store.close()
    expect(() => restoreSqlite(to, t!.path, false)).toThrow(/--replace/)
    expect(restoreSqlite(to, t.path, true).responses).toBe(3)
    await t.reopen()
    expect(countRows(t.path, 'responses')).toBe(3)
  })

  it('npm run backup prints the rows per table and refuses what it cannot do', { timeout: 60_000 }, async () => {
    t = await appWithResponses(4)
    const to = join(t.dir, 'cli.sqlite')
    const made = await runBackup(t.path, ['--to', to])
    expect(made.code).toBe(0)
    expect(made.output).toMatch(/^responses\t4$/m)
    expect(made.output).toContain('integrity check ok')
    const again = await runBackup(t.path, ['--to', to])
    expect(again.code).toBe(1)
    expect(again.output).toContain('never overwrites')
    expect((await runBackup(t.path, [])).code).toBe(2)
  })
})
