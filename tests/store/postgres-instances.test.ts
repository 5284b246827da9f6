import { Client } from 'pg'
import { uuidv7 } from 'uuidv7'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { prepareResponse } from '../../server/domain/prepare-response'
import type { PreparedResponse } from '../../server/store/prepared-response'
import { DEMO_START, DEMO_UNITS } from '../../server/seed/demo-catalog'
import { DEFAULT_CALENDAR } from '../../server/defaults/holidays'
import { DEFAULT_QUESTIONNAIRES } from '../../server/defaults/questionnaires'
import { MIGRATIONS } from '../../server/store/postgres/migrate'
import { openPostgresStore } from '../../server/store/postgres/postgres-store'
import type { Store } from '../../server/store/store'
import { createTestDatabase, type TestDatabase } from '../support/postgres-database'
import { feedback } from './new-feedback'

/**
 * Several instances on one PostgreSQL database act as one: what one writes, the others read at once, and
 * writes racing from two instances are stored once. Each "instance" is a store with its own pool.
 */

let database: TestDatabase
let a: Store
let b: Store

beforeEach(async () => {
  database = await createTestDatabase()
  // Opened together: both migrate and seed at the same moment, and the advisory locks make it happen once.
  a = openPostgresStore({ url: database.url })
  b = openPostgresStore({ url: database.url })
  await Promise.all([a, b].map((store) => store.loadInitialData(DEMO_START)))
})
afterEach(async () => {
  await Promise.all([a?.close(), b?.close()])
  await database?.drop()
})

const DAY = '2026-11-28'

async function prepared(store: Store, overrides: Record<string, unknown> = {}): Promise<PreparedResponse> {
  const catalog = await store.catalog()
  const raw = { id: uuidv7(), counter: 'HCC-01', questionnaire: { key: 'quick', version: 1 }, answers: { overall: 'satisfied' }, lang: 'vi', submittedAt: `${DAY}T03:00:00.000Z`, ...overrides }
  const questionnaires = new Map(DEFAULT_QUESTIONNAIRES.map((q) => [`${q.key}@${q.version}`, q]))
  const result = prepareResponse(raw, 0, { catalog, questionnaire: (key, version) => questionnaires.get(`${key}@${version}`) }, Date.parse(`${DAY}T04:00:00Z`))
  if (!result.ok) throw new Error(result.error.message)
  return result.value
}

describe('two instances on one PostgreSQL database', () => {
  it('migrates and seeds once when both start at the same moment', async () => {
    expect(await a.catalog()).toEqual(await b.catalog())
    const client = new Client({ connectionString: database.url })
    await client.connect()
    try {
      expect((await client.query('SELECT version FROM schema_migrations ORDER BY version')).rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version))
      expect((await client.query('SELECT code FROM units')).rows).toHaveLength(DEMO_UNITS.length)
    } finally {
      await client.end()
    }
  })

  it('counts a rating sent to one in the other\'s statistics at once', async () => {
    expect(await a.insertResponses([await prepared(a)])).toEqual(['stored'])
    const stats = await b.satisfaction({ from: DAY, to: DAY, groupBy: 'unit' })
    expect(stats.total.responses).toBe(1)
    expect(await b.heatmap({ from: DAY, to: DAY })).toEqual(await a.heatmap({ from: DAY, to: DAY }))
  })

  it('stores a response sent to both at once exactly once, and counts it once', async () => {
    const item = await prepared(a, { dossier: 'HS-BOTH' })
    const other = await prepared(a, { dossier: 'HS-BOTH' })
    const [fromA, fromB, third] = await Promise.all([a.insertResponses([item]), b.insertResponses([item]), b.insertResponses([other])])
    expect([...fromA, ...fromB].sort()).toEqual(['duplicate', 'stored'])
    expect(third).toEqual(['dossier_already_rated'])
    expect((await a.satisfaction({ from: DAY, to: DAY, groupBy: 'unit' })).total.responses).toBe(1)
  })

  it('finds on one a session made on the other, and sees a staff change at once', async () => {
    const account = await a.staff.create({ username: 'two.instances', displayName: 'Hai', role: 'leadership', unitCode: null, passwordHash: 'x', createdAt: 1 })
    await a.staff.createSession({ idHash: 'h'.repeat(64), staffId: account.id, csrfToken: 'c', createdAt: 1, lastSeenAt: 1, expiresAt: 2, pendingSecondFactor: false })
    expect((await b.staff.findSession('h'.repeat(64)))?.staff.username).toBe('two.instances')
    await b.staff.deactivate(account.id)
    expect(await a.staff.findSession('h'.repeat(64))).toBeUndefined()
    expect((await a.staff.findById(account.id))?.active).toBe(false)
  })

  it('offers in the other\'s catalog, at once, a counter an administrator added or retired on one', async () => {
    const admin = await a.staff.create({ username: 'catalog.admin', displayName: 'Quản trị', role: 'admin', unitCode: null, passwordHash: 'x', createdAt: 1 })
    const before = await b.catalog()
    const counter = { code: 'HCC-99', name: { vi: 'Quầy 99', en: 'Counter 99' }, location: { vi: 'Tầng 1', en: 'Ground floor' }, unitCode: 'LS', questionnaireKey: 'quick' }
    expect(await a.admin.create('counters', counter, { id: admin.id, at: 2 })).toMatchObject({ ok: true })
    expect((await b.catalog()).counters.map((c) => c.code)).toEqual([...before.counters.map((c) => c.code), 'HCC-99'].sort())
    expect(await b.admin.setActive('counters', 'HCC-99', false, { id: admin.id, at: 3 })).toMatchObject({ ok: true })
    expect(await a.catalog()).toEqual(before)
  })

  it('lets one of two administrators saving the same settings version win, and tells the other', async () => {
    const [first, second] = await Promise.all([a.settings.put('calendar', DEFAULT_CALENDAR, 0, null, 1), b.settings.put('calendar', DEFAULT_CALENDAR, 0, null, 2)])
    expect([first.ok, second.ok].sort()).toEqual([false, true])
    expect((await a.settings.get('calendar'))?.version).toBe(1)
    expect(await b.settings.history('calendar')).toHaveLength(1)
  })

  it('purges each contact once when both run the purge at the same moment', async () => {
    const inspector = await a.staff.create({ username: 'purge.check', displayName: 'Thanh tra', role: 'leadership', unitCode: null, passwordHash: 'x', createdAt: 1 })
    const items = [feedback(), feedback(), feedback()]
    expect((await a.feedback.insert(items)).map((r) => r.status)).toEqual(['stored', 'stored', 'stored'])
    for (const item of items.slice(0, 2)) {
      const view = (await a.feedback.staffView(item.id))!
      const event = { at: 1000, actor: inspector.id, action: 'close', before: null, after: null, publicNote: null, internalNote: null }
      expect(await a.feedback.applyChange({ id: item.id, expectedVersion: view.version, set: { status: 'closed', closedAt: 1000 }, event })).toMatchObject({ ok: true })
    }
    const counts = await Promise.all([a.exports.purgeContacts(5000, 6000), b.exports.purgeContacts(5000, 6000)])
    expect(counts.reduce((x, y) => x + y)).toBe(2)
    for (const item of items) {
      const view = (await b.feedback.staffView(item.id))!
      expect(view.contact === null).toBe(item !== items[2])
      expect(view.events.filter((e) => e.action === 'contact_purged')).toHaveLength(item === items[2] ? 0 : 1)
    }
  })
})
