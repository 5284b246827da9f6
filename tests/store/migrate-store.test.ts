import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { Client } from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { parseConfig } from '../../server/config'
import { ftsQuery } from '../../server/domain/feedback-rules'
import { hashOpen311Key } from '../../server/domain/open311'
import { seedDemoStaff } from '../../server/seed/demo-staff'
import { copySqliteToPostgres, type CopyReport, MigrationError } from '../../server/store/migrate/copy-to-postgres'
import { SchemaMismatch } from '../../server/store/migrate/table-plan'
import { openPostgresStore } from '../../server/store/postgres/postgres-store'
import { backupSqlite } from '../../server/store/sqlite/backup'
import type { Store } from '../../server/store/store'
import { GROUP_BYS } from '../../shared/stats'
import { createTestDatabase, type TestDatabase } from '../support/postgres-database'
import { feedbackItem, imageBytes, photo, postFeedback, WITH_CONTACT } from '../server/feedback-fixtures'
import { actOk, seedItem } from '../server/staff-feedback-fixtures'
import {
  addStaff,
  createTestApp,
  officialResponse,
  postResponses,
  quickResponse,
  type Session,
  signIn,
  signInRequest,
  staffRequest,
  TEST_SCRYPT,
  type TestApp,
  withDb,
} from '../server/test-app'

const ROOT = join(import.meta.dirname, '..', '..')
const noWait = () => Promise.resolve()

/** The SQLite department: the demo catalog and staff, responses, feedback with photos and handled, settings saved. */
let t: TestApp
let demoPassword: string
let leaderSession: Session
let duplicate: { id: string; trackingCode: string }
let answered: { id: string; trackingCode: string }
let withPhotos: { id: string; trackingCode: string }
let open311Key: string
/** The copy, done once, and the PostgreSQL store opened on it as a server would. */
let copied: TestDatabase
let report: CopyReport
let pg: Store
const databases: TestDatabase[] = []

async function emptyDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase()
  databases.push(db)
  return db
}

async function rows(url: string, sql: string): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' }, { sqlite: true })
  expect(await seedDemoStaff(t.store, TEST_SCRYPT)).toBe(true)
  demoPassword = (await t.store.staff.demoPassword())!
  await addStaff(t, { username: 'ls.staff', role: 'unit_staff', unitCode: 'LS' })
  await addStaff(t, { username: 'ls.head', role: 'unit_head', unitCode: 'LS' })
  const admin = await signIn(t.app, 'demo.admin', demoPassword)
  leaderSession = await signIn(t.app, 'demo.leader', demoPassword)
  const staff = await signIn(t.app, 'ls.staff')
  const head = await signIn(t.app, 'ls.head')
  expect((await signInRequest(t.app, 'demo.admin', 'not the password')).status).toBe(401)

  const answers = ['very_satisfied', 'satisfied', 'unsatisfied']
  const results = await postResponses(t.app, [
    ...Array.from({ length: 30 }, (_, i) => quickResponse({ answers: { overall: answers[i % 3] } })),
    ...Array.from({ length: 8 }, (_, i) => officialResponse([2, 1, 0, 2, 1, 2].map((p) => (p + i) % 3), answers[i % 3])),
  ])
  expect(results.every((r) => r.status === 'stored')).toBe(true)

  const item = feedbackItem({ ...WITH_CONTACT, description: 'Đường dây nóng không ai nghe máy', photos: [photo(imageBytes('image/jpeg', 3000)), photo(imageBytes('image/png', 2000), 'image/png')] })
  expect((await postFeedback(t.app, [item]))[0]!.status).toBe('stored')
  withPhotos = item
  answered = await seedItem(t, { contact: { name: 'Nguyễn Văn Riêng', phone: '+84912345678', email: null } })
  await actOk(t, staff, answered.id, { action: 'acknowledge', note: 'Đã nhận' })
  await actOk(t, staff, answered.id, { action: 'answer', answer: 'Hồ sơ đã được trả kết quả.' })
  // Marked a duplicate of an item stored after it: the row it points at comes later in the copy.
  duplicate = await seedItem(t, { photos: 1 })
  const original = await seedItem(t)
  // SQLite keeps a NUL; PostgreSQL's text cannot, and the store keeps U+FFFD in its place: the checksum expects that.
  await seedItem(t, { description: 'Ký tự lạ\u0000ở giữa' })
  await actOk(t, head, duplicate.id, { action: 'mark_duplicate', of: original.trackingCode, reason: 'Đã phản ánh trước đó' })

  const rules = (await (await staffRequest(t.app, 'GET', '/api/staff/settings/routing-rules', admin)).json()) as { value: unknown[] }
  expect((await staffRequest(t.app, 'PUT', '/api/staff/settings/routing-rules', admin, { body: { version: 0, value: rules.value.slice(1) } })).status).toBe(200)
  const unit = { code: 'KT', name: { vi: 'Phòng Kế toán', en: 'Accounting Office' }, isInspectorate: false }
  expect((await staffRequest(t.app, 'POST', '/api/staff/admin/catalog/units', admin, { body: unit })).status).toBe(201)

  // An Open311 client's key (made and audited in the admin pages) and a request it filed, with a location.
  const created = await staffRequest(t.app, 'POST', '/api/staff/admin/open311-keys', admin, { body: { name: 'Ứng dụng 311' } })
  open311Key = ((await created.json()) as { key: string }).key
  const filed = await t.app.request('http://localhost/open311/v2/requests.json', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: open311Key, service_code: 'facilities', description: 'Máy lấy số ở quầy bị hỏng.', lat: '18.3428', long: '105.905712345678' }).toString(),
  })
  expect(filed.status).toBe(201)

  copied = await emptyDatabase()
  // The SQLite store stays open and in use, as a running server's would.
  report = await copySqliteToPostgres({ from: t.path, to: copied.url })
  pg = openPostgresStore({ url: copied.url })
}, 120_000)

afterAll(async () => {
  await pg?.close()
  await t?.close()
  for (const db of databases) await db.drop()
})

describe('npm run migrate-store: SQLite → PostgreSQL', () => {
  it('copies every table with the rows SQLite holds, each verified by its checksum', async () => {
    expect(report.tables.every((r) => r.ok)).toBe(true)
    const copiedTables = report.tables.map((r) => r.table)
    // Parents before children: questionnaires before responses, feedback before its photos.
    expect(copiedTables.indexOf('questionnaires')).toBeLessThan(copiedTables.indexOf('responses'))
    expect(copiedTables.indexOf('feedback')).toBeLessThan(copiedTables.indexOf('feedback_photos'))
    for (const table of copiedTables) {
      const inSqlite = await t.count(table)
      const [{ n }] = (await rows(copied.url, `SELECT count(*)::int AS n FROM ${table}`)) as [{ n: number }]
      expect({ table, rows: n }).toEqual({ table, rows: inSqlite })
      expect(report.tables.find((r) => r.table === table)).toMatchObject({ sourceRows: inSqlite, targetRows: inSqlite })
    }
    for (const table of ['responses', 'response_answers', 'response_rollup', 'feedback', 'feedback_photos', 'feedback_events', 'settings', 'settings_history', 'admin_audit', 'sessions', 'auth_events', 'staff', 'open311_keys']) {
      expect(await t.count(table)).toBeGreaterThan(0)
    }
    expect(report.notCopied.map((n) => n.table).sort()).toEqual(['allowances', 'catalog_version', 'feedback_search', 'schema_migrations', 'sign_in_attempts'])
  })

  it('gives the same answers through the Store on PostgreSQL as on SQLite', async () => {
    const today = new Date().toISOString().slice(0, 10)
    for (const groupBy of GROUP_BYS) {
      const query = { from: '2026-01-01', to: today, groupBy }
      expect(await pg.satisfaction(query)).toEqual(await t.store.satisfaction(query))
    }
    expect(await pg.heatmap({ from: '2026-01-01', to: today })).toEqual(await t.store.heatmap({ from: '2026-01-01', to: today }))
    expect(await pg.catalog()).toEqual(await t.store.catalog())
    expect(await pg.staff.list()).toEqual(await t.store.staff.list())
    expect(await pg.admin.audit({ limit: 100 })).toEqual(await t.store.admin.audit({ limit: 100 }))
    expect(await pg.settings.get('routing_rules')).toEqual(await t.store.settings.get('routing_rules'))
    expect(await pg.settings.history('routing_rules')).toEqual(await t.store.settings.history('routing_rules'))
    expect(await pg.staff.subjectKey()).toBe(await t.store.staff.subjectKey())
    for (const item of [withPhotos, answered, duplicate]) {
      expect(await pg.feedback.findByTrackingCode(item.trackingCode)).toEqual(await t.store.feedback.findByTrackingCode(item.trackingCode))
      expect(await pg.feedback.staffView(item.id)).toEqual(await t.store.feedback.staffView(item.id))
    }
    expect((await pg.feedback.findByTrackingCode(answered.trackingCode))?.status).toBe('answered')
    const lastYear = { from: Date.now() - 365 * 86_400_000, before: Date.now() + 1, limit: 1000 }
    expect(await pg.open311.requests(lastYear)).toEqual(await t.store.open311.requests(lastYear))
    expect((await pg.open311.requests(lastYear)).find((r) => r.lat !== null)).toMatchObject({ lat: 18.3428, long: 105.905712345678 })
    expect(await pg.open311.keys()).toEqual(await t.store.open311.keys())
    expect(await pg.open311.keyByHash(hashOpen311Key(open311Key))).toEqual(await t.store.open311.keyByHash(hashOpen311Key(open311Key)))
    expect((await pg.feedback.staffView(duplicate.id))?.duplicateOf).toBeTruthy()
    const png = await pg.feedback.photo(withPhotos.id, 1)
    expect(png?.contentType).toBe('image/png')
    expect(png?.bytes.equals((await t.store.feedback.photo(withPhotos.id, 1))!.bytes)).toBe(true)
    // The inbox's search, which PostgreSQL answers from feedback.search_text, computed by the copy.
    const filter = { scopeUnit: null, view: 'all', match: ftsQuery('duong day nong'), now: Date.now(), offset: 0, limit: 50 } as const
    const found = await pg.feedback.inbox(filter)
    expect(found.rows.map((r) => r.id)).toEqual([withPhotos.id])
    expect(found).toEqual(await t.store.feedback.inbox(filter))
  })

  it('signs staff in on PostgreSQL with the same password, keeps their sessions, and adds rows after the copied ids', async () => {
    const config = parseConfig({ LOG_REQUESTS: 'false', STATIC_DIR: join(t.dir, 'no-static'), DATABASE_URL: `sqlite:${t.path}` })
    const app = createApp({ config, store: pg, auth: { password: TEST_SCRYPT, sleep: noWait, requireSecondFactor: false } })
    const session = await signIn(app, 'demo.admin', demoPassword)
    expect(session.me.role).toBe('admin')
    expect((await signInRequest(app, 'demo.admin', 'not the password')).status).toBe(401)
    // A session opened on SQLite goes on working.
    expect((await staffRequest(app, 'GET', '/api/staff/me', leaderSession)).status).toBe(200)
    // Sequences were moved past the copied ids: a new account and new audit rows get fresh ids.
    const created = await staffRequest(app, 'POST', '/api/staff/admin/accounts', session, {
      body: { username: 'new.clerk', displayName: 'Trần Thị Mới', role: 'unit_staff', unitCode: 'LS', password: 'a long enough password 1' },
    })
    expect(created.status).toBe(201)
    const maxSqliteId = Math.max(...(await t.store.staff.list()).map((a) => a.id))
    expect((await pg.staff.findByUsername('new.clerk'))!.id).toBeGreaterThan(maxSqliteId)
  })

  it('refuses a target that holds data, naming the table, and leaves it untouched', async () => {
    const before = await rows(copied.url, 'SELECT count(*)::int AS n FROM responses')
    const error = await copySqliteToPostgres({ from: t.path, to: copied.url }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MigrationError)
    expect((error as Error).message).toMatch(/not empty: .*\bresponses\b/)
    expect(await rows(copied.url, 'SELECT count(*)::int AS n FROM responses')).toEqual(before)
  })

  it('rolls everything back when the read-back differs from the SQLite file, naming the table', async () => {
    const target = await emptyDatabase()
    const error = await copySqliteToPostgres({
      from: t.path,
      to: target.url,
      beforeVerify: async (client) => {
        await client.query("UPDATE settings SET value = '[]' WHERE key = 'routing_rules'")
      },
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MigrationError)
    expect((error as Error).message).toMatch(/verification failed for settings\b/)
    expect((error as MigrationError).report?.tables.filter((r) => !r.ok).map((r) => r.table)).toEqual(['settings'])
    // Nothing stayed: the migrations ran, the data did not.
    expect(await rows(target.url, 'SELECT (SELECT count(*)::int FROM units) AS units, (SELECT count(*)::int FROM responses) AS responses')).toEqual([{ units: 0, responses: 0 }])
    // And the same target takes the copy afterwards.
    expect((await copySqliteToPostgres({ from: t.path, to: target.url })).tables.every((r) => r.ok)).toBe(true)
  })
})

/** A copy of the department's file, changed by `change` as a later release or a damaged file might have it. */
async function changedCopy(name: string, change: string): Promise<string> {
  const path = join(t.dir, `${name}.sqlite`)
  await backupSqlite(t.path, path)
  withDb(path, (db) => db.exec(change))
  return path
}

describe('what the copy refuses', () => {
  it('names every table and column the copy does not know, and copies nothing', async () => {
    const from = await changedCopy('newer', 'ALTER TABLE feedback ADD COLUMN priority INTEGER; CREATE TABLE reminders (id INTEGER PRIMARY KEY)')
    const target = await emptyDatabase()
    const error = await copySqliteToPostgres({ from, to: target.url }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SchemaMismatch)
    expect((error as SchemaMismatch).problems).toEqual(['SQLite table reminders is not in PostgreSQL', 'SQLite column feedback.priority is not in PostgreSQL'])
    expect(await rows(target.url, 'SELECT count(*)::int AS n FROM units')).toEqual([{ n: 0 }])
  })

  it('refuses a value its PostgreSQL column would not mean the same, naming the column and the row', async () => {
    const from = await changedCopy('odd', "UPDATE units SET active = 2 WHERE code = 'LS'")
    const target = await emptyDatabase()
    await expect(copySqliteToPostgres({ from, to: target.url })).rejects.toThrow('units.active holds the integer 2 where a boolean (0 or 1) belongs in the row code = LS')
    expect(await rows(target.url, 'SELECT count(*)::int AS n FROM units')).toEqual([{ n: 0 }])
  })
})

function runCli(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli/migrate-store.ts', ...args], { cwd: ROOT }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr }),
    )
  })
}

describe('the migrate-store command', () => {
  it('prints the verification table, and never the password', { timeout: 60_000 }, async () => {
    const target = await emptyDatabase()
    // The test cluster trusts local connections and ignores the password; the command must not print it.
    const password = 'migr4te-S3cret'
    const url = new URL(target.url)
    url.password = password
    const { code, output } = await runCli(['--from', `sqlite:${t.path}`, '--to', url.toString()])
    expect(output).toMatch(/^responses\s+38\s+ok$/m)
    expect(output).toMatch(/^feedback_photos\s+3\s+ok$/m)
    expect(output).toContain('tables copied and verified')
    expect(output).not.toContain(password)
    expect(code).toBe(0)
    const again = await runCli(['--from', `sqlite:${t.path}`, '--to', url.toString()])
    expect(again.code).toBe(1)
    expect(again.output).toMatch(/not empty/)
    expect(again.output).not.toContain(password)
  })

  it('gives the usage for a missing or wrong argument', { timeout: 60_000 }, async () => {
    for (const args of [[], ['--from', t.path, '--to', 'postgres://x@localhost/db'], ['--from', `sqlite:${t.path}`], ['--from', `sqlite:${t.path}`, '--to', 'mysql://x'], ['--form', 'x']]) {
      const { code, output } = await runCli(args)
      expect({ args, code }).toEqual({ args, code: 2 })
      expect(output).toContain('usage: npm run migrate-store -- --from sqlite:<file> --to postgres://')
    }
    const missing = await runCli(['--from', `sqlite:${join(t.dir, 'nothing.sqlite')}`, '--to', 'postgres://x@localhost:1/db'])
    expect(missing.code).toBe(1)
    expect(missing.output).toMatch(/nothing\.sqlite does not exist/)
  })
})
