import type { Questionnaire } from '../../../shared/questionnaire'
import type { PreparedResponse } from '../prepared-response'
import { GroupCommit } from '../group-commit'
import type { InsertStatus, Store } from '../store'
import { postgresAdminStore } from './admin-store'
import { postgresAllowanceStore } from './allowance-store'
import { catalogCache, loadInitialData } from './catalog'
import { openDatabase } from './database'
import { postgresExportStore } from './export-store'
import { postgresFeedbackStore } from './feedback-store'
import { postgresIntakeStore } from './intake-store'
import { migrate } from './migrate'
import { responseWriter } from './response-writer'
import { postgresOpen311Store } from './open311-store'
import { postgresKioskStore } from './kiosk-store'
import { postgresSecondFactorStore } from './second-factor-store'
import { postgresSettingsStore } from './settings-store'
import { postgresStaffStore } from './staff-store'
import { heatmap, satisfactionStats } from './stats-queries'
import { postgresWebhookStore } from './webhook-store'
import { postgresNotificationStore } from './notification-store'

/** The largest value of a PostgreSQL integer column (questionnaire versions). */
const MAX_INT = 2 ** 31 - 1

export interface PostgresOptions {
  /** postgres://user:password@host:port/database (or postgresql://). */
  url: string
}

/**
 * The Store on PostgreSQL, through a pool of connections (node-postgres). Returned at once; the schema is
 * migrated in the background and every query waits for it, so a failed migration fails the first call.
 */
export function openPostgresStore({ url }: PostgresOptions): Store {
  const db = openDatabase(url, migrate)
  // A published version never changes, so versions once read are kept; one not seen yet (published by
  // another instance) is read from the database.
  const questionnaires = new Map<string, Questionnaire>()
  const catalog = catalogCache(db)
  const writer = new GroupCommit<PreparedResponse, InsertStatus>(responseWriter(db))

  async function allQuestionnaires(): Promise<Questionnaire[]> {
    const rows = await db.rows<{ definition: Questionnaire }>('SELECT definition FROM questionnaires')
    return rows.map((r) => r.definition)
  }

  return {
    staff: postgresStaffStore(db),
    secondFactor: postgresSecondFactorStore(db),
    settings: postgresSettingsStore(db),
    feedback: postgresFeedbackStore(db),
    open311: postgresOpen311Store(db),
    exports: postgresExportStore(db),
    allowances: postgresAllowanceStore(db),
    webhooks: postgresWebhookStore(db),
    kiosks: postgresKioskStore(db),
    intake: postgresIntakeStore(db),
    notifications: postgresNotificationStore(db),
    admin: postgresAdminStore(db, {
      catalogChanged: catalog.forget,
      questionnairePublished: (q) => {
        questionnaires.set(`${q.key}@${q.version}`, q)
      },
    }),
    catalog: catalog.catalog,
    async questionnaire(key, version) {
      const known = questionnaires.get(`${key}@${version}`)
      if (known) return known
      // What a device sent, not yet checked against anything: a version past integer names no stored version,
      // rather than failing the query.
      if (!Number.isInteger(version) || version < 1 || version > MAX_INT) return undefined
      const [row] = await db.rows<{ definition: Questionnaire }>('SELECT definition FROM questionnaires WHERE key = $1 AND version = $2', [key, version])
      if (row) questionnaires.set(`${key}@${version}`, row.definition)
      return row?.definition
    },
    insertResponses(items) {
      return items.length === 0 ? Promise.resolve([]) : writer.submit(items)
    },
    satisfaction(query) {
      return satisfactionStats(db, query, allQuestionnaires)
    },
    heatmap(query) {
      return heatmap(db, query)
    },
    async loadInitialData(data) {
      const loaded = await loadInitialData(db, data)
      catalog.forget()
      return loaded
    },
    async close() {
      await writer.idle()
      await db.close()
    },
  }
}
