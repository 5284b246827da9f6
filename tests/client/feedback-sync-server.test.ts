import { IDBKeyRange, indexedDB } from 'fake-indexeddb'
import { uuidv7 } from 'uuidv7'
import { afterEach, describe, expect, it } from 'vitest'
import { openOutboxDb, type OutboxDb } from '../../client/offline/db'
import { enqueueFeedback } from '../../client/offline/feedback-outbox'
import { feedbackQueue } from '../../client/offline/feedback-queue'
import { createSync, type FetchLike, type Sync } from '../../client/offline/sync'
import type { PublicTracking } from '../../shared/feedback'
import { feedbackItem, imageBytes, postFeedback } from '../server/feedback-fixtures'
import { createTestApp, withDb, type TestApp } from '../server/test-app'

// The device's feedback sync against the real POST /api/feedback (app.request over a temporary SQLite file):
// the statuses, the tracking_code_taken conflict and the photo checks are the server's, not a fake's.

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) await cleanup()
})

async function server(): Promise<TestApp> {
  const t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  cleanups.push(() => t.close())
  return t
}

function device(): OutboxDb {
  const db = openOutboxDb(`feedback-sync-server-${uuidv7()}`, { indexedDB, IDBKeyRange })
  cleanups.push(async () => {
    db.close()
    await indexedDB.deleteDatabase(db.name)
  })
  return db
}

function syncTo(t: TestApp, db: OutboxDb, fetch?: FetchLike): Sync {
  const sync = createSync({
    db,
    queue: feedbackQueue(db),
    fetch: fetch ?? ((url, init) => Promise.resolve(t.app.request(url, init))),
    endpoint: 'http://localhost/api/feedback',
    setTimer: () => () => {},
  })
  cleanups.push(() => sync.stop())
  return sync
}

async function track(t: TestApp, code: string): Promise<{ status: number; body: PublicTracking }> {
  const res = await t.app.request(`/api/track/${code}`)
  return { status: res.status, body: (await res.json()) as PublicTracking }
}

const storedPhotos = (t: TestApp, itemId: string) =>
  withDb(t.path, (db) => (db.prepare('SELECT COUNT(*) AS n FROM feedback_photos WHERE feedback_id = ?').get(itemId) as { n: number }).n)

function jpegBlob(size: number): Blob {
  return new Blob([new Uint8Array(imageBytes('image/jpeg', size))], { type: 'image/jpeg' })
}

describe('the feedback sync against the real endpoint', () => {
  it('stores an item with its photos exactly once, even when the acknowledgement is lost and it is sent again', async () => {
    const t = await server()
    const db = device()
    const photos = [{ id: uuidv7(), blob: jpegBlob(2048) }]
    const filed = feedbackItem({ photos: photos.map((p) => ({ id: p.id, contentType: 'image/jpeg', byteSize: p.blob.size })) })
    expect((await enqueueFeedback(db, filed, photos)).state).toBe('queued')

    // The server stores it, the answer never reaches the device.
    const lost: FetchLike = async (url, init) => {
      await t.app.request(url, init)
      throw new TypeError('connection reset')
    }
    expect(await syncTo(t, db, lost).flushOutbox()).toMatchObject({ acknowledged: [], remaining: 1, failure: { kind: 'network' } })
    expect(await syncTo(t, db).flushOutbox()).toMatchObject({ acknowledged: [filed.id], remaining: 0 })

    const found = await track(t, filed.trackingCode)
    expect(found.status).toBe(200)
    expect(found.body.trackingCode).toBe(filed.trackingCode)
    expect(withDb(t.path, (sqlite) => (sqlite.prepare('SELECT COUNT(*) AS n FROM feedback WHERE id = ?').get(filed.id) as { n: number }).n)).toBe(1)
    expect(storedPhotos(t, filed.id)).toBe(1)
  })

  it('gets a new code when another item holds the one made on the device, and the item is found under it', async () => {
    const t = await server()
    const db = device()
    const other = feedbackItem()
    expect((await postFeedback(t.app, [other]))[0]!.status).toBe('stored')
    const mine = feedbackItem({ trackingCode: other.trackingCode })
    await enqueueFeedback(db, mine)

    expect(await syncTo(t, db).flushOutbox()).toMatchObject({ acknowledged: [mine.id], rejected: [], remaining: 0 })
    const local = await db.feedback.get(mine.id)
    expect(local!.previousCodes).toEqual([other.trackingCode])
    expect(local!.trackingCode).not.toBe(other.trackingCode)
    expect((await track(t, local!.trackingCode)).status).toBe(200)
    const stored = withDb(t.path, (sqlite) => sqlite.prepare('SELECT tracking_code AS code FROM feedback WHERE id = ?').get(mine.id) as { code: string })
    expect(stored.code).toBe(local!.trackingCode)
  })

  it('keeps an item whose photo the server refuses, and sends the others', async () => {
    const t = await server()
    const db = device()
    // Declared a JPEG, holds a PNG: the server reads the type from the bytes.
    const png = new Blob([new Uint8Array(imageBytes('image/png', 500))], { type: 'image/png' })
    const photos = [{ id: uuidv7(), blob: png }]
    const bad = feedbackItem({ photos: [{ id: photos[0]!.id, contentType: 'image/jpeg', byteSize: png.size }] })
    const good = feedbackItem()
    await enqueueFeedback(db, bad, photos)
    await enqueueFeedback(db, good)
    expect(await syncTo(t, db).flushOutbox()).toMatchObject({ acknowledged: [good.id], rejected: [bad.id], remaining: 0 })
    const kept = await db.feedbackRejected.get(bad.id)
    expect(kept).toMatchObject({ status: 'invalid', path: 'photos.0.data' })
    expect(kept!.photos[0]!.blob.size).toBe(500)
    expect((await track(t, bad.trackingCode)).status).toBe(404)
  })
})
