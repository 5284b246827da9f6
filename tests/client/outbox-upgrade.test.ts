import { Dexie } from 'dexie'
import { IDBKeyRange, indexedDB } from 'fake-indexeddb'
import { uuidv7 } from 'uuidv7'
import { afterEach, describe, expect, it } from 'vitest'
import { openOutboxDb, type OutboxDb } from '../../client/offline/db'
import { enqueueFeedback } from '../../client/offline/feedback-outbox'
import { enqueueResponse } from '../../client/offline/outbox'
import { createSync } from '../../client/offline/sync'
import type { ResponseIn } from '../../shared/response'
import { feedbackItem } from '../server/feedback-fixtures'
import { quickResponse } from '../server/test-app'

// Issue 11, item 2: a device keeps its IndexedDB across app versions. Ratings queued by a build with the
// first schema (before the feedback outbox) must survive the new build's upgrade and leave unchanged.

const names: string[] = []
const opened: Dexie[] = []

afterEach(async () => {
  for (const db of opened.splice(0)) db.close()
  for (const name of names.splice(0)) await indexedDB.deleteDatabase(name)
})

/** The database as the first version of the app created and filled it. */
async function firstVersionDatabase(queued: ResponseIn[]): Promise<string> {
  const name = `upgrade-${uuidv7()}`
  names.push(name)
  const v1 = new Dexie(name, { indexedDB, IDBKeyRange })
  v1.version(1).stores({ responses: 'id, state', outbox: '++seq, &id', rejected: 'id, at' })
  for (const [i, payload] of queued.entries()) {
    await v1.table('responses').add({ id: payload.id, payload, state: 'queued', queuedAt: 1000 + i })
    await v1.table('outbox').add({ id: payload.id, payload, queuedAt: 1000 + i, attempts: 0 })
  }
  v1.close()
  return name
}

describe('the outbox database across app versions', () => {
  it('upgrades a first-version database in place: queued ratings kept, sent once, the feedback outbox added', async () => {
    const queued = [quickResponse(), quickResponse(), quickResponse()] as ResponseIn[]
    const name = await firstVersionDatabase(queued)

    const db: OutboxDb = openOutboxDb(name, { indexedDB, IDBKeyRange })
    opened.push(db)
    await db.open()
    expect(db.verno).toBe(2)
    expect((await db.outbox.toArray()).map((e) => e.id)).toEqual(queued.map((r) => r.id))

    // The new build's other outbox works in the upgraded database.
    expect((await enqueueFeedback(db, feedbackItem())).state).toBe('queued')
    // A rating queued again under the same id is still refused as a duplicate, not added a second time.
    expect((await enqueueResponse(db, queued[0])).ok).toBe(false)

    const sent: string[] = []
    const sync = createSync({
      db,
      endpoint: 'http://hailong.test/api/responses',
      setTimer: () => () => {},
      fetch: async (_url, init) => {
        const { responses } = JSON.parse(String(init.body)) as { responses: ResponseIn[] }
        sent.push(...responses.map((r) => r.id))
        const results = responses.map((r, index) => ({ index, id: r.id, status: 'stored' }))
        return new Response(JSON.stringify({ results }), { status: 200, headers: { 'content-type': 'application/json' } })
      },
    })
    await sync.flushOutbox()
    sync.stop()
    expect(sent).toEqual(queued.map((r) => r.id))
    expect(await db.outbox.count()).toBe(0)
    expect(await db.feedbackOutbox.count()).toBe(1)
  })
})
