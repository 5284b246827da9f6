import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { uuidv7 } from 'uuidv7'
import { createApp } from '../../server/app'
import { createStaffAccount } from '../../server/auth/accounts'
import type { AuthOptions } from '../../server/auth/context'
import type { ScryptParams } from '../../server/auth/password'
import { parseConfig } from '../../server/config'
import { DEFAULT_QUESTIONNAIRES } from '../../server/defaults/questionnaires'
import { DEMO_START } from '../../server/seed/demo-catalog'
import type { StaffAccount } from '../../server/store/staff-store'
import { openPostgresStore } from '../../server/store/postgres/postgres-store'
import { MIGRATIONS } from '../../server/store/sqlite/migrations'
import { sql as webhooksMigration } from '../../server/store/sqlite/migrations/016-webhooks'
import { sql as channelsMigration } from '../../server/store/sqlite/migrations/018-channels'
import { sql as kioskMigration } from '../../server/store/sqlite/migrations/019-kiosk-devices'
import { sql as paperIntakeMigration } from '../../server/store/sqlite/migrations/020-paper-intake'
import { sql as notificationsMigration } from '../../server/store/sqlite/migrations/021-notifications'
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store'
import type { Store } from '../../server/store/store'
import type { Questionnaire } from '../../shared/questionnaire'
import type { BatchResult } from '../../shared/response'
import type { StaffMe, StaffRole } from '../../shared/staff'
import type { SatisfactionStats } from '../../shared/stats'
import { createTestDatabase } from '../support/postgres-database'
import { storeCount, storeSql } from '../support/store-sql'

export interface TestApp {
  app: ReturnType<typeof createApp>
  store: Store
  dir: string
  path: string
  /** What a server or a CLI beside the app is given as DATABASE_URL to reach the same database, on either store. */
  databaseUrl: string
  /**
   * Runs SQL on the store's database through a connection of its own, as an operator's shell would, on
   * either store: `?` marks the parameters, and the SQL must mean the same to SQLite and PostgreSQL.
   */
  sql: (sql: string, ...params: unknown[]) => Promise<Record<string, unknown>[]>
  /** Rows of a table, with an optional WHERE clause in the same terms as sql. */
  count: (table: string, where?: string, ...params: unknown[]) => Promise<number>
  /** Closes the store and opens the same file again, as a restarted server would. */
  reopen: (questionnaires?: Questionnaire[]) => Promise<void>
  close: () => Promise<void>
}

export interface TestAppOptions {
  /** Questionnaires loaded on open (the defaults unless given). */
  questionnaires?: Questionnaire[]
  /** Clock, waits and hashing cost of sign-in; the hashing cost defaults to TEST_SCRYPT. */
  auth?: AuthOptions
  /** The SQLite store even in the postgres project: tests that compare the two stores (tests/store/migrate-store.test.ts). */
  sqlite?: boolean
}

/** Unit tests never wait for real: the sign-in slow-down is checked through the waits it asks for. */
const noWait = () => Promise.resolve()

/** Far below OWASP's cost (which the server keeps by default), so that a sign-in takes a millisecond. */
export const TEST_SCRYPT: ScryptParams = { logN: 10, r: 8, p: 1 }

/**
 * The store the tests run on: SQLite unless HAILONG_TEST_STORE=postgres (the `postgres` project of
 * vitest.config.ts), which gives each test app a fresh database in the run's throw-away cluster.
 */
export const onPostgres = process.env.HAILONG_TEST_STORE === 'postgres'

/** A fresh app over a temporary SQLite file (or PostgreSQL database) with the demo catalog, as a new install would have. */
export async function createTestApp(env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-test-'))
  const path = join(dir, 'test.sqlite')
  const database = onPostgres && !options.sqlite ? await createTestDatabase() : undefined
  const databaseUrl = database?.url ?? `sqlite:${path}`
  // The configuration keeps a SQLite URL: it refuses postgres URLs until that store is complete.
  const config = parseConfig({ LOG_REQUESTS: 'false', STATIC_DIR: join(dir, 'no-static'), DATABASE_URL: `sqlite:${path}`, ...env })
  async function open(questionnaires: Questionnaire[]) {
    const store = database ? openPostgresStore({ url: database.url }) : openSqliteStore({ path })
    await store.loadInitialData({ ...DEMO_START, questionnaires })
    // No role requires a second factor unless a test asks (tests/server/second-factor.test.ts does).
    return { store, app: createApp({ config, store, auth: { password: TEST_SCRYPT, sleep: noWait, requireSecondFactor: false, ...options.auth } }) }
  }
  const t: TestApp = {
    ...(await open(options.questionnaires ?? DEFAULT_QUESTIONNAIRES)),
    dir,
    path,
    databaseUrl,
    sql: (sql, ...params) => storeSql(databaseUrl, sql, params),
    count: (table, where, ...params) => storeCount(databaseUrl, table, where, params),
    async reopen(questionnaires = options.questionnaires ?? DEFAULT_QUESTIONNAIRES) {
      await t.store.close()
      Object.assign(t, await open(questionnaires))
    },
    async close() {
      await t.store.close()
      await database?.drop()
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

/**
 * An official per-dossier form; `points` gives each indicator's 2 / 1 / 0 in order. It evaluates a dossier
 * of its own (`HS-` and its id) unless `overrides` names one.
 */
export function officialResponse(
  points: number[] = [2, 2, 2, 2, 2, 2],
  overall = 'very_satisfied',
  overrides: Record<string, unknown> = {},
): ReturnType<typeof quickResponse> & { dossier?: unknown } {
  const values = ['poor', 'fair', 'good']
  const answers: Record<string, string | string[]> = Object.fromEntries(OFFICIAL_INDICATORS.map((id, i) => [id, values[points[i] ?? 2]!]))
  answers.convenience = 'satisfied'
  answers.overall = overall
  const id = uuidv7()
  return quickResponse({ id, counter: 'HCC-02', dossier: `HS-${id}`, questionnaire: { key: 'official', version: 1 }, answers, ...overrides })
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

/** The statistics reader getStats signs in as, one per app (a reopened store keeps the account). */
const statsReaders = new WeakMap<TestApp['app'], Session>()

/**
 * GET /api/stats/satisfaction as leadership (the figures need a staff session), failing loudly unless 200.
 * Signs in again when the session has gone, e.g. after a test moved its clock.
 */
export async function getStats(t: TestApp, query: Record<string, string>): Promise<SatisfactionStats> {
  const url = `/api/stats/satisfaction?${new URLSearchParams(query)}`
  let res = await staffRequest(t.app, 'GET', url, await statsReader(t))
  if (res.status === 401) {
    statsReaders.delete(t.app)
    res = await staffRequest(t.app, 'GET', url, await statsReader(t))
  }
  if (res.status !== 200) throw new Error(`GET /api/stats/satisfaction answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as SatisfactionStats
}

async function statsReader(t: TestApp): Promise<Session> {
  const known = statsReaders.get(t.app)
  if (known) return known
  if (!(await t.store.staff.findByUsername('stats.reader'))) await addStaff(t, { username: 'stats.reader', role: 'leadership' })
  const session = await signIn(t.app, 'stats.reader')
  statsReaders.set(t.app, session)
  return session
}

/**
 * A store over a new, empty database of the run's store (no questionnaires, no demo catalog loaded), as a
 * real installation starts before anything is put in it. The caller closes it with `close`.
 */
export async function openBareStore(): Promise<{ store: Store; close: () => Promise<void> }> {
  if (!onPostgres) {
    const store = openSqliteStore({ path: ':memory:' })
    return { store, close: () => store.close() }
  }
  const database = await createTestDatabase()
  const store = openPostgresStore({ url: database.url })
  return {
    store,
    async close() {
      await store.close()
      await database.drop()
    },
  }
}

/**
 * Makes the database refuse every row inserted into `table`, as a full disk or an I/O error would, on either
 * store (a trigger in each dialect); the function returned lifts it.
 */
export async function refuseInserts(t: TestApp, table: string): Promise<() => Promise<void>> {
  const name = `refuse_${table}`
  if (onPostgres) {
    await t.sql(`CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'forced failure'; END $$`)
    await t.sql(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`)
  } else {
    await t.sql(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'forced failure'); END`)
  }
  return async () => {
    await t.sql(onPostgres ? `DROP TRIGGER ${name} ON ${table}` : `DROP TRIGGER ${name}`)
  }
}

/** Reads the database file through a separate connection, as an operator's sqlite3 shell would. */
/**
 * Takes a migrated database back to `version`, as a release of that version left it, where a later migration
 * cannot simply run again: migration 14 renamed feedback.legal_track to petition_type, migration 15 added
 * open311_keys and the feedback columns of Open311.
 */
export function migrateBackTo(db: Database.Database, version: number): void {
  // Newest first. Migration 21 (notifications) adds the staff's e-mail and four tables.
  if (version < MIGRATIONS.indexOf(notificationsMigration) + 1) {
    db.exec('DROP TABLE mail_digests; DROP TABLE mail_outbox; DROP TABLE notifications; DROP TABLE notice_marks; ALTER TABLE staff DROP COLUMN email')
  }
  // Migration 20 (paper intake) creates a table; whatever its place in the list, it goes before it runs again.
  if (version < MIGRATIONS.indexOf(paperIntakeMigration) + 1) db.exec('DROP TABLE paper_entries')
  // Migration 19 (kiosk devices) creates a table; its rebuild of admin_audit can run again as it is.
  if (version < MIGRATIONS.indexOf(kioskMigration) + 1) db.exec('DROP TABLE kiosk_devices')
  // Migration 18 (channels) adds two columns, one to the feedback summary's index, and rebuilds the rollups with
  // a channel key: back to migration 9's index and the rollup tables migration 5 made, filled as it filled them
  // (its text before its triggers).
  if (version < MIGRATIONS.indexOf(channelsMigration) + 1) {
    db.exec('DROP INDEX feedback_summary')
    db.exec('CREATE INDEX feedback_summary ON feedback(unit_code, category, petition_type, handling, answer_working_days, received_at, due_at)')
    for (const table of ['responses', 'feedback']) {
      // A caller may have rebuilt the table as an older migration made it already (responses-schema.test.ts).
      const columns = db.pragma(`table_info(${table})`) as { name: string }[]
      if (columns.some((c) => c.name === 'channel')) db.exec(`ALTER TABLE ${table} DROP COLUMN channel`)
    }
    db.exec('DROP TABLE response_rollup; DROP TABLE response_hour_rollup; DROP TABLE answer_rollup')
    db.exec(MIGRATIONS[4]!.split('CREATE TRIGGER')[0]!)
  }
  // Migration 16 (webhooks) creates tables; whatever its place in the list, they go before it runs again.
  if (version < MIGRATIONS.indexOf(webhooksMigration) + 1) db.exec('DROP TABLE webhook_overdue; DROP TABLE webhook_deliveries; DROP TABLE webhooks')
  // Migration 15 adds a table and columns; its rebuild of admin_audit can run again as it is.
  if (version < 15) {
    for (const column of ['open311_key_id', 'open311_lat', 'open311_long', 'open311_address', 'open311_media_url']) db.exec(`ALTER TABLE feedback DROP COLUMN ${column}`)
    db.exec('DROP TABLE open311_keys')
  }
  if (version < 14) db.exec('ALTER TABLE feedback RENAME COLUMN petition_type TO legal_track')
  db.pragma(`user_version = ${version}`)
}

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

/** A clock the tests move by hand: time-outs are tested without sleeping. */
export class TestClock {
  constructor(public time = Date.parse('2026-03-02T01:00:00Z')) {}
  readonly now = () => this.time
  advance(ms: number): void {
    this.time += ms
  }
}

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE

export const TEST_PASSWORD = 'correct horse battery staple'

/** Adds a staff account (with the test hashing cost) straight through the store. */
export function addStaff(
  t: TestApp,
  account: { username: string; role: StaffRole; unitCode?: string | null; password?: string; displayName?: string },
): Promise<StaffAccount> {
  return createStaffAccount(
    t.store.staff,
    { unitCode: null, password: TEST_PASSWORD, ...account },
    TEST_SCRYPT,
  )
}

/** The `name=value` of the session cookie a response sets, for the next request's Cookie header. */
export function sessionCookieOf(res: Response): string | undefined {
  const header = res.headers.getSetCookie().find((c) => /^(__Host-)?hailong_session=/.test(c))
  return header?.split(';')[0]
}

export function signInRequest(app: TestApp['app'], username: string, password = TEST_PASSWORD, options: { base?: string; headers?: Record<string, string> } = {}) {
  return app.request(`${options.base ?? 'http://localhost'}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.headers },
    body: JSON.stringify({ username, password }),
  })
}

export interface Session {
  /** `name=value` for the Cookie header. */
  cookie: string
  csrfToken: string
  me: StaffMe
}

/** Signs in and returns the session, failing loudly if the sign-in is refused. */
export async function signIn(app: TestApp['app'], username: string, password = TEST_PASSWORD, base?: string): Promise<Session> {
  const res = await signInRequest(app, username, password, { base })
  if (res.status !== 200) throw new Error(`sign-in of ${username} answered ${res.status}: ${await res.text()}`)
  const me = (await res.json()) as StaffMe
  const cookie = sessionCookieOf(res)
  if (!cookie) throw new Error('sign-in set no session cookie')
  return { cookie, csrfToken: me.csrfToken, me }
}

/**
 * A request as the staff pages will make it: the session cookie and, on unsafe methods, the CSRF token
 * (unless `csrf: false` or another token is given).
 */
export function staffRequest(
  app: TestApp['app'],
  method: string,
  path: string,
  session: Session | undefined,
  options: { body?: unknown; csrf?: string | false; headers?: Record<string, string>; base?: string } = {},
) {
  const headers: Record<string, string> = { ...options.headers }
  if (session) headers.cookie = session.cookie
  const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(method)
  const csrf = options.csrf ?? session?.csrfToken
  if (unsafe && csrf) headers['x-csrf-token'] = csrf
  if (options.body !== undefined) headers['content-type'] = 'application/json'
  return app.request(`${options.base ?? 'http://localhost'}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  })
}
