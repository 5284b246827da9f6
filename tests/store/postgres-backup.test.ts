import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prepareResponse } from '../../server/domain/prepare-response'
import { DEFAULT_QUESTIONNAIRES } from '../../server/defaults/questionnaires'
import { DEMO_START } from '../../server/seed/demo-catalog'
import { backupPostgres, countPostgresTables, restorePostgres } from '../../server/store/postgres/backup'
import { openPostgresStore } from '../../server/store/postgres/postgres-store'
import { BackupError } from '../../server/store/sqlite/backup'
import type { Store } from '../../server/store/store'
import { createTestDatabase, type TestDatabase } from '../support/postgres-database'
import { quickResponse } from '../server/test-app'

let source: TestDatabase
let target: TestDatabase
let store: Store
const dir = mkdtempSync(join(tmpdir(), 'hailong-pg-backup-'))

beforeAll(async () => {
  source = await createTestDatabase()
  target = await createTestDatabase()
  store = openPostgresStore({ url: source.url })
  await store.loadInitialData(DEMO_START)
  const catalog = await store.catalog()
  const quick = DEFAULT_QUESTIONNAIRES.find((q) => q.key === 'quick')!
  const prepared = Array.from({ length: 25 }, (_, i) => {
    const result = prepareResponse(quickResponse(), i, { catalog, questionnaire: () => quick }, Date.now())
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  })
  expect(await store.insertResponses(prepared)).toEqual(prepared.map(() => 'stored'))
})
afterAll(async () => {
  await store?.close()
  await source?.drop()
  await target?.drop()
  rmSync(dir, { recursive: true, force: true })
})

describe('PostgreSQL backup and restore (pg_dump, pg_restore)', () => {
  it('backs up the live database and restores it into an empty one with the same rows in every table', async () => {
    const file = join(dir, 'hailong.dump')
    expect(await backupPostgres(source.url, file)).toBeGreaterThan(10)
    await expect(backupPostgres(source.url, file)).rejects.toThrow(/never overwrites/)
    const restored = await restorePostgres(file, target.url, false)
    const original = await countPostgresTables(source.url)
    expect(original.responses).toBe(25)
    expect(restored).toEqual(original)
  })

  it('replaces a database that holds tables only when told to, and refuses a file that is not a backup', async () => {
    const file = join(dir, 'again.dump')
    await backupPostgres(source.url, file)
    await expect(restorePostgres(file, target.url, false)).rejects.toThrow(/--replace/)
    expect((await restorePostgres(file, target.url, true)).responses).toBe(25)
    await expect(restorePostgres(join(import.meta.dirname, 'postgres-backup.test.ts'), target.url, true)).rejects.toThrow(BackupError)
    expect((await countPostgresTables(target.url)).responses).toBe(25)
  })
})
