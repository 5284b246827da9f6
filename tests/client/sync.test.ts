import { IDBKeyRange, indexedDB } from 'fake-indexeddb'
import { uuidv7 } from 'uuidv7'
import { afterEach, describe, expect, it } from 'vitest'
import { openOutboxDb, type OutboxDb } from '../../client/offline/db'
import { enqueueResponse } from '../../client/offline/outbox'
import { backoffDelay, createSync, parseRetryAfter, type FetchLike, type Sync, type SyncOptions } from '../../client/offline/sync'
import type { ItemResult, ResponseIn } from '../../shared/response'
import { quickResponse } from '../server/test-app'

const ENDPOINT = 'http://hailong.test/api/responses'
const response = () => quickResponse() as ResponseIn
const opened: { db: OutboxDb; sync?: Sync }[] = []

afterEach(async () => {
  for (const { db, sync } of opened.splice(0)) {
    sync?.stop()
    db.close()
    await indexedDB.deleteDatabase(db.name)
  }
})

function freshDb(): OutboxDb {
  const db = openOutboxDb(`sync-test-${uuidv7()}`, { indexedDB, IDBKeyRange })
  opened.push({ db })
  return db
}

/** Queues `n` responses; returns their ids in submission order. */
async function queue(db: OutboxDb, n: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const result = await enqueueResponse(db, response())
    if (!result.ok) throw new Error('enqueue failed')
    ids.push(result.id)
  }
  return ids
}

const outboxIds = async (db: OutboxDb) => (await db.outbox.orderBy('seq').toArray()).map((e) => e.id)

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } })
}

function idsOf(init: RequestInit): string[] {
  return (JSON.parse(String(init.body)) as { responses: ResponseIn[] }).responses.map((r) => r.id)
}

function resultsFor(init: RequestInit, status: (id: string, index: number) => ItemResult['status'] = () => 'stored'): ItemResult[] {
  return idsOf(init).map((id, index) => ({ index, id, status: status(id, index) }))
}

/** A fake endpoint that records what it was sent and answers with `handler` (every item stored by default). */
function fakeServer(handler: (init: RequestInit, call: number) => Response | Promise<Response> = (init) => json({ results: resultsFor(init) })) {
  const batches: string[][] = []
  const fetch: FetchLike = async (url, init) => {
    expect(url).toBe(ENDPOINT)
    batches.push(idsOf(init))
    return handler(init, batches.length)
  }
  return { fetch, batches }
}

/** A request that never answers, until it is aborted. */
const hanging: FetchLike = (_url, init) =>
  new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))

/** A timer that only records: tests fire it by hand. */
function manualTimer() {
  const scheduled: { ms: number; run: () => void; cancelled: boolean; fired: boolean }[] = []
  const setTimer: SyncOptions['setTimer'] = (run, ms) => {
    const timer = {
      ms,
      run: () => {
        timer.fired = true
        run()
      },
      cancelled: false,
      fired: false,
    }
    scheduled.push(timer)
    return () => {
      timer.cancelled = true
    }
  }
  const active = () => scheduled.filter((t) => !t.cancelled && !t.fired)
  return { setTimer, scheduled, active }
}

function makeSync(db: OutboxDb, fetch: FetchLike, options: Partial<SyncOptions> = {}): Sync {
  const sync = createSync({ db, fetch, endpoint: ENDPOINT, setTimer: manualTimer().setTimer, random: () => 0.5, ...options })
  opened.push({ db, sync })
  return sync
}

describe('flushOutbox: acknowledgements', () => {
  it('removes stored and duplicate items and marks them sent', async () => {
    const db = freshDb()
    const ids = await queue(db, 4)
    const server = fakeServer((init) => json({ results: resultsFor(init, (_id, i) => (i % 2 ? 'duplicate' : 'stored')) }))
    const report = await makeSync(db, server.fetch).flushOutbox()
    expect(server.batches).toEqual([ids])
    expect(report).toMatchObject({ acknowledged: ids, rejected: [], remaining: 0 })
    expect(report.failure).toBeUndefined()
    expect(await db.outbox.count()).toBe(0)
    expect((await db.responses.bulkGet(ids)).map((r) => r?.state)).toEqual(['sent', 'sent', 'sent', 'sent'])
  })

  it('moves conflict, dossier_already_rated and invalid items to rejected with the reason, never drops them', async () => {
    const db = freshDb()
    const ids = await queue(db, 4)
    const statuses: ItemResult['status'][] = ['stored', 'conflict', 'dossier_already_rated', 'invalid']
    const server = fakeServer((init) =>
      json({
        results: idsOf(init).map((id, index) => ({
          index,
          id,
          status: statuses[index],
          ...(index === 2
            ? { error: { code: 'dossier_already_rated', path: `responses.${index}.dossier`, message: `responses.${index}.dossier: already evaluated` } }
            : index === 3
              ? { error: { code: 'invalid', path: `responses.${index}.counter`, message: `responses.${index}.counter: unknown counter` } }
              : {}),
        })),
      }),
    )
    const report = await makeSync(db, server.fetch).flushOutbox()
    expect(report).toMatchObject({ acknowledged: [ids[0]], rejected: ids.slice(1), remaining: 0 })
    const rejected = await db.rejected.bulkGet(ids.slice(1))
    expect(rejected.map((r) => [r?.status, r?.path, r?.message])).toEqual([
      ['conflict', '', 'conflict'],
      ['dossier_already_rated', 'dossier', 'dossier: already evaluated'],
      ['invalid', 'counter', 'counter: unknown counter'],
    ])
    expect(rejected.every((r) => r?.payload.counter === 'HCC-01')).toBe(true)
    expect((await db.responses.bulkGet(ids)).map((r) => r?.state)).toEqual(['sent', 'rejected', 'rejected', 'rejected'])
  })
})

describe('flushOutbox: nothing leaves without an acknowledgement', () => {
  const failures: [string, () => Response | Promise<Response>][] = [
    ['a network error', () => Promise.reject(new TypeError('fetch failed'))],
    ['503', () => json({ error: { code: 'unavailable', message: 'retry later', path: '' } }, 503)],
    ['500 with an HTML body', () => new Response('<h1>oops</h1>', { status: 500 })],
    ['400 for the whole request', () => json({ error: { code: 'invalid', message: 'responses: bad', path: 'responses' } }, 400)],
    ['200 that is not JSON', () => new Response('<html>captive portal</html>', { status: 200 })],
    ['200 without results', () => json({ ok: true })],
    ['200 with results of the wrong shape', () => json({ results: [{ index: '0', status: 'stored' }] })],
    ['200 with an unknown status', () => json({ results: [{ index: 0, id: null, status: 'accepted' }] })],
    ['204 without a body', () => new Response(null, { status: 204 })],
  ]

  for (const [name, answer] of failures) {
    it(`keeps every entry, in order, after ${name}`, async () => {
      const db = freshDb()
      const ids = await queue(db, 3)
      const report = await makeSync(db, fakeServer(answer).fetch).flushOutbox()
      expect(report.acknowledged).toEqual([])
      expect(report.remaining).toBe(3)
      expect(report.failure).toBeDefined()
      expect(await outboxIds(db)).toEqual(ids)
      expect((await db.responses.bulkGet(ids)).map((r) => r?.state)).toEqual(['queued', 'queued', 'queued'])
    })
  }

  it('counts attempts and keeps the last error on the entries', async () => {
    const db = freshDb()
    await queue(db, 2)
    const sync = makeSync(db, fakeServer(() => json({ error: { code: 'unavailable', message: 'disk busy', path: '' } }, 503)).fetch)
    await sync.flushOutbox()
    await sync.flushOutbox()
    const entries = await db.outbox.toArray()
    expect(entries.map((e) => [e.attempts, e.lastError])).toEqual([
      [2, 'HTTP 503: disk busy'],
      [2, 'HTTP 503: disk busy'],
    ])
  })

  it('resends the same entries first, in the same order, after a failed flush', async () => {
    const db = freshDb()
    const ids = await queue(db, 5)
    let up = false
    const server = fakeServer((init) => (up ? json({ results: resultsFor(init) }) : Promise.reject(new TypeError('fetch failed'))))
    const sync = makeSync(db, server.fetch, { batchSize: 2 })
    await sync.flushOutbox()
    const later = await queue(db, 1)
    up = true
    await sync.flushOutbox()
    expect(server.batches).toEqual([ids.slice(0, 2), ids.slice(0, 2), ids.slice(2, 4), [ids[4], later[0]]])
    expect(await db.outbox.count()).toBe(0)
  })

  it('stops at the first failed batch and keeps what follows it', async () => {
    const db = freshDb()
    const ids = await queue(db, 6)
    const server = fakeServer((init, call) => (call === 2 ? json({}, 502) : json({ results: resultsFor(init) })))
    const report = await makeSync(db, server.fetch, { batchSize: 2 }).flushOutbox()
    expect(server.batches).toEqual([ids.slice(0, 2), ids.slice(2, 4)])
    expect(report).toMatchObject({ acknowledged: ids.slice(0, 2), remaining: 4, failure: { kind: 'http', status: 502 } })
    expect(await outboxIds(db)).toEqual(ids.slice(2))
  })

  it('settles the items a partial answer covers and keeps the others for the next flush', async () => {
    const db = freshDb()
    const ids = await queue(db, 4)
    const server = fakeServer((init, call) =>
      json({ results: call === 1 ? resultsFor(init).filter((r) => r.index === 0 || r.index === 2) : resultsFor(init) }),
    )
    const sync = makeSync(db, server.fetch)
    const first = await sync.flushOutbox()
    expect(first).toMatchObject({ acknowledged: [ids[0], ids[2]], remaining: 2, failure: { kind: 'unacknowledged' } })
    expect(await outboxIds(db)).toEqual([ids[1], ids[3]])
    // One request per flush: an incomplete answer is not retried in a loop.
    expect(server.batches).toHaveLength(1)
    await sync.flushOutbox()
    expect(server.batches[1]).toEqual([ids[1], ids[3]])
    expect(await db.outbox.count()).toBe(0)
  })

  it('does not take an answer for another id as an acknowledgement', async () => {
    const db = freshDb()
    const ids = await queue(db, 2)
    const server = fakeServer((init) => json({ results: resultsFor(init).map((r) => ({ ...r, id: r.index === 1 ? uuidv7() : r.id })) }))
    const report = await makeSync(db, server.fetch).flushOutbox()
    expect(report).toMatchObject({ acknowledged: [ids[0]], remaining: 1 })
    expect(await outboxIds(db)).toEqual([ids[1]])
  })

  it('gives up on a request that hangs and keeps its entries', async () => {
    const db = freshDb()
    const ids = await queue(db, 1)
    const report = await makeSync(db, hanging, { requestTimeoutMs: 20 }).flushOutbox()
    expect(report.failure?.kind).toBe('network')
    expect(await outboxIds(db)).toEqual(ids)
  })

  it('sends nothing while the device knows it is offline', async () => {
    const db = freshDb()
    await queue(db, 1)
    const server = fakeServer()
    const report = await makeSync(db, server.fetch, { isOnline: () => false }).flushOutbox()
    expect(report.failure?.kind).toBe('offline')
    expect(server.batches).toEqual([])
    expect(await db.outbox.count()).toBe(1)
  })
})

describe('flushOutbox: batches', () => {
  it('splits at the batch size and keeps FIFO order across batches', async () => {
    const db = freshDb()
    const ids = await queue(db, 7)
    const server = fakeServer()
    const report = await makeSync(db, server.fetch, { batchSize: 3 }).flushOutbox()
    expect(server.batches).toEqual([ids.slice(0, 3), ids.slice(3, 6), ids.slice(6)])
    expect(report.acknowledged).toEqual(ids)
  })

  it('never sends more than 500 items in one request', async () => {
    const db = freshDb()
    await db.transaction('rw', db.responses, db.outbox, async () => {
      for (let i = 0; i < 501; i++) {
        const r = response()
        await db.responses.add({ id: r.id, payload: r, state: 'queued', queuedAt: 0 })
        await db.outbox.add({ id: r.id, payload: r, queuedAt: 0, attempts: 0 })
      }
    })
    const server = fakeServer()
    await makeSync(db, server.fetch, { batchSize: 10_000 }).flushOutbox()
    expect(server.batches.map((b) => b.length)).toEqual([500, 1])
  })

  it('halves the batch on 413 until the server accepts it, and keeps the smaller size', async () => {
    const db = freshDb()
    const ids = await queue(db, 8)
    const server = fakeServer((init) => (idsOf(init).length > 2 ? json({ error: { code: 'too_large', message: 'big', path: '' } }, 413) : json({ results: resultsFor(init) })))
    const sync = makeSync(db, server.fetch, { batchSize: 8 })
    const report = await sync.flushOutbox()
    expect(server.batches.map((b) => b.length)).toEqual([8, 4, 2, 2, 2, 2])
    expect(server.batches.slice(2).flat()).toEqual(ids)
    expect(report).toMatchObject({ acknowledged: ids, remaining: 0 })
    expect(sync.batchSize()).toBe(2)
  })

  it('keeps a single item the server still finds too large, and backs off', async () => {
    const db = freshDb()
    const ids = await queue(db, 2)
    const timer = manualTimer()
    const server = fakeServer(() => json({ error: { code: 'too_large', message: 'big', path: '' } }, 413))
    const report = await makeSync(db, server.fetch, { batchSize: 2, setTimer: timer.setTimer }).flushOutbox()
    expect(server.batches.map((b) => b.length)).toEqual([2, 1])
    expect(report.failure).toMatchObject({ kind: 'http', status: 413 })
    expect(await outboxIds(db)).toEqual(ids)
    expect(timer.active()).toHaveLength(1)
  })
})

describe('flushOutbox: one at a time', () => {
  it('never runs two POSTs at once, and one follow-up flush sends what was queued meanwhile', async () => {
    const db = freshDb()
    const first = await queue(db, 3)
    let inFlight = 0
    let maxInFlight = 0
    const batches: string[][] = []
    const slow: FetchLike = async (_url, init) => {
      inFlight += 1
      maxInFlight = Math.max(maxInFlight, inFlight)
      batches.push(idsOf(init))
      await new Promise((r) => setTimeout(r, 40))
      inFlight -= 1
      return json({ results: resultsFor(init) })
    }
    const sync = makeSync(db, slow)
    const running = sync.flushOutbox()
    await new Promise((r) => setTimeout(r, 10))
    const later = await queue(db, 2)
    const joined = await Promise.all([running, sync.flushOutbox(), sync.triggerSync('online'), sync.triggerSync('visible'), sync.flushOutbox()])
    expect(maxInFlight).toBe(1)
    expect(batches).toEqual([first, later])
    // The running flush goes on while entries remain, so it took the later ones too.
    expect(joined[0].acknowledged).toEqual([...first, ...later])
    // Every caller during it shares one follow-up flush, which found nothing left to send.
    expect(new Set(joined.slice(1)).size).toBe(1)
    expect(joined[1]).not.toBe(joined[0])
    expect(joined[1]).toMatchObject({ acknowledged: [], remaining: 0 })
    expect(await db.outbox.count()).toBe(0)
  })

  it('sends what is queued while a flush is finishing, through the follow-up flush', async () => {
    const db = freshDb()
    const first = await queue(db, 1)
    const server = fakeServer()
    let late: string[] = []
    let followUp: Promise<unknown> | undefined
    const sync = makeSync(db, server.fetch, {
      // The moment a submit could land: the running flush has read an empty outbox and is about to end.
      exclusive: async (run) => {
        const result = await run()
        if (!followUp) {
          late = await queue(db, 1)
          followUp = sync.triggerSync('submit')
        }
        return result
      },
    })
    await sync.flushOutbox()
    await followUp
    expect(server.batches).toEqual([first, late])
    expect(await db.outbox.count()).toBe(0)
  })

  it('runs flushes one after another when called many times in a row', async () => {
    const db = freshDb()
    await queue(db, 20)
    let inFlight = 0
    let maxInFlight = 0
    const slow: FetchLike = async (_url, init) => {
      inFlight += 1
      maxInFlight = Math.max(maxInFlight, inFlight)
      await new Promise((r) => setTimeout(r, 5))
      inFlight -= 1
      return json({ results: resultsFor(init) })
    }
    const sync = makeSync(db, slow, { batchSize: 3 })
    const calls: Promise<unknown>[] = []
    for (let i = 0; i < 10; i++) {
      calls.push(sync.flushOutbox())
      if (i % 3 === 0) await queue(db, 1)
      await new Promise((r) => setTimeout(r, 3))
    }
    await Promise.all(calls)
    await sync.flushOutbox()
    expect(maxInFlight).toBe(1)
    expect(await db.outbox.count()).toBe(0)
  })

  it('runs the flush inside the exclusive lock it is given', async () => {
    const db = freshDb()
    await queue(db, 1)
    const events: string[] = []
    const sync = makeSync(db, fakeServer().fetch, {
      exclusive: async (run) => {
        events.push('lock')
        try {
          return await run()
        } finally {
          events.push('unlock')
        }
      },
    })
    await sync.flushOutbox()
    expect(events).toEqual(['lock', 'unlock'])
    expect(await db.outbox.count()).toBe(0)
  })
})

describe('back-off and Retry-After', () => {
  it('retries on a timer that doubles from 5 s to 5 min and resets after a success', async () => {
    const db = freshDb()
    await queue(db, 1)
    const timer = manualTimer()
    let up = false
    const server = fakeServer((init) => (up ? json({ results: resultsFor(init) }) : Promise.reject(new TypeError('fetch failed'))))
    const sync = makeSync(db, server.fetch, { setTimer: timer.setTimer })
    const delays: number[] = []
    for (let i = 0; i < 9; i++) {
      const report = await sync.flushOutbox()
      delays.push(timer.active().at(-1)!.ms)
      expect(report.retryAt).toBeGreaterThan(Date.now())
    }
    expect(delays).toEqual([5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000])
    expect(timer.active()).toHaveLength(1)

    up = true
    const fired = timer.active()[0]!
    fired.run()
    await new Promise((r) => setTimeout(r, 50))
    expect(await db.outbox.count()).toBe(0)
    expect(timer.active()).toHaveLength(0)

    up = false
    await queue(db, 1)
    await sync.flushOutbox()
    expect(timer.active().at(-1)!.ms).toBe(5_000)
  })

  it('spreads retries with jitter', () => {
    const range = { initialMs: 5_000, maxMs: 300_000 }
    expect(backoffDelay(1, range, () => 0)).toBe(4_000)
    expect(backoffDelay(1, range, () => 0.999_999)).toBe(6_000)
    expect(backoffDelay(3, range, () => 0.5)).toBe(20_000)
    expect(backoffDelay(30, range, () => 0.5)).toBe(300_000)
    expect(backoffDelay(30, range, () => 0.999_999)).toBe(300_000)
    expect(backoffDelay(30, range, () => 0)).toBe(240_000)
  })

  it('honours Retry-After on 429: no request before it, the timer set for it', async () => {
    const db = freshDb()
    const ids = await queue(db, 1)
    let clock = 1_000_000
    const timer = manualTimer()
    let limited = true
    const server = fakeServer((init) =>
      limited ? json({ error: { code: 'rate_limited', message: 'slow down', path: '' } }, 429, { 'Retry-After': '120' }) : json({ results: resultsFor(init) }),
    )
    const sync = makeSync(db, server.fetch, { now: () => clock, setTimer: timer.setTimer })
    const report = await sync.flushOutbox()
    expect(report.failure).toMatchObject({ kind: 'http', status: 429 })
    expect(report.retryAt).toBe(clock + 120_000)
    expect(timer.active().at(-1)!.ms).toBe(120_000)

    clock += 60_000
    const early = await sync.triggerSync('submit')
    expect(early.failure?.kind).toBe('deferred')
    expect(server.batches).toHaveLength(1)
    expect(timer.active().at(-1)!.ms).toBe(60_000)

    clock += 60_000
    limited = false
    const late = await sync.triggerSync('timer')
    expect(late.acknowledged).toEqual(ids)
    expect(server.batches).toHaveLength(2)
  })

  it('honours Retry-After on 503 when it is longer than the back-off', async () => {
    const db = freshDb()
    await queue(db, 1)
    const timer = manualTimer()
    const server = fakeServer(() => json({ error: { code: 'unavailable', message: 'later', path: '' } }, 503, { 'Retry-After': '30' }))
    const report = await makeSync(db, server.fetch, { setTimer: timer.setTimer, now: () => 5_000_000 }).flushOutbox()
    expect(report.failure).toMatchObject({ kind: 'http', status: 503 })
    expect(timer.active().at(-1)!.ms).toBe(30_000)
  })

  it('reads Retry-After as seconds or as an HTTP date, and caps it', () => {
    const now = Date.parse('2025-03-01T00:00:00Z')
    expect(parseRetryAfter('5', now)).toBe(5_000)
    expect(parseRetryAfter('Sat, 01 Mar 2025 00:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Fri, 28 Feb 2025 00:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('999999', now)).toBe(3_600_000)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })

  it('forgets the back-off when the network comes back', async () => {
    const db = freshDb()
    await queue(db, 1)
    const timer = manualTimer()
    const server = fakeServer(() => Promise.reject(new TypeError('fetch failed')))
    const sync = makeSync(db, server.fetch, { setTimer: timer.setTimer })
    for (let i = 0; i < 4; i++) await sync.flushOutbox()
    expect(timer.active().at(-1)!.ms).toBe(40_000)
    await sync.triggerSync('online')
    expect(timer.active().at(-1)!.ms).toBe(5_000)
  })

  it('probes an unreachable server every 1.5 s and flushes as soon as it answers, whatever the back-off', async () => {
    const db = freshDb()
    const ids = await queue(db, 1)
    const timer = manualTimer()
    let up = false
    const server = fakeServer((init) => (up ? json({ results: resultsFor(init) }) : Promise.reject(new TypeError('fetch failed'))))
    const probes: boolean[] = []
    const probe = { everyMs: 1_500, check: async () => (probes.push(up), up) }
    const sync = makeSync(db, server.fetch, { setTimer: timer.setTimer, probe })
    for (let i = 0; i < 5; i++) await sync.flushOutbox()
    // The back-off has grown to 80 s; the probe stays at 1.5 s (random 0.5: no jitter) and one at a time.
    const pending = timer.active()
    expect(pending.map((t) => t.ms).sort((a, b) => a - b)).toEqual([1_500, 80_000])
    const tick = async () => {
      timer.active().find((t) => t.ms === 1_500)!.run()
      await new Promise((r) => setTimeout(r, 20))
    }
    await tick()
    expect(probes).toEqual([false])
    expect(server.batches).toHaveLength(5)

    up = true
    await tick()
    expect(probes).toEqual([false, true])
    expect(server.batches).toHaveLength(6)
    expect(await outboxIds(db)).toEqual([])
    expect(ids).toHaveLength(1)
    // Nothing left: neither the back-off nor the probe stays scheduled.
    expect(timer.active()).toHaveLength(0)
  })

  it('does not probe a server that refused with Retry-After, nor one that answered an error of its own', async () => {
    for (const answer of [
      () => json({ error: { code: 'rate_limited', message: 'slow down', path: '' } }, 429, { 'Retry-After': '60' }),
      () => json({ error: { code: 'unavailable', message: 'later', path: '' } }, 503, { 'Retry-After': '60' }),
      () => json({ error: { code: 'internal', message: 'oops', path: '' } }, 500),
    ]) {
      const db = freshDb()
      await queue(db, 1)
      const timer = manualTimer()
      const sync = makeSync(db, fakeServer(answer).fetch, { setTimer: timer.setTimer, probe: { everyMs: 1_500, check: async () => true } })
      await sync.flushOutbox()
      expect(timer.active().map((t) => t.ms)).not.toContain(1_500)
    }
  })

  it('schedules nothing once stopped, and nothing while the outbox is empty', async () => {
    const db = freshDb()
    const timer = manualTimer()
    const sync = makeSync(db, fakeServer(() => Promise.reject(new TypeError('fetch failed'))).fetch, { setTimer: timer.setTimer })
    expect(await sync.flushOutbox()).toMatchObject({ remaining: 0 })
    expect(timer.scheduled).toHaveLength(0)
    await queue(db, 1)
    sync.stop()
    await sync.flushOutbox()
    expect(timer.scheduled).toHaveLength(0)
    expect(await sync.pendingCount()).toBe(1)
  })
})
