import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { countRows, createTestApp, getStats, officialResponse, postResponses, quickResponse, type TestApp, withDb } from './test-app'

const ROOT = join(import.meta.dirname, '..', '..')

let t: TestApp | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

function integrity(path: string): string[] {
  return withDb(path, (db) => (db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[]).map((r) => r.integrity_check))
}

describe('durability of acknowledged responses', () => {
  it('post /responses keeps every acknowledged response across closing and reopening the store', async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
    const items = [...Array.from({ length: 30 }, () => quickResponse({ submittedAt: '2026-06-30T16:30:00.000Z' })), officialResponse([2, 2, 1, 1, 0, 0], 'satisfied', { submittedAt: '2026-06-30T16:30:00.000Z', dossier: 'hs-1' })]
    expect((await postResponses(t.app, items)).every((r) => r.status === 'stored')).toBe(true)
    const query = { from: '2026-06-30', to: '2026-06-30', groupBy: 'question' }
    const before = await getStats(t, query)

    await t.reopen()
    expect(countRows(t.path, 'responses')).toBe(31)
    expect(await getStats(t, query)).toEqual(before)
    // Still idempotent and still one rating per dossier after the restart.
    expect((await postResponses(t.app, items.slice(0, 2))).map((r) => r.status)).toEqual(['duplicate', 'duplicate'])
    expect((await postResponses(t.app, [quickResponse({ dossier: 'HS-1' })]))[0]?.status).toBe('dossier_already_rated')
    expect(integrity(t.path)).toEqual(['ok'])
  })

  it('opens the database in WAL mode with the schema migrated, and passes PRAGMA integrity_check', async () => {
    t = await createTestApp()
    await postResponses(t.app, [quickResponse()])
    withDb(t.path, (db) => {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1)
      expect(db.pragma('foreign_key_check')).toEqual([])
    })
    expect(integrity(t.path)).toEqual(['ok'])
  })

  it('keeps every acknowledged response when the server process is killed with SIGKILL right after acknowledging', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hailong-kill-'))
    const path = join(dir, 'killed.sqlite')
    try {
      const child = promisify(execFile)(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/server/durability-child.ts'), path], { cwd: ROOT })
      const failure = await child.then(
        () => new Error('the child exited normally instead of being killed'),
        (error: { signal?: string; stdout?: string }) => error,
      )
      expect((failure as { signal?: string }).signal).toBe('SIGKILL')
      const acked = JSON.parse((failure as { stdout: string }).stdout) as string[]
      expect(acked).toHaveLength(40 * 3)
      expect(integrity(path)).toEqual(['ok'])
      const present = withDb(path, (db) => new Set((db.prepare('SELECT id FROM responses').all() as { id: string }[]).map((r) => r.id)))
      expect(acked.filter((id) => !present.has(id))).toEqual([])
      expect(present.size).toBe(acked.length)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 30_000)
})
