import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_START } from '../../server/seed/demo-catalog'
import { openPostgresStore } from '../../server/store/postgres/postgres-store'
import type { Store } from '../../server/store/store'
import { createTestDatabase, type TestDatabase } from '../support/postgres-database'
import { feedback } from './new-feedback'

/**
 * What a client can send that SQLite takes and PostgreSQL's types would refuse: the store answers as SQLite
 * does (found, not found, stored) instead of failing the statement, and so the request.
 */

let database: TestDatabase
let store: Store

beforeAll(async () => {
  database = await createTestDatabase()
  store = openPostgresStore({ url: database.url })
  await store.loadInitialData(DEMO_START)
})
afterAll(async () => {
  await store?.close()
  await database?.drop()
})

describe('the PostgreSQL store and text it cannot hold as sent', () => {
  it('stores a description and a name holding a NUL, the NUL as U+FFFD', async () => {
    const item = feedback({ description: 'Hồ sơ\u0000 trễ hẹn', contact: { name: 'A\u0000B', phone: '0912345678', email: null } })
    expect(await store.feedback.insert([item])).toEqual([{ status: 'stored', trackingCode: item.trackingCode }])
    const view = await store.feedback.staffView(item.id)
    expect([view?.description, view?.contact?.name]).toEqual(['Hồ sơ\uFFFD trễ hẹn', 'A\uFFFDB'])
    expect((await store.feedback.insert([item]))[0]?.status).toBe('duplicate')
  })

  it('finds no account for a typed username holding a NUL', async () => {
    expect(await store.staff.findByUsername('admin\u0000')).toBeUndefined()
  })

  it('knows no questionnaire version past the integers it stores, or with a NUL in its key', async () => {
    expect(await store.questionnaire('quick', 2 ** 53)).toBeUndefined()
    expect(await store.questionnaire('quick\u0000', 1)).toBeUndefined()
    expect(await store.questionnaire('quick', 1)).toBeDefined()
  })
})
