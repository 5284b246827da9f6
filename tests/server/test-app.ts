import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { uuidv7 } from 'uuidv7'
import { createApp } from '../../server/app'
import { parseConfig } from '../../server/config'
import { DEFAULT_QUESTIONNAIRES } from '../../server/seed/questionnaires'
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store'
import type { Store } from '../../server/store/store'
import type { Questionnaire } from '../../shared/questionnaire'
import type { BatchResult } from '../../shared/response'
import type { SatisfactionStats } from '../../shared/stats'

export interface TestApp {
  app: ReturnType<typeof createApp>
  store: Store
  dir: string
  path: string
  /** Closes the store and opens the same file again, as a restarted server would. */
  reopen: (questionnaires?: Questionnaire[]) => Promise<void>
  close: () => Promise<void>
}

export interface TestAppOptions {
  /** Questionnaires loaded on open (the defaults unless given). */
  questionnaires?: Questionnaire[]
}

/** A fresh app over a temporary SQLite file with the demo catalog, as a new install would have. */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-test-'))
  const path = join(dir, 'test.sqlite')
  const config = parseConfig({ LOG_REQUESTS: 'false', STATIC_DIR: join(dir, 'no-static'), DATABASE_URL: `sqlite:${path}`, ...env })
  async function open(questionnaires: Questionnaire[]) {
    const store = openSqliteStore({ path })
    await store.ensureQuestionnaires(questionnaires)
    await store.seedDemoIfEmpty()
    return { store, app: createApp({ config, store }) }
  }
  const t: TestApp = {
    ...(await open(options.questionnaires ?? DEFAULT_QUESTIONNAIRES)),
    dir,
    path,
    async reopen(questionnaires = options.questionnaires ?? DEFAULT_QUESTIONNAIRES) {
      await t.store.close()
      Object.assign(t, await open(questionnaires))
    },
    async close() {
      await t.store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
  return t
}

export function quickResponse(overrides: Record<string, unknown> = {}) {
  return {
    id: uuidv7(),
    counter: 'HCC-01',
    questionnaire: { key: 'quick', version: 1 },
    answers: { overall: 'very_satisfied' },
    lang: 'vi',
    submittedAt: new Date().toISOString(),
    ...overrides,
  }
}

/** The six indicators the citizen answers, each given as good / fair / poor. */
export const OFFICIAL_INDICATORS = ['i1_total_time', 'i2_agency_time', 'i3_returns', 'i4_agencies', 'i6_publicity', 'i7_attitude'] as const

/** An official per-dossier form; `points` gives each indicator's 2 / 1 / 0 in order. */
export function officialResponse(points: number[] = [2, 2, 2, 2, 2, 2], overall = 'very_satisfied', overrides: Record<string, unknown> = {}) {
  const values = ['poor', 'fair', 'good']
  const answers: Record<string, string | string[]> = Object.fromEntries(OFFICIAL_INDICATORS.map((id, i) => [id, values[points[i] ?? 2]!]))
  answers.convenience = 'satisfied'
  answers.overall = overall
  return quickResponse({ counter: 'HCC-02', questionnaire: { key: 'official', version: 1 }, answers, ...overrides })
}

export function postJson(app: TestApp['app'], path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}

/** Posts a batch and returns the per-item results, failing loudly if the batch itself was refused. */
export async function postResponses(app: TestApp['app'], items: unknown[]): Promise<BatchResult['results']> {
  const res = await postJson(app, '/api/responses', { responses: items })
  if (res.status !== 200) throw new Error(`POST /api/responses answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as BatchResult).results
}

export async function getStats(app: TestApp['app'], query: Record<string, string>): Promise<SatisfactionStats> {
  const res = await app.request(`/api/stats/satisfaction?${new URLSearchParams(query)}`)
  if (res.status !== 200) throw new Error(`GET /api/stats/satisfaction answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as SatisfactionStats
}

/** Reads the database file through a separate connection, as an operator's sqlite3 shell would. */
export function withDb<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { fileMustExist: true })
  try {
    return read(db)
  } finally {
    db.close()
  }
}

export function countRows(path: string, table: 'responses' | 'response_answers', where = '1 = 1', ...params: unknown[]): number {
  return withDb(path, (db) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n)
}
