import { Dexie } from 'dexie'
import { IDBKeyRange, indexedDB } from 'fake-indexeddb'
import { uuidv7 } from 'uuidv7'
import { afterEach, describe, expect, it } from 'vitest'
import { openOutboxDb, type OutboxDb, type QueuedPhoto } from '../../client/offline/db'
import { enqueueFeedback, findMyFeedback, watchFeedbackPending, watchFeedbackRejected } from '../../client/offline/feedback-outbox'
import { feedbackQueue } from '../../client/offline/feedback-queue'
import { enqueueResponse } from '../../client/offline/outbox'
import { createSync, type FetchLike, type Sync } from '../../client/offline/sync'
import type { RejectedFeedback } from '../../client/offline/types'
import type { FeedbackItemResult, FeedbackUpload } from '../../shared/feedback'
import { generateTrackingCode } from '../../shared/tracking-code'
import { feedbackItem } from '../server/feedback-fixtures'

// liveQuery reads Dexie's global dependencies, not the database's own options.
Object.assign(Dexie.dependencies, { indexedDB, IDBKeyRange })

const ENDPOINT = 'http://hailong.test/api/feedback'
const opened: { db: OutboxDb; sync?: Sync }[] = []

afterEach(async () => {
  for (const { db, sync } of opened.splice(0)) {
    sync?.stop()
    db.close()
    await indexedDB.deleteDatabase(db.name)
  }
})

function freshDb(): OutboxDb {
  const db = openOutboxDb(`feedback-outbox-${uuidv7()}`, { indexedDB, IDBKeyRange })
  opened.push({ db })
  return db
}

function syncFor(db: OutboxDb, fetch: FetchLike, newTrackingCode?: () => string): Sync {
  const sync = createSync({ db, queue: feedbackQueue(db, newTrackingCode ? { newTrackingCode } : {}), fetch, endpoint: ENDPOINT, setTimer: () => () => {} })
  opened.push({ db, sync })
  return sync
}

function jpeg(size: number, fill = 7): Blob {
  const bytes = new Uint8Array(size).fill(fill)
  bytes.set([0xff, 0xd8, 0xff, 0xe0])
  return new Blob([bytes], { type: 'image/jpeg' })
}

/** An item with photos: the refs in the payload, the bytes beside it. */
function withPhotos(...blobs: Blob[]): { item: ReturnType<typeof feedbackItem>; photos: QueuedPhoto[] } {
  const photos = blobs.map((blob) => ({ id: uuidv7(), blob }))
  return { item: feedbackItem({ photos: photos.map(({ id, blob }) => ({ id, contentType: 'image/jpeg', byteSize: blob.size })) }), photos }
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

const sentItems = (init: RequestInit) => (JSON.parse(String(init.body)) as { items: FeedbackUpload[] }).items

/** A fake endpoint recording each request's items, answering each with `status(item, call)`. */
function fakeServer(answer: (item: FeedbackUpload, call: number) => Omit<FeedbackItemResult, 'index' | 'id' | 'trackingCode'> = () => ({ status: 'stored' })) {
  const requests: FeedbackUpload[][] = []
  const fetch: FetchLike = async (url, init) => {
    expect(url).toBe(ENDPOINT)
    const items = sentItems(init)
    requests.push(items)
    return json({ results: items.map((sent, index) => ({ index, id: sent.id, trackingCode: sent.trackingCode, ...answer(sent, requests.length) })) })
  }
  return { fetch, requests }
}

describe('enqueueFeedback', () => {
  it('writes the local record, the outbox entry and the photo bytes together, before anything is sent', async () => {
    const db = freshDb()
    const { item: filed, photos } = withPhotos(jpeg(300), jpeg(200, 9))
    const outcome = await enqueueFeedback(db, { ...filed, trackingCode: filed.trackingCode.toLowerCase().replaceAll('-', '') }, photos, 1000)
    expect(outcome).toEqual({ state: 'queued', id: filed.id, trackingCode: filed.trackingCode })
    const [entry] = await db.feedbackOutbox.toArray()
    expect(entry).toMatchObject({ id: filed.id, attempts: 0, queuedAt: 1000 })
    // Stored as the server will read it: the code in its canonical form.
    expect(entry!.payload.trackingCode).toBe(filed.trackingCode)
    expect(entry!.photos.map((p) => [p.id, p.blob.size])).toEqual(photos.map((p) => [p.id, p.blob.size]))
    expect(new Uint8Array(await entry!.photos[1]!.blob.arrayBuffer())[10]).toBe(9)
    expect(await db.feedback.get(filed.id)).toMatchObject({ trackingCode: filed.trackingCode, state: 'queued', category: 'processing_time', counter: 'HCC-01' })
  })

  it('writes nothing at all when the outbox entry cannot be written (one transaction)', async () => {
    const db = freshDb()
    const filed = feedbackItem()
    // Something already holds this id in the outbox: the local record written first must be rolled back.
    await db.feedbackOutbox.add({ id: filed.id, payload: { ...feedbackItem(), id: filed.id } as never, photos: [], queuedAt: 1, attempts: 0 })
    expect(await enqueueFeedback(db, filed)).toEqual({ state: 'duplicate_here' })
    expect(await db.feedback.count()).toBe(0)
    expect(await db.feedbackOutbox.count()).toBe(1)
  })

  it('refuses the same item twice', async () => {
    const db = freshDb()
    const filed = feedbackItem()
    expect((await enqueueFeedback(db, filed)).state).toBe('queued')
    expect(await enqueueFeedback(db, filed)).toEqual({ state: 'duplicate_here' })
    expect(await db.feedbackOutbox.count()).toBe(1)
  })

  it('checks the item with the shared schema and stores nothing invalid', async () => {
    const db = freshDb()
    const short = await enqueueFeedback(db, feedbackItem({ description: 'ngắn' }))
    expect(short).toMatchObject({ state: 'invalid', path: 'description' })
    const contactWithoutConsent = await enqueueFeedback(db, feedbackItem({ wantsAnswer: true, contact: { name: 'A', phone: '0912345678' } }))
    expect(contactWithoutConsent).toMatchObject({ state: 'invalid', path: 'consent' })
    expect(await db.feedback.count()).toBe(0)
    expect(await db.feedbackOutbox.count()).toBe(0)
  })

  it('refuses photos whose bytes are missing or of another size than their ref says', async () => {
    const db = freshDb()
    const { item: filed, photos } = withPhotos(jpeg(100))
    expect(await enqueueFeedback(db, filed, [])).toMatchObject({ state: 'invalid', path: 'photos.0' })
    expect(await enqueueFeedback(db, filed, [{ id: photos[0]!.id, blob: jpeg(99) }])).toMatchObject({ state: 'invalid', path: 'photos.0.byteSize' })
    expect(await enqueueFeedback(db, feedbackItem(), photos)).toMatchObject({ state: 'invalid', path: 'photos' })
    expect(await db.feedbackOutbox.count()).toBe(0)
  })

  it('leaves the responses outbox alone: both live in one database', async () => {
    const db = freshDb()
    const rating = { id: uuidv7(), counter: 'HCC-01', questionnaire: { key: 'quick', version: 1 }, answers: { overall: 'unsatisfied' }, lang: 'vi', submittedAt: new Date().toISOString() }
    expect((await enqueueResponse(db, rating)).ok).toBe(true)
    expect((await enqueueFeedback(db, feedbackItem())).state).toBe('queued')
    expect(await db.outbox.count()).toBe(1)
    expect(await db.feedbackOutbox.count()).toBe(1)
  })
})

describe('the feedback sync', () => {
  it('sends items with photos one per request with their bytes in base64, and batches the others, oldest first', async () => {
    const db = freshDb()
    const plainA = feedbackItem()
    const { item: photographed, photos } = withPhotos(jpeg(5000, 1), jpeg(70_000, 2))
    const plainB = feedbackItem()
    const plainC = feedbackItem()
    for (const [filed, bytes] of [[plainA, []], [photographed, photos], [plainB, []], [plainC, []]] as const) {
      expect((await enqueueFeedback(db, filed, bytes)).state).toBe('queued')
    }
    const server = fakeServer()
    const report = await syncFor(db, server.fetch).flushOutbox()
    expect(report).toMatchObject({ acknowledged: [plainA.id, photographed.id, plainB.id, plainC.id], remaining: 0 })
    expect(server.requests.map((items) => items.map((sent) => sent.id))).toEqual([[plainA.id], [photographed.id], [plainB.id, plainC.id]])
    const sentPhotos = server.requests[1]![0]!.photos!
    expect(sentPhotos.map((p) => p.id)).toEqual(photos.map((p) => p.id))
    for (const [index, sent] of sentPhotos.entries()) {
      const original = new Uint8Array(await photos[index]!.blob.arrayBuffer())
      expect(new Uint8Array(Buffer.from(sent.data, 'base64'))).toEqual(original)
    }
    expect(server.requests[0]![0]!.photos).toEqual([])
    expect((await db.feedback.toArray()).map((f) => f.state)).toEqual(['sent', 'sent', 'sent', 'sent'])
  })

  it('keeps every entry and its photos until the server acknowledges it', async () => {
    const db = freshDb()
    const { item: filed, photos } = withPhotos(jpeg(400))
    await enqueueFeedback(db, filed, photos)
    const failures: FetchLike[] = [
      async () => {
        throw new TypeError('Failed to fetch')
      },
      async () => json({ error: { code: 'unavailable', message: 'later', path: '' } }, 503),
      async () => json({ results: [] }),
      async () => json({ results: [{ index: 0, id: uuidv7(), status: 'stored', trackingCode: null }] }),
      async () => json({ results: [{ index: 0, id: filed.id, status: 'pending_review', trackingCode: null }] }),
    ]
    for (const [attempt, fetch] of failures.entries()) {
      const report = await syncFor(db, fetch).flushOutbox()
      expect(report.acknowledged).toEqual([])
      expect(report.remaining).toBe(1)
      const [entry] = await db.feedbackOutbox.toArray()
      expect(entry!.attempts).toBe(attempt + 1)
      expect(entry!.photos[0]!.blob.size).toBe(400)
      expect((await db.feedback.get(filed.id))!.state).toBe('queued')
    }
    const server = fakeServer((_item) => ({ status: 'duplicate' }))
    expect(await syncFor(db, server.fetch).flushOutbox()).toMatchObject({ acknowledged: [filed.id], remaining: 0 })
  })

  it('makes a new tracking code when the server finds it taken, shows it, and sends the same item again', async () => {
    const db = freshDb()
    const filed = feedbackItem()
    const next = feedbackItem()
    await enqueueFeedback(db, filed)
    await enqueueFeedback(db, next)
    const replacement = generateTrackingCode()
    const taken = filed.trackingCode
    const server = fakeServer((sent) =>
      sent.trackingCode === taken
        ? { status: 'conflict', error: { code: 'tracking_code_taken', path: 'items.0.trackingCode', message: 'items.0.trackingCode: is already held by another item' } }
        : { status: 'stored' },
    )
    const report = await syncFor(db, server.fetch, () => replacement).flushOutbox()
    expect(report).toMatchObject({ acknowledged: [next.id, filed.id], rejected: [], remaining: 0 })
    // First request: both; the one whose code was taken went again, alone, under its id and a new code.
    expect(server.requests.map((items) => items.map((sent) => [sent.id, sent.trackingCode]))).toEqual([
      [[filed.id, taken], [next.id, next.trackingCode]],
      [[filed.id, replacement]],
    ])
    expect(await db.feedback.get(filed.id)).toMatchObject({ state: 'sent', trackingCode: replacement, previousCodes: [taken] })
    // The citizen may still type the code they were shown first.
    expect(await findMyFeedback(db, taken.toLowerCase())).toMatchObject({ id: filed.id, trackingCode: replacement })
    expect(await db.feedbackRejected.count()).toBe(0)
  })

  it('stops making codes when the server keeps refusing them, and keeps the item', async () => {
    const db = freshDb()
    const filed = feedbackItem()
    await enqueueFeedback(db, filed)
    const server = fakeServer(() => ({ status: 'conflict', error: { code: 'tracking_code_taken', path: 'items.0.trackingCode', message: 'taken' } }))
    const report = await syncFor(db, server.fetch).flushOutbox()
    expect(report).toMatchObject({ acknowledged: [], rejected: [], remaining: 1, failure: { kind: 'unacknowledged' } })
    expect(server.requests.length).toBe(4)
    const codes = new Set(server.requests.map(([sent]) => sent!.trackingCode))
    expect(codes.size).toBe(4)
    expect((await db.feedback.get(filed.id))!.previousCodes).toHaveLength(4)
  })

  it('keeps an item the server refuses as invalid, with its photos, and reports it', async () => {
    const db = freshDb()
    const { item: refusedItem, photos } = withPhotos(jpeg(123))
    const fine = feedbackItem()
    await enqueueFeedback(db, refusedItem, photos)
    await enqueueFeedback(db, fine)
    const seen: RejectedFeedback[][] = []
    const stop = watchFeedbackRejected(db, (items) => seen.push(items))
    const pending: number[] = []
    const stopPending = watchFeedbackPending(db, (count) => pending.push(count))
    const server = fakeServer((sent) =>
      sent.id === refusedItem.id
        ? { status: 'invalid', error: { code: 'photo_type_mismatch', path: 'items.0.photos.0.data', message: 'items.0.photos.0.data: is not a JPEG' } }
        : { status: 'stored' },
    )
    const report = await syncFor(db, server.fetch).flushOutbox()
    expect(report).toMatchObject({ acknowledged: [fine.id], rejected: [refusedItem.id], remaining: 0 })
    const kept = await db.feedbackRejected.get(refusedItem.id)
    expect(kept).toMatchObject({ status: 'invalid', path: 'photos.0.data', message: 'photos.0.data: is not a JPEG' })
    expect(kept!.payload.description).toBe(refusedItem.description)
    expect(kept!.photos[0]!.blob.size).toBe(123)
    expect((await db.feedback.get(refusedItem.id))!.state).toBe('rejected')
    await expect.poll(() => seen.at(-1)?.map((r) => [r.id, r.trackingCode, r.status])).toEqual([[refusedItem.id, refusedItem.trackingCode, 'invalid']])
    await expect.poll(() => pending.at(-1)).toBe(0)
    stop()
    stopPending()
  })
})
