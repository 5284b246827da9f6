import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_QUESTIONNAIRES, OFFICIAL_V1, OFFICIAL_V2, QUICK_V1 } from '../../server/defaults/questionnaires'
import type { Catalog } from '../../shared/catalog'
import type { Questionnaire } from '../../shared/questionnaire'
import { createTestApp, migrateBackTo, officialResponse, postResponses, type TestApp, withDb } from './test-app'

/**
 * Migration 12 rewords indicator 7 of the official form. A database made before it holds official v1 as its
 * seed published it; the reworded question must arrive as a new version (a published one never changes),
 * and everything stored under v1 must stay readable with v1.
 */

const REWORD = 11 // the index of migration 12 (the second-factor migration 13 comes after it)

type Row = { version: number; active: number; definition: string; published_by: number | null }

const versions = (t: TestApp) =>
  withDb(t.path, (db) => db.prepare("SELECT version, active, definition, published_by FROM questionnaires WHERE key = 'official' ORDER BY version").all() as Row[])

async function activeOfficial(t: TestApp): Promise<Questionnaire | undefined> {
  const catalog = (await (await t.app.request('/api/catalog')).json()) as Catalog
  return catalog.questionnaires.find((q) => q.key === 'official')
}

/** A database as a release before migration 12 left it: official v1 active, and `extra` published after it. */
async function beforeMigration12(extra: (Questionnaire & { active?: boolean })[] = []): Promise<TestApp> {
  const t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' }, { questionnaires: [QUICK_V1, OFFICIAL_V1] })
  await t.store.close()
  withDb(t.path, (db) => {
    for (const { active, ...q } of extra) {
      if (active) db.prepare("UPDATE questionnaires SET active = 0 WHERE key = 'official'").run()
      db.prepare('INSERT INTO questionnaires (key, version, definition, active, published_at) VALUES (?, ?, ?, ?, 0)').run(q.key, q.version, JSON.stringify(q), active ? 1 : 0)
    }
    migrateBackTo(db, REWORD)
  })
  await t.reopen([QUICK_V1, OFFICIAL_V1])
  return t
}

let t: TestApp
afterEach(() => t.close())

describe('migration 12: indicator 7 reworded as a new version', () => {
  it('publishes official v2 with the reworded indicator 7 over a database that had v1, and keeps v1 and its responses', async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' }, { questionnaires: [QUICK_V1, OFFICIAL_V1] })
    const early = officialResponse([2, 1, 0, 2, 1, 0], 'satisfied', { submittedAt: '2026-11-02T03:00:00Z' })
    expect((await postResponses(t.app, [early]))[0]?.status).toBe('stored')
    await t.store.close()
    const storedBefore = withDb(t.path, (db) => {
      migrateBackTo(db, REWORD)
      return db.prepare('SELECT * FROM responses').all()
    })

    // The release with migration 12 starts on that database, with its own seed.
    await t.reopen(DEFAULT_QUESTIONNAIRES)
    const rows = versions(t)
    expect(rows.map((r) => [r.version, r.active, r.published_by])).toEqual([[1, 0, null], [2, 1, null]])
    expect(JSON.parse(rows[0]!.definition)).toEqual(OFFICIAL_V1)
    // The migration's copy of the wording is the seed's, word for word: old and new installs hold the same v2.
    expect(JSON.parse(rows[1]!.definition)).toEqual(OFFICIAL_V2)
    expect(await activeOfficial(t)).toEqual(OFFICIAL_V2)
    expect(await t.store.questionnaire('official', 1)).toEqual(OFFICIAL_V1)
    // Kept as they were; migration 18 (which also ran) adds each one's channel, qr for all stored before it.
    expect(withDb(t.path, (db) => db.prepare('SELECT * FROM responses').all())).toEqual(storedBefore.map((r) => ({ ...(r as object), channel: 'qr' })))

    // A device with the old catalog still sends v1; the new catalog's v2 is accepted too.
    const late = officialResponse([2, 2, 2, 2, 2, 2], 'very_satisfied', { questionnaire: { key: 'official', version: 1 } })
    const current = officialResponse([2, 2, 2, 2, 2, 1], 'very_satisfied', { questionnaire: { key: 'official', version: 2 } })
    expect((await postResponses(t.app, [late, current])).map((r) => r.status)).toEqual(['stored', 'stored'])
  })

  it('runs once: an administrator who brings v1 back keeps it after the next start', async () => {
    t = await beforeMigration12()
    expect((await activeOfficial(t))?.version).toBe(2)
    await t.store.close()
    withDb(t.path, (db) => db.prepare("UPDATE questionnaires SET active = (version = 1) WHERE key = 'official'").run())
    await t.reopen(DEFAULT_QUESTIONNAIRES)
    expect(versions(t).map((r) => [r.version, r.active])).toEqual([[1, 1], [2, 0]])
  })

  it('rewords the active version an administrator published, as the version after the newest', async () => {
    const edited = { ...OFFICIAL_V1, version: 2, title: { vi: 'Phiếu đánh giá (bản sửa)', en: 'Evaluation (edited)' }, active: true }
    const unused = { ...OFFICIAL_V1, version: 3, title: { vi: 'Bản không dùng', en: 'Unused' } }
    t = await beforeMigration12([edited, unused])
    await t.reopen(DEFAULT_QUESTIONNAIRES)
    const rows = versions(t)
    expect(rows.map((r) => [r.version, r.active])).toEqual([[1, 0], [2, 0], [3, 0], [4, 1]])
    const { active: _active, ...editedV2 } = edited
    // The administrator's v2 stays theirs: the seed's v2 does not replace it.
    expect(JSON.parse(rows[1]!.definition)).toEqual(editedV2)
    expect(JSON.parse(rows[3]!.definition)).toEqual({ ...OFFICIAL_V2, version: 4, title: edited.title })
  })

  it('publishes nothing when the active version already words indicator 7 differently', async () => {
    const own = {
      ...OFFICIAL_V1,
      version: 2,
      questions: OFFICIAL_V1.questions.map((q) => (q.indicator === 7 ? { ...q, options: q.options.map((o) => ({ ...o, label: { vi: `${o.label.vi} (sửa)`, en: o.label.en } })) } : q)),
      active: true,
    }
    t = await beforeMigration12([own])
    const { active: _active, ...ownV2 } = own
    expect(versions(t).map((r) => [r.version, r.active])).toEqual([[1, 0], [2, 1]])
    expect(await activeOfficial(t)).toEqual(ownV2)
  })
})
