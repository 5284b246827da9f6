import type Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ANSWER_TABLE_COLUMNS, MIGRATIONS, RESPONSE_TABLE_COLUMNS } from '../../server/store/sqlite/migrations'
import { createTestApp, migrateBackTo, officialResponse, postResponses, quickResponse, type TestApp, withDb } from './test-app'

/**
 * Migration 11 rebuilds the two tables every rating is stored in (see its comment in sqlite/migrations/011-partial-dossier-index.ts). A
 * database made before it must come out with the same rows, and with the same rules: one rating per
 * dossier, an answer row per chosen option.
 */

const rows = (on: Database.Database) => ({
  responses: on.prepare('SELECT * FROM responses ORDER BY id').all(),
  answers: on.prepare('SELECT * FROM response_answers ORDER BY response_id, question_id, value').all(),
})

/** A table as migration 1 made it. */
function original(table: string): string {
  return new RegExp(`CREATE TABLE ${table} \\([\\s\\S]*?\\) WITHOUT ROWID;`).exec(MIGRATIONS[0]!)![0]
}

/** The two tables as migration 1 made them, which is what every database before migration 11 has. */
function backToVersion10(on: Database.Database): void {
  on.pragma('foreign_keys = OFF')
  on.transaction(() => {
    for (const [table, columns] of [['responses', RESPONSE_TABLE_COLUMNS], ['response_answers', ANSWER_TABLE_COLUMNS]] as const) {
      on.exec(original(table).replace(`CREATE TABLE ${table} (`, `CREATE TABLE ${table}_v10 (`))
      on.exec(`INSERT INTO ${table}_v10 (${columns}) SELECT ${columns} FROM ${table}; DROP TABLE ${table}; ALTER TABLE ${table}_v10 RENAME TO ${table};`)
    }
    on.exec('CREATE INDEX responses_by_day ON responses(local_day)')
    migrateBackTo(on, 10)
  })()
}

let t: TestApp
let before: ReturnType<typeof rows>
beforeAll(async () => {
  t = await createTestApp()
  const problems = quickResponse({ answers: { overall: 'unsatisfied', problems: ['fees', 'waiting_time'] } })
  const results = await postResponses(t.app, [
    quickResponse(),
    quickResponse({ dossier: 'HS-2026-001', procedure: 'HPH-LS' }),
    officialResponse([2, 1, 0, 2, 1, 2], 'satisfied', { dossier: 'HS-2026-002' }),
    problems,
  ])
  expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored', 'stored'])
  await t.store.close()
  withDb(t.path, (on) => {
    backToVersion10(on)
    expect(on.prepare("SELECT name FROM sqlite_master WHERE name = 'sqlite_autoindex_responses_2'").get()).toBeDefined()
    before = rows(on)
  })
  await t.reopen()
})
afterAll(() => t.close())

describe('migration 11', () => {
  it('keeps every response and answer row as it was', () => {
    withDb(t.path, (on) => {
      expect(on.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length)
      expect(before.responses).toHaveLength(4)
      expect(before.answers.length).toBeGreaterThan(8)
      // Migration 18, which ran after it, adds each response's channel: qr for everything stored before it.
      const after = rows(on)
      expect({ ...after, responses: after.responses.map((r) => ({ ...(r as object), channel: undefined })) }).toEqual(before)
      expect(after.responses.map((r) => (r as { channel: string }).channel)).toEqual(before.responses.map(() => 'qr'))
      expect(on.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(on.pragma('foreign_key_check')).toEqual([])
    })
  })

  it('indexes dossiers only, and answer rows go into a plain table', () => {
    withDb(t.path, (on) => {
      const indexes = on.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('responses', 'response_answers')").all()
      expect(indexes).toEqual(
        expect.arrayContaining([{ name: 'responses_by_dossier', sql: expect.stringContaining('WHERE dossier IS NOT NULL') }]),
      )
      // No index entry for the NULL dossier of a quick rating, and no second b-tree for the answers.
      expect(indexes.map((i) => (i as { name: string }).name).sort()).toEqual(['responses_by_day', 'responses_by_dossier'])
      const answers = (on.prepare("SELECT sql FROM sqlite_master WHERE name = 'response_answers'").get() as { sql: string }).sql
      expect(answers).not.toMatch(/PRIMARY KEY|WITHOUT ROWID/)
      expect(on.prepare('SELECT COUNT(*) AS n FROM responses INDEXED BY responses_by_dossier WHERE dossier IS NOT NULL').get()).toEqual({ n: 2 })
    })
  })

  it('still takes one rating per dossier, through the API and in the database itself', async () => {
    const again = await postResponses(t.app, [quickResponse({ dossier: 'hs-2026-001' }), quickResponse(), quickResponse()])
    expect(again.map((r) => r.status)).toEqual(['dossier_already_rated', 'stored', 'stored'])
    withDb(t.path, (on) => {
      const copy = on.prepare(`INSERT INTO responses (${RESPONSE_TABLE_COLUMNS}) SELECT id || '-copy', ${RESPONSE_TABLE_COLUMNS.replace('id, ', '')} FROM responses WHERE dossier = 'HS-2026-002'`)
      expect(() => copy.run()).toThrow(/UNIQUE constraint failed: responses\.dossier/)
      // Quick ratings, without a dossier, are as many as the citizens who give them.
      expect(on.prepare('SELECT COUNT(*) AS n FROM responses WHERE dossier IS NULL').get()).toEqual({ n: 4 })
    })
  })
})
