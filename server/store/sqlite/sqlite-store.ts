import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { Catalog } from '../../../shared/catalog'
import type { Questionnaire } from '../../../shared/questionnaire'
import type { SatisfactionStats, StatsQuery } from '../../../shared/stats'
import type { PreparedResponse } from '../prepared-response'
import { type CounterRow, type ProcedureRow, publicCatalog, type UnitRow } from '../catalog-rows'
import { GroupCommit } from '../group-commit'
import type { InsertStatus, Store } from '../store'
import { sqliteAdminStore } from './admin-store'
import { sqliteAllowanceStore } from './allowance-store'
import { sqliteExportStore } from './export-store'
import { sqliteFeedbackStore } from './feedback-store'
import { sqliteIntakeStore } from './intake-store'
import { loadInitialData } from './initial-data'
import { migrate } from './migrations'
import { sqliteOpen311Store } from './open311-store'
import { sqliteKioskStore } from './kiosk-store'
import { sqliteSecondFactorStore } from './second-factor-store'
import { sqliteSettingsStore } from './settings-store'
import { sqliteStaffStore } from './staff-store'
import { heatmap, satisfactionStats } from './stats-queries'
import { sqliteWebhookStore } from './webhook-store'
import { configure, responseWriter } from './writer-core.js'
import { startWriterThread } from './writer-thread'
import { sqliteNotificationStore } from './notification-store'

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

  const rows = <R>(sql: string) => db.prepare(sql).all() as R[]
  function loadCatalog(): Catalog {
    return publicCatalog(
      {
        units: rows<UnitRow>('SELECT * FROM units WHERE active = 1 ORDER BY code'),
        counters: rows<CounterRow>('SELECT * FROM counters WHERE active = 1 ORDER BY code'),
        procedures: rows<ProcedureRow>('SELECT * FROM procedures WHERE active = 1 ORDER BY code'),
      },
      rows<{ definition: string }>('SELECT definition FROM questionnaires WHERE active = 1 ORDER BY key').map((r) => JSON.parse(r.definition) as Questionnaire),
      rows<{ key: string; value: string }>('SELECT key, value FROM meta'),
    )
  }

  return {
    staff: sqliteStaffStore(db),
    secondFactor: sqliteSecondFactorStore(db),
    feedback: sqliteFeedbackStore(db),
    settings: sqliteSettingsStore(db),
    exports: sqliteExportStore(db),
    allowances: sqliteAllowanceStore(),
    open311: sqliteOpen311Store(db),
    webhooks: sqliteWebhookStore(db),
    kiosks: sqliteKioskStore(db),
    intake: sqliteIntakeStore(db),
    notifications: sqliteNotificationStore(db),
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
    async loadInitialData(data) {
      const loaded = loadInitialData(db, data)
      for (const q of loaded.added) questionnaires.set(`${q.key}@${q.version}`, q)
      catalogCache = undefined
      return { catalog: loaded.catalog }
    },
    async close() {
      await writer.idle()
      await thread?.close()
      db.close()
    },
  }
}
