import { IDBKeyRange, indexedDB } from 'fake-indexeddb'
import { uuidv7 } from 'uuidv7'
import { afterEach, describe, expect, it } from 'vitest'
import { openOutboxDb, type OutboxDb } from '../../client/offline/db'
import { enqueueFeedback } from '../../client/offline/feedback-outbox'
import { enqueueResponse } from '../../client/offline/outbox'
import { NOTHING_WAITING, waitingOnDevice } from '../../client/offline/waiting'
import { feedbackItem } from '../server/feedback-fixtures'
import { quickResponse } from '../server/test-app'

// The app opens an outbox at start only when this says something waits: it must count exactly what the
// outboxes would send, and never create or change the database Dexie owns.

const names: string[] = []
const opened: OutboxDb[] = []

afterEach(async () => {
  for (const db of opened.splice(0)) db.close()
  for (const name of names.splice(0)) await indexedDB.deleteDatabase(name)
})

function freshName(): string {
  const name = `waiting-${uuidv7()}`
  names.push(name)
  return name
}

function openDb(name: string): OutboxDb {
  const db = openOutboxDb(name, { indexedDB, IDBKeyRange })
  opened.push(db)
  return db
}

async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '')
}

describe('waitingOnDevice', () => {
  it('finds nothing on a device that never queued anything, and leaves no database behind', async () => {
    const name = freshName()
    expect(await waitingOnDevice(indexedDB, name)).toEqual(NOTHING_WAITING)
    expect(await databaseNames()).not.toContain(name)
    // Dexie then creates it as it declares it.
    const db = openDb(name)
    expect((await enqueueResponse(db, quickResponse())).ok).toBe(true)
    expect(db.verno).toBe(2)
  })

  it('counts the queued responses and feedback items and lists the refused responses', async () => {
    const name = freshName()
    const db = openDb(name)
    await db.open()
    db.close()
    expect(await waitingOnDevice(indexedDB, name)).toEqual(NOTHING_WAITING)

    await db.open()
    for (let i = 0; i < 3; i++) await enqueueResponse(db, quickResponse())
    expect((await enqueueFeedback(db, feedbackItem())).state).toBe('queued')
    const refused = quickResponse()
    await db.rejected.add({ id: refused.id, status: 'conflict', message: 'm', path: '', at: 1, payload: refused as never })
    // Read while Dexie holds its own connection, as another tab would.
    expect(await waitingOnDevice(indexedDB, name)).toEqual({ responses: 3, rejected: [refused.id], feedback: 1 })
  })

  it('reads a database from before the feedback outbox (version 1) without upgrading it', async () => {
    const name = freshName()
    const { Dexie } = await import('dexie')
    const v1 = new Dexie(name, { indexedDB, IDBKeyRange })
    v1.version(1).stores({ responses: 'id, state', outbox: '++seq, &id', rejected: 'id, at' })
    await v1.table('outbox').add({ id: uuidv7(), payload: quickResponse(), queuedAt: 1, attempts: 0 })
    v1.close()
    expect(await waitingOnDevice(indexedDB, name)).toEqual({ responses: 1, rejected: [], feedback: 0 })
    const after = new Dexie(name, { indexedDB, IDBKeyRange })
    await after.open()
    expect(after.verno).toBe(1)
    after.close()
  })
})
