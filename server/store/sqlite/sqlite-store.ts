import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { Catalog } from '../../../shared/catalog'
import type { Questionnaire } from '../../../shared/questionnaire'
import type { SatisfactionStats, StatsQuery } from '../../../shared/stats'
import type { PreparedResponse } from '../../domain/prepare-response'
import { DEMO_AGENCY, DEMO_COUNTERS, DEMO_PROCEDURES, DEMO_UNITS } from '../../seed/demo-catalog'
import { GroupCommit } from '../group-commit'
import type { InsertStatus, Store } from '../store'
import { sqliteAdminStore } from './admin-store'
import { sqliteAllowanceStore } from './allowance-store'
import { sqliteExportStore } from './export-store'
import { sqliteFeedbackStore } from './feedback-store'
import { migrate } from './migrations'
import { sqliteSecondFactorStore } from './second-factor-store'
import { sqliteSettingsStore } from './settings-store'
import { sqliteStaffStore } from './staff-store'
import { heatmap, satisfactionStats } from './stats-queries'
import { configure, responseWriter } from './writer-core.js'
import { startWriterThread } from './writer-thread'

type Named = { code: string; name_vi: string; name_en: string }
type UnitRow = Named & { is_inspectorate: number }
type CounterRow = Named & { location_vi: string; location_en: string; unit_code: string; questionnaire_key: string }
type ProcedureRow = Named & { national_code: string | null; unit_code: string; time_limit_days: number | null }

export interface SqliteOptions {
  /** File path, or ':memory:' for throw-away stores. */
  path: string
}

export function openSqliteStore({ path }: SqliteOptions): Store {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  configure(db)
  migrate(db)

  const questionnaires = new Map<string, Questionnaire>()
  for (const row of db.prepare('SELECT definition FROM questionnaires').all() as { definition: string }[]) {
    const q = JSON.parse(row.definition) as Questionnaire
    questionnaires.set(`${q.key}@${q.version}`, q)
  }
  let catalogCache: Catalog | undefined

  // Responses are written by a thread of their own, so that the fsync of each commit does not stop this one
  // from serving; an in-memory database cannot be shared with a thread, so it is written here instead.
  const thread = path === ':memory:' || path === '' ? undefined : startWriterThread(path)
  const writer = new GroupCommit<PreparedResponse, InsertStatus>(thread ? thread.write : responseWriter(db))

  function loadCatalog(): Catalog {
    const units = db.prepare('SELECT * FROM units WHERE active = 1 ORDER BY code').all() as UnitRow[]
    const counters = db.prepare('SELECT * FROM counters WHERE active = 1 ORDER BY code').all() as CounterRow[]
    const procedures = db.prepare('SELECT * FROM procedures WHERE active = 1 ORDER BY code').all() as ProcedureRow[]
    const active = db.prepare('SELECT definition FROM questionnaires WHERE active = 1 ORDER BY key').all() as { definition: string }[]
    const meta = Object.fromEntries((db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]))
    return {
      agency: { vi: meta.agency_vi ?? DEMO_AGENCY.vi, en: meta.agency_en ?? DEMO_AGENCY.en },
      demo: meta.demo === '1',
      units: units.map((u) => ({ code: u.code, name: { vi: u.name_vi, en: u.name_en }, isInspectorate: u.is_inspectorate === 1 })),
      counters: counters.map((c) => ({
        code: c.code,
        name: { vi: c.name_vi, en: c.name_en },
        location: { vi: c.location_vi, en: c.location_en },
        unitCode: c.unit_code,
        questionnaireKey: c.questionnaire_key,
      })),
      procedures: procedures.map((p) => ({
        code: p.code,
        nationalCode: p.national_code,
        name: { vi: p.name_vi, en: p.name_en },
        unitCode: p.unit_code,
        timeLimitDays: p.time_limit_days,
      })),
      questionnaires: active.map((r) => JSON.parse(r.definition) as Questionnaire),
    }
  }

  return {
    staff: sqliteStaffStore(db),
    secondFactor: sqliteSecondFactorStore(db),
    feedback: sqliteFeedbackStore(db),
    settings: sqliteSettingsStore(db),
    exports: sqliteExportStore(db),
    allowances: sqliteAllowanceStore(),
    admin: sqliteAdminStore(db, {
      catalogChanged: () => {
        catalogCache = undefined
      },
      questionnairePublished: (q) => {
        questionnaires.set(`${q.key}@${q.version}`, q)
      },
    }),
    async catalog() {
      catalogCache ??= loadCatalog()
      return catalogCache
    },
    async questionnaire(key, version) {
      return questionnaires.get(`${key}@${version}`)
    },
    insertResponses(items) {
      return items.length === 0 ? Promise.resolve([]) : writer.submit(items)
    },
    async satisfaction(query: StatsQuery): Promise<SatisfactionStats> {
      return satisfactionStats(db, query, [...questionnaires.values()])
    },
    async heatmap(query) {
      return heatmap(db, query)
    },
    async ensureQuestionnaires(list) {
      const insert = db.prepare('INSERT OR IGNORE INTO questionnaires (key, version, definition, active, published_at) VALUES (?, ?, ?, 0, ?)')
      db.transaction(() => {
        for (const q of list) {
          if (insert.run(q.key, q.version, JSON.stringify(q), Date.now()).changes > 0) questionnaires.set(`${q.key}@${q.version}`, q)
        }
        // Activate the newest version of each key unless a version is active already.
        db.exec(`UPDATE questionnaires SET active = 1 WHERE NOT EXISTS (SELECT 1 FROM questionnaires a WHERE a.key = questionnaires.key AND a.active = 1)
          AND version = (SELECT MAX(version) FROM questionnaires b WHERE b.key = questionnaires.key)`)
      }).immediate() // as every transaction that writes (see configure in writer-core.ts)
      catalogCache = undefined
    },
    async seedDemoIfEmpty() {
      // The emptiness check is inside the write transaction: two servers starting on one file would
      // otherwise both find it empty and the second fail on the first one's codes.
      const seeded = db.transaction(() => {
        const { n } = db.prepare('SELECT COUNT(*) AS n FROM units').get() as { n: number }
        if (n > 0) return false
        const meta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)')
        meta.run('agency_vi', DEMO_AGENCY.vi)
        meta.run('agency_en', DEMO_AGENCY.en)
        meta.run('demo', '1')
        const unit = db.prepare('INSERT INTO units (code, name_vi, name_en, is_inspectorate) VALUES (?, ?, ?, ?)')
        for (const u of DEMO_UNITS) unit.run(u.code, u.name.vi, u.name.en, u.isInspectorate ? 1 : 0)
        const counter = db.prepare('INSERT INTO counters (code, name_vi, name_en, location_vi, location_en, unit_code, questionnaire_key) VALUES (?, ?, ?, ?, ?, ?, ?)')
        for (const c of DEMO_COUNTERS) counter.run(c.code, c.name.vi, c.name.en, c.location.vi, c.location.en, c.unitCode, c.questionnaireKey)
        const procedure = db.prepare('INSERT INTO procedures (code, national_code, name_vi, name_en, unit_code, time_limit_days) VALUES (?, ?, ?, ?, ?, ?)')
        for (const p of DEMO_PROCEDURES) procedure.run(p.code, p.nationalCode, p.name.vi, p.name.en, p.unitCode, p.timeLimitDays)
        return true
      }).immediate()
      if (seeded) catalogCache = undefined
      return seeded
    },
    async close() {
      await writer.idle()
      await thread?.close()
      db.close()
    },
  }
}
