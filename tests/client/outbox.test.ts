import { Dexie } from 'dexie'
import { IDBKeyRange, indexedDB } from 'fake-indexeddb'
import { uuidv7 } from 'uuidv7'
import { afterEach, describe, expect, it } from 'vitest'
import { openOutboxDb, type OutboxDb } from '../../client/offline/db'
import { enqueueResponse, readOutcome, submitResponse, watchPending, watchRejected } from '../../client/offline/outbox'
import { createSync, type FetchLike, type Sync } from '../../client/offline/sync'
import type { RejectedItem } from '../../client/offline/types'
import type { ItemResult, ResponseIn } from '../../shared/response'
import { quickResponse } from '../server/test-app'

// liveQuery reads Dexie's global dependencies, not the database's own options: without an IndexedDB there
// (as under Node) it silently never runs.
Object.assign(Dexie.dependencies, { indexedDB, IDBKeyRange })

const opened: { db: OutboxDb; sync?: Sync }[] = []
let dbCounter = 0

function freshDb(): OutboxDb {
  const db = openOutboxDb(`outbox-test-${process.pid}-${++dbCounter}-${uuidv7()}`, { indexedDB, IDBKeyRange })
  opened.push({ db })
  return db
}

function syncFor(db: OutboxDb, fetch: FetchLike): Sync {
  const sync = createSync({ db, fetch, endpoint: 'http://hailong.test/api/responses', setTimer: () => () => {} })
  opened.push({ db, sync })
  return sync
}

afterEach(async () => {
  for (const { db, sync } of opened.splice(0)) {
    sync?.stop()
    db.close()
    await indexedDB.deleteDatabase(db.name)
  }
})

const response = (overrides: Partial<ResponseIn> = {}) => quickResponse(overrides) as ResponseIn

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
}

function sentPayloads(init: RequestInit): ResponseIn[] {
  return (JSON.parse(String(init.body)) as { responses: ResponseIn[] }).responses
}

/** Answers every item with `status(item)`, like the real endpoint does. */
function answering(status: (item: ResponseIn) => ItemResult['status'] = () => 'stored'): FetchLike {
  return async (_url, init) =>
    json({ results: sentPayloads(init).map((item, index) => ({ index, id: item.id, status: status(item) })) })
}

describe('enqueueResponse', () => {
  it('writes the local record and the outbox entry together, with the normalised payload', async () => {
    const db = freshDb()
    const r = response({ dossier: ' hs-2024/001 ' })
    const result = await enqueueResponse(db, r, 1000)
    expect(result).toEqual({ ok: true, id: r.id })
    const local = await db.responses.get(r.id)
    const entries = await db.outbox.toArray()
    expect(local).toMatchObject({ id: r.id, state: 'queued', queuedAt: 1000 })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ id: r.id, attempts: 0, queuedAt: 1000 })
    // Sent as the server would read it: the schema's trimming and upper-casing already applied.
    expect(entries[0]!.payload.dossier).toBe('HS-2024/001')
    expect(local!.payload).toEqual(entries[0]!.payload)
  })

  it('writes neither when the outbox entry cannot be written (one transaction)', async () => {
    const db = freshDb()
    const r = response()
    // An outbox entry for this id without its local record: the second write of the transaction will fail.
    await db.outbox.add({ id: r.id, payload: r, queuedAt: 0, attempts: 0 })
    const result = await enqueueResponse(db, r)
    expect(result).toEqual({ ok: false, outcome: { state: 'duplicate_here' } })
    expect(await db.responses.get(r.id)).toBeUndefined()
    expect(await db.outbox.count()).toBe(1)
  })

  it('reports the same id submitted twice as duplicate_here and keeps one entry', async () => {
    const db = freshDb()
    const r = response()
    const [first, second] = await Promise.all([enqueueResponse(db, r), enqueueResponse(db, { ...r })])
    const outcomes = [first, second].map((result) => (result.ok ? 'queued' : result.outcome.state)).sort()
    expect(outcomes).toEqual(['duplicate_here', 'queued'])
    // The id is case-insensitive for the server, so it is for the device too.
    expect(await enqueueResponse(db, { ...r, id: r.id.toUpperCase() })).toEqual({ ok: false, outcome: { state: 'duplicate_here' } })
    expect(await db.outbox.count()).toBe(1)
    expect(await db.responses.count()).toBe(1)
  })

  it('still refuses an id that was already sent and left the outbox', async () => {
    const db = freshDb()
    const sync = syncFor(db, answering())
    const r = response()
    expect(await submitResponse(db, sync, r)).toEqual({ state: 'sent' })
    expect(await submitResponse(db, sync, r)).toEqual({ state: 'duplicate_here' })
  })

  it('refuses a malformed response at the device, naming the field, and stores nothing', async () => {
    const db = freshDb()
    const result = await enqueueResponse(db, { ...response(), lang: 'fr' })
    expect(result).toMatchObject({ ok: false, outcome: { state: 'rejected', status: 'invalid' } })
    expect(!result.ok && result.outcome.state === 'rejected' && result.outcome.message).toMatch(/^lang: /)
    const badAnswer = await enqueueResponse(db, response({ answers: { overall: 'x'.repeat(2001) } }))
    expect(!badAnswer.ok && badAnswer.outcome.state === 'rejected' && badAnswer.outcome.message).toMatch(/^answers\.overall: /)
    expect(await db.responses.count()).toBe(0)
    expect(await db.outbox.count()).toBe(0)
  })
})

/** A server that stores everything, but answers only once released. */
function heldSync(db: OutboxDb): { sync: Sync; release: () => void } {
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  const slow = answering()
  const sync = syncFor(db, async (url, init) => {
    await gate
    return slow(url, init)
  })
  return { sync, release }
}

describe('submitResponse', () => {
  it('answers sent once the server stored it, and the outbox is empty', async () => {
    const db = freshDb()
    const sync = syncFor(db, answering())
    const r = response()
    expect(await submitResponse(db, sync, r)).toEqual({ state: 'sent' })
    expect(await db.outbox.count()).toBe(0)
    expect(await db.responses.get(r.id)).toMatchObject({ state: 'sent' })
  })

  it('answers sent when the server already had it (duplicate)', async () => {
    const db = freshDb()
    const sync = syncFor(db, answering(() => 'duplicate'))
    expect(await submitResponse(db, sync, response())).toEqual({ state: 'sent' })
  })

  it('answers queued, never sent, when the network fails or the server is unavailable', async () => {
    const db = freshDb()
    const offline = syncFor(db, async () => {
      throw new TypeError('Failed to fetch')
    })
    expect(await submitResponse(db, offline, response())).toEqual({ state: 'queued' })
    const unavailable = syncFor(db, async () => json({ error: { code: 'unavailable', message: 'later', path: '' } }, 503))
    expect(await submitResponse(db, unavailable, response())).toEqual({ state: 'queued' })
    expect(await db.outbox.count()).toBe(2)
  })

  it('answers queued when the server is slower than the wait, and sent is learned later', async () => {
    const db = freshDb()
    const { sync, release } = heldSync(db)
    const r = response()
    const started = Date.now()
    expect(await submitResponse(db, sync, r, { waitMs: 50 })).toEqual({ state: 'queued' })
    expect(Date.now() - started).toBeLessThan(1000)
    release()
    await sync.flushOutbox()
    expect(await readOutcome(db, r.id)).toEqual({ state: 'sent' })
  })

  it('tells the page the response is queued before the server answers, so a tab closed mid-send has spent its id', async () => {
    const db = freshDb()
    const { sync, release } = heldSync(db)
    const r = response()
    const events: string[] = []
    const submitted = submitResponse(db, sync, r, {
      waitMs: 5_000,
      onQueued: (id) => events.push(`queued ${id}`),
    }).then((outcome) => events.push(`outcome ${outcome.state}`))
    await new Promise((resolve) => setTimeout(resolve, 50))
    // The server has not answered yet, but the id is already in the outbox and the page knows it.
    expect(events).toEqual([`queued ${r.id}`])
    expect(await db.outbox.count()).toBe(1)
    release()
    await submitted
    expect(events).toEqual([`queued ${r.id}`, 'outcome sent'])
  })

  it('stores a second form that reuses a queued id under a fresh id, but a resend of the same form once', async () => {
    const db = freshDb()
    const sync = syncFor(db, answering())
    const first = response({ answers: { overall: 'satisfied' } })
    const fresh = uuidv7()
    const queued: string[] = []
    const options = { freshId: () => fresh, onQueued: (id: string) => queued.push(id) }
    expect(await submitResponse(db, sync, first, options)).toEqual({ state: 'sent' })
    // The same form again, a moment later (a reload during the send): one response.
    const resent = { ...first, submittedAt: new Date(Date.now() + 1_000).toISOString() }
    expect(await submitResponse(db, sync, resent, options)).toEqual({ state: 'duplicate_here' })
    // Other answers under the same id (the tab reloaded before it could spend the id): a second rating.
    expect(await submitResponse(db, sync, { ...first, answers: { overall: 'unsatisfied' } }, options)).toEqual({ state: 'sent' })
    expect(queued).toEqual([first.id, fresh])
    expect((await db.responses.toArray()).map((row) => [row.id, row.payload.answers.overall]).sort()).toEqual(
      [[first.id, 'satisfied'], [fresh, 'unsatisfied']].sort(),
    )
  })

  it('answers rejected with the reason when the server refuses the dossier', async () => {
    const db = freshDb()
    const sync = syncFor(db, async (_url, init) =>
      json({
        results: sentPayloads(init).map((item, index) => ({
          index,
          id: item.id,
          status: 'dossier_already_rated',
          error: { code: 'dossier_already_rated', path: `responses.${index}.dossier`, message: `responses.${index}.dossier: this dossier has already been evaluated` },
        })),
      }),
    )
    const r = response({ dossier: 'HS-1' })
    expect(await submitResponse(db, sync, r)).toEqual({
      state: 'rejected',
      status: 'dossier_already_rated',
      message: 'dossier: this dossier has already been evaluated',
    })
    expect(await db.outbox.count()).toBe(0)
    expect(await db.rejected.get(r.id)).toMatchObject({ status: 'dossier_already_rated', path: 'dossier', payload: { dossier: 'HS-1' } })
  })

  it('answers sent only for its own id when the server acknowledged others in the batch', async () => {
    const db = freshDb()
    const earlier = response()
    await enqueueResponse(db, earlier)
    // Acknowledges only the first item of each batch; the rest stays unanswered.
    const sync = syncFor(db, async (_url, init) => json({ results: [{ index: 0, id: sentPayloads(init)[0]!.id, status: 'stored' }] }))
    const mine = response()
    expect(await submitResponse(db, sync, mine)).toEqual({ state: 'queued' })
    expect(await readOutcome(db, earlier.id)).toEqual({ state: 'sent' })
    expect((await db.outbox.toArray()).map((e) => e.id)).toEqual([mine.id])
  })
})

/** liveQuery delivers asynchronously: poll briefly for what it should show. */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5))
  expect(check()).toBe(true)
}

describe('live views', () => {
  it('keeps the pending count and the rejected list current', async () => {
    const db = freshDb()
    const counts: number[] = []
    const rejectedSeen: RejectedItem[][] = []
    const unwatchPending = watchPending(db, (n) => counts.push(n))
    const unwatchRejected = watchRejected(db, (items) => rejectedSeen.push(items))
    await until(() => counts.at(-1) === 0)
    const conflicting = response()
    await enqueueResponse(db, response())
    await enqueueResponse(db, conflicting)
    await until(() => counts.at(-1) === 2)
    const sync = syncFor(db, answering((item) => (item.id === conflicting.id ? 'conflict' : 'stored')))
    await sync.flushOutbox()
    await until(() => counts.at(-1) === 0)
    await until(() => rejectedSeen.at(-1)?.length === 1)
    expect(rejectedSeen.at(-1)![0]).toMatchObject({ id: conflicting.id, status: 'conflict' })
    unwatchPending()
    unwatchRejected()
  })

  it('keeps queued and rejected responses across a reopened database', async () => {
    const db = freshDb()
    const queued = response()
    const refused = response()
    await enqueueResponse(db, refused)
    await syncFor(db, answering(() => 'invalid')).flushOutbox()
    await enqueueResponse(db, queued)
    db.close()
    const again = openOutboxDb(db.name, { indexedDB, IDBKeyRange })
    opened.push({ db: again })
    expect((await again.outbox.toArray()).map((e) => e.id)).toEqual([queued.id])
    expect(await again.rejected.get(refused.id)).toMatchObject({ status: 'invalid' })
    expect(await readOutcome(again, refused.id)).toMatchObject({ state: 'rejected', status: 'invalid' })
  })
})
