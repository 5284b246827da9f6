import Database from 'better-sqlite3'
import { IDBKeyRange, indexedDB } from 'fake-indexeddb'
import { uuidv7 } from 'uuidv7'
import { afterEach, describe, expect, it } from 'vitest'
import { openOutboxDb, type OutboxDb } from '../../client/offline/db'
import { enqueueResponse, readOutcome, submitResponse } from '../../client/offline/outbox'
import { createSync, type FetchLike, type Sync, type SyncOptions } from '../../client/offline/sync'
import type { ResponseIn } from '../../shared/response'
import { createTestApp, quickResponse, type TestApp } from '../server/test-app'

// The device's sync against the real POST /api/responses (through app.request, over a temporary SQLite file):
// the statuses and error shapes it relies on are the server's, not a fake's.

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  // Last opened, first closed: a Sync before its database, a database before the server.
  for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) await cleanup()
})

async function server(env: Record<string, string> = {}): Promise<TestApp> {
  const t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000', ...env })
  cleanups.push(() => t.close())
  return t
}

function device(): OutboxDb {
  const db = openOutboxDb(`sync-server-${uuidv7()}`, { indexedDB, IDBKeyRange })
  cleanups.push(async () => {
    db.close()
    await indexedDB.deleteDatabase(db.name)
  })
  return db
}

const viaApp =
  (t: TestApp): FetchLike =>
  (url, init) =>
    Promise.resolve(t.app.request(url, init))

function syncTo(db: OutboxDb, fetch: FetchLike, options: Partial<SyncOptions> = {}): Sync {
  const sync = createSync({ db, fetch, endpoint: 'http://localhost/api/responses', setTimer: () => () => {}, ...options })
  cleanups.push(() => sync.stop())
  return sync
}

function storedIds(t: TestApp): string[] {
  const sqlite = new Database(t.path, { readonly: true })
  try {
    return (sqlite.prepare('SELECT id FROM responses ORDER BY id').all() as { id: string }[]).map((row) => row.id)
  } finally {
    sqlite.close()
  }
}

async function queueQuick(db: OutboxDb, n: number, overrides: Record<string, unknown> = {}): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const result = await enqueueResponse(db, quickResponse(overrides))
    if (!result.ok) throw new Error(`enqueue failed: ${JSON.stringify(result.outcome)}`)
    ids.push(result.id)
  }
  return ids
}

describe('sync against the real endpoint', () => {
  it('delivers queued responses in batches, each stored once', async () => {
    const t = await server()
    const db = device()
    const ids = await queueQuick(db, 30)
    const report = await syncTo(db, viaApp(t), { batchSize: 8 }).flushOutbox()
    expect(report).toMatchObject({ acknowledged: ids, remaining: 0 })
    expect(storedIds(t)).toEqual([...ids].sort())
  })

  it('delivers exactly once when acknowledgements are lost on the way back', async () => {
    const t = await server()
    const db = device()
    const ids = await queueQuick(db, 20)
    let calls = 0
    // The server stores the batch, then the connection drops before the answer reaches the device.
    const lossy: FetchLike = async (url, init) => {
      calls += 1
      const res = await t.app.request(url, init)
      if (calls % 2 === 1) throw new TypeError('network connection was lost')
      return res
    }
    const sync = syncTo(db, lossy, { batchSize: 7 })
    for (let i = 0; i < 20 && (await sync.pendingCount()) > 0; i++) await sync.flushOutbox()
    expect(await sync.pendingCount()).toBe(0)
    expect((await db.responses.bulkGet(ids)).every((r) => r?.state === 'sent')).toBe(true)
    expect(storedIds(t)).toEqual([...ids].sort())
  })

  it('keeps the refusals on the device: a dossier rated twice, an id reused with other content, an unknown counter', async () => {
    const t = await server()
    const db = device()
    const sync = syncTo(db, viaApp(t))
    const first = quickResponse({ dossier: 'HS-2025-001' }) as ResponseIn
    expect(await submitResponse(db, sync, first)).toEqual({ state: 'sent' })
    expect(await submitResponse(db, sync, quickResponse({ dossier: 'hs-2025-001' }))).toEqual({
      state: 'rejected',
      status: 'dossier_already_rated',
      message: 'dossier: this dossier has already been evaluated',
    })

    // Another device (or a restored backup) with the same id and different answers.
    const other = device()
    const otherSync = syncTo(other, viaApp(t))
    const reused = await submitResponse(other, otherSync, { ...first, dossier: undefined, answers: { overall: 'unsatisfied' } })
    expect(reused).toMatchObject({ state: 'rejected', status: 'conflict' })

    const unknownCounter = quickResponse({ counter: 'NO-SUCH' })
    expect(await submitResponse(db, sync, unknownCounter)).toMatchObject({ state: 'rejected', status: 'invalid' })
    expect(await db.rejected.get(unknownCounter.id as string)).toMatchObject({ status: 'invalid', path: 'counter' })
    expect(await db.outbox.count()).toBe(0)
    expect(await other.outbox.count()).toBe(0)
    expect(storedIds(t)).toEqual([first.id])
  })

  it('halves the batch when the server answers 413, and still delivers everything', async () => {
    const t = await server({ BODY_LIMIT_BYTES: '2048' })
    const db = device()
    const ids = await queueQuick(db, 16)
    const sync = syncTo(db, viaApp(t))
    const report = await sync.flushOutbox()
    expect(report).toMatchObject({ acknowledged: ids, remaining: 0 })
    expect(sync.batchSize()).toBeLessThan(16)
    expect(storedIds(t)).toEqual([...ids].sort())
  })

  it('answers sent for a response the server acknowledged as already stored', async () => {
    const t = await server()
    const r = quickResponse() as ResponseIn
    const res = await t.app.request('/api/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ responses: [r] }),
    })
    expect(res.status).toBe(200)
    const db = device()
    expect(await submitResponse(db, syncTo(db, viaApp(t)), r)).toEqual({ state: 'sent' })
    expect(await readOutcome(db, r.id)).toEqual({ state: 'sent' })
    expect(storedIds(t)).toEqual([r.id])
  })
})
