import { Worker } from 'node:worker_threads'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_DEADLINES } from '../../server/defaults/deadlines'
import { CONTACT, seedItem } from './staff-feedback-fixtures'
import { addStaff, countRows, createTestApp, postResponses, quickResponse, type TestApp, withDb } from './test-app'

/** How long the other connection keeps the write lock after the store has begun its write. */
const HOLD_MS = 300

/**
 * Another connection to the file, on a thread of its own: better-sqlite3 is synchronous, so a lock held on
 * the test's thread could not be let go while the store waits for it. It takes the write lock, says so,
 * waits until the test has begun the store's write, keeps the lock HOLD_MS longer and commits, as the
 * writer thread does while a rating batch is fsynced.
 */
const LOCK_HOLDER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require('better-sqlite3')
const db = new Database(workerData.path, { fileMustExist: true })
const begun = new Int32Array(workerData.begun)
db.exec('BEGIN IMMEDIATE')
db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('lock_holder', ?)").run(String(Date.now()))
parentPort.postMessage('locked')
Atomics.wait(begun, 0, 0, 10000)
Atomics.wait(begun, 0, 1, workerData.holdMs)
db.exec('COMMIT')
db.close()
parentPort.postMessage('released')
`

/**
 * Runs `write` (a real store operation) while another connection holds the write lock, and says how long it
 * took: a write that waits for the lock takes about HOLD_MS, one that fails on it fails at once.
 */
async function whileAnotherConnectionWrites<T>(path: string, write: () => Promise<T>): Promise<{ value: T; tookMs: number }> {
  const begun = new Int32Array(new SharedArrayBuffer(4))
  const worker = new Worker(LOCK_HOLDER, { eval: true, workerData: { path, begun: begun.buffer, holdMs: HOLD_MS } })
  const failed = new Promise<never>((_, reject) => worker.once('error', reject))
  const said = (what: string) => Promise.race([failed, new Promise<void>((resolve) => worker.on('message', (m) => m === what && resolve()))])
  const released = said('released')
  try {
    await said('locked')
    Atomics.store(begun, 0, 1)
    Atomics.notify(begun, 0)
    const start = performance.now()
    const value = await write()
    return { value, tookMs: performance.now() - start }
  } finally {
    await released
    await worker.terminate()
  }
}

let t: TestApp
let actor: number
beforeEach(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  actor = (await addStaff(t, { username: 'lock.admin', role: 'admin' })).id
})
afterEach(() => t.close())

// Issue 12: under mixed traffic these answered 500 and 503 with "database is locked". Each reads before it
// writes; begun deferred, such a transaction cannot wait for the lock and fails at once, whatever the busy
// timeout. Each must wait for the other connection's commit, then store its change.
describe('sqlite writes while another connection holds the write lock', () => {
  it('a staff action on a feedback item waits and is stored', async () => {
    const { id } = await seedItem(t)
    const { value, tookMs } = await whileAnotherConnectionWrites(t.path, () =>
      t.store.feedback.applyChange({
        id,
        expectedVersion: 1,
        set: { status: 'acknowledged', acceptedAt: Date.now() },
        event: { at: Date.now(), actor, action: 'accept', before: { status: 'received' }, after: { status: 'acknowledged' }, publicNote: null, internalNote: 'locked test' },
      }),
    )
    expect(value).toEqual({ ok: true, version: 2 })
    expect(tookMs).toBeGreaterThan(HOLD_MS / 2)
    const row = withDb(t.path, (db) => db.prepare("SELECT f.status, f.version, (SELECT COUNT(*) FROM feedback_events e WHERE e.feedback_id = f.id AND e.action = 'accept') AS accepts FROM feedback f WHERE f.id = ?").get(id))
    expect(row).toEqual({ status: 'acknowledged', version: 2, accepts: 1 })
  })

  it('a feedback post waits and is stored', async () => {
    const { value: item, tookMs } = await whileAnotherConnectionWrites(t.path, () => seedItem(t))
    expect(tookMs).toBeGreaterThan(HOLD_MS / 2)
    expect((await t.store.feedback.findByTrackingCode(item.trackingCode))?.status).toBe('received')
  })

  it('a rating batch waits on the writer thread and is stored', async () => {
    await postResponses(t.app, [quickResponse()]) // starts the writer thread, so that the batch below finds it running
    const batch = [quickResponse(), quickResponse(), quickResponse()]
    const { value, tookMs } = await whileAnotherConnectionWrites(t.path, () => postResponses(t.app, batch))
    expect(value.map((r) => r.status)).toEqual(['stored', 'stored', 'stored'])
    expect(tookMs).toBeGreaterThan(HOLD_MS / 2)
    expect(countRows(t.path, 'responses')).toBe(4)
  })

  it('a settings save waits and is stored', async () => {
    const { value, tookMs } = await whileAnotherConnectionWrites(t.path, () => t.store.settings.put('deadlines', DEFAULT_DEADLINES, 0, actor, Date.now()))
    expect(value).toEqual({ ok: true, version: 1 })
    expect(tookMs).toBeGreaterThan(HOLD_MS / 2)
    expect((await t.store.settings.history('deadlines')).map((h) => h.version)).toEqual([1])
  })

  it('a new staff account waits and is stored', async () => {
    const { tookMs } = await whileAnotherConnectionWrites(t.path, () => addStaff(t, { username: 'lock.clerk', role: 'unit_staff', unitCode: 'LS' }))
    expect(tookMs).toBeGreaterThan(HOLD_MS / 2)
    expect((await t.store.staff.findByUsername('lock.clerk'))?.unitCode).toBe('LS')
  })

  it('a catalog change by an administrator waits and is stored with its audit row', async () => {
    const unit = { code: 'LOCK', name: { vi: 'Phòng thử khóa', en: 'Lock test office' }, isInspectorate: false }
    const { value, tookMs } = await whileAnotherConnectionWrites(t.path, () => t.store.admin.create('units', unit, { id: actor, at: Date.now() }))
    expect(value).toMatchObject({ ok: true, value: { code: 'LOCK', active: true } })
    expect(tookMs).toBeGreaterThan(HOLD_MS / 2)
    expect((await t.store.admin.audit({ entity: 'unit', key: 'LOCK', limit: 10 })).map((e) => e.action)).toEqual(['create'])
  })

  it('purging the contact details of finished items waits and clears them', async () => {
    const { id } = await seedItem(t, { contact: CONTACT, status: 'closed' })
    const { value, tookMs } = await whileAnotherConnectionWrites(t.path, () => t.store.exports.purgeContacts(Date.now(), Date.now()))
    expect(value).toBe(1)
    expect(tookMs).toBeGreaterThan(HOLD_MS / 2)
    expect(withDb(t.path, (db) => db.prepare('SELECT contact_name, contact_phone, contact_email FROM feedback WHERE id = ?').get(id))).toEqual({
      contact_name: null,
      contact_phone: null,
      contact_email: null,
    })
  })
})

describe('sqlite writes under mixed traffic', () => {
  // The traffic in small: rating batches committed by the writer thread while this thread applies
  // staff actions and stores feedback posts, each through its own connection to the one file.
  it('stores every staff action, feedback post and rating batch, none refused as locked', async () => {
    const ROUNDS = 100
    const { id } = await seedItem(t)
    const failures: string[] = []
    const fail = (error: unknown) => {
      failures.push(error instanceof Error ? error.message : String(error))
    }
    const batches: Promise<unknown>[] = []
    const posted: string[] = []
    let version = 1
    for (let round = 0; round < ROUNDS; round++) {
      batches.push(postResponses(t.app, Array.from({ length: 10 }, () => quickResponse())).catch(fail))
      await new Promise(setImmediate) // the group commit hands the batch to the writer thread
      await t.store.feedback
        .applyChange({
          id,
          expectedVersion: version,
          set: { complex: round % 2 === 0 },
          event: { at: Date.now(), actor, action: 'set_complex', before: null, after: null, publicNote: null, internalNote: `round ${round}` },
        })
        .then((result) => (result.ok ? (version = result.version) : fail(result.reason)), fail)
      await seedItem(t).then((item) => posted.push(item.trackingCode), fail)
    }
    await Promise.all(batches)

    expect(failures).toEqual([])
    expect(countRows(t.path, 'responses')).toBe(ROUNDS * 10)
    expect(version).toBe(1 + ROUNDS)
    expect(withDb(t.path, (db) => db.prepare("SELECT COUNT(*) AS n FROM feedback_events WHERE feedback_id = ? AND action = 'set_complex'").get(id))).toEqual({ n: ROUNDS })
    expect(posted).toHaveLength(ROUNDS)
    expect(withDb(t.path, (db) => db.prepare('SELECT COUNT(*) AS n FROM feedback').get())).toEqual({ n: ROUNDS + 1 })
  }, 20_000)
})
