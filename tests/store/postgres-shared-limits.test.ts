import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp } from '../../server/app'
import { createStaffAccount } from '../../server/auth/accounts'
import { parseConfig } from '../../server/config'
import { DEMO_START } from '../../server/seed/demo-catalog'
import { openPostgresStore } from '../../server/store/postgres/postgres-store'
import type { Store } from '../../server/store/store'
import { DESCRIPTION_MAX_LENGTH, type FeedbackBatchResult } from '../../shared/feedback'
import { feedbackItem } from '../server/feedback-fixtures'
import { postJson, quickResponse, signInRequest, TEST_PASSWORD, TEST_SCRYPT, TestClock } from '../server/test-app'
import { createTestDatabase, type TestDatabase } from '../support/postgres-database'

/**
 * Two instances on one PostgreSQL database act as one towards a client: what it spent on one, the other
 * counts (per-address request rates, upload quotas, tracking codes already taken, sign-in attempts), and
 * requests racing on both never spend more than one instance would allow. Each instance is an app with its
 * own store (its own pool) on the shared database, with the same configuration, as two servers behind a
 * proxy would be.
 */

type App = ReturnType<typeof createApp>
type ErrorBody = { error: { code: string } }

let database: TestDatabase
let dir: string
let stores: Store[] = []
let clock: TestClock
/** The waits the sign-in throttle asked for, from both instances (nothing really waits). */
let waits: number[]

beforeEach(async () => {
  database = await createTestDatabase()
  dir = mkdtempSync(join(tmpdir(), 'hailong-shared-'))
  clock = new TestClock()
  waits = []
})
afterEach(async () => {
  vi.useRealTimers()
  await Promise.all(stores.map((store) => store.close()))
  stores = []
  await database?.drop()
  rmSync(dir, { recursive: true, force: true })
})

/** Instances A and B with this configuration (behind a trusted proxy, so that tests pick the client's address). */
async function instances(env: Record<string, string> = {}): Promise<[App, App]> {
  const config = parseConfig({ LOG_REQUESTS: 'false', STATIC_DIR: join(dir, 'no-static'), DATABASE_URL: `sqlite:${join(dir, 'unused.sqlite')}`, TRUST_PROXY: 'true', ...env })
  stores = [openPostgresStore({ url: database.url }), openPostgresStore({ url: database.url })]
  await Promise.all(stores.map((store) => store.loadInitialData(DEMO_START)))
  const auth = { password: TEST_SCRYPT, requireSecondFactor: false, now: clock.now, sleep: async (ms: number) => void waits.push(ms) }
  return stores.map((store) => createApp({ config, store, auth })) as [App, App]
}

const from = (address: string) => ({ 'x-forwarded-for': address })
const rate = (app: App, address = '198.51.100.1') => postJson(app, '/api/responses', { responses: [quickResponse()] }, from(address))
const upload = (app: App, items: unknown[], address = '198.51.100.1') => postJson(app, '/api/feedback', { items }, from(address))
/** The longest descriptions, of a letter UTF-8 spells in 3 bytes: 15 kB each, 300 kB a batch of 20. */
const long = () => Array.from({ length: 20 }, () => feedbackItem({ description: 'ữ'.repeat(DESCRIPTION_MAX_LENGTH) }))

describe('two instances on one database towards one client', () => {
  it('refuses on B, with 429 and Retry-After, the request rate a client spent on A', async () => {
    const [a, b] = await instances({ RATE_LIMIT_PER_MINUTE: '3' })
    expect((await rate(a)).status).toBe(200)
    expect((await rate(b)).status).toBe(200)
    expect((await rate(a)).status).toBe(200)
    const refused = await rate(b)
    expect(refused.status).toBe(429)
    expect(((await refused.json()) as ErrorBody).error.code).toBe('rate_limited')
    const retryAfter = Number(refused.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(20)
    expect((await rate(a)).status).toBe(429)
    // Another client still has its own allowance, on either instance.
    expect((await rate(b, '203.0.113.5')).status).toBe(200)
  })

  it('gives a burst of requests racing on both instances exactly the allowance, not one more', async () => {
    // Date stands still: no token comes back while the burst is answered.
    vi.useFakeTimers({ toFake: ['Date'] })
    const [a, b] = await instances({ RATE_LIMIT_PER_MINUTE: '10' })
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => rate(i % 2 ? a : b)))
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(10)
    expect(statuses.filter((s) => s === 429)).toHaveLength(30)
  })

  it('counts on B the items an address uploaded on A, and refuses the hour’s next with 429 upload_quota', async () => {
    const [a, b] = await instances({ UPLOAD_ITEMS_PER_HOUR_PER_ADDRESS: '3' })
    expect((await upload(a, [feedbackItem(), feedbackItem()])).status).toBe(200)
    expect((await upload(b, [feedbackItem()])).status).toBe(200)
    for (const app of [a, b]) {
      const over = await upload(app, [feedbackItem()])
      expect(over.status).toBe(429)
      expect(((await over.json()) as ErrorBody).error.code).toBe('upload_quota')
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(1000)
    }
    expect((await upload(b, [feedbackItem()], '203.0.113.5')).status).toBe(200)
  })

  it('counts the megabytes all addresses uploaded on either instance against the one hourly total (507)', async () => {
    const [a, b] = await instances({ UPLOAD_MB_PER_HOUR: '1' })
    for (const [app, address] of [[a, '192.0.2.1'], [b, '192.0.2.2'], [a, '192.0.2.3']] as const) expect((await upload(app, long(), address)).status).toBe(200)
    // 900 kB so far: one more batch on B passes, and the megabyte is spent.
    expect((await upload(b, long(), '192.0.2.4')).status).toBe(200)
    const full = await upload(a, [feedbackItem()], '192.0.2.5')
    expect(full.status).toBe(507)
    expect(((await full.json()) as ErrorBody).error.code).toBe('storage_full')
  })

  it('counts on B the tracking codes an address was told were taken on A', async () => {
    const [a, b] = await instances()
    const held = Array.from({ length: 12 }, () => feedbackItem())
    expect((await upload(a, held, '203.0.113.5')).status).toBe(200)
    // Another address reuses those codes, half through each instance: each is told its code is taken. (One
    // after the other: the body slots are per process, and both instances run in this one.)
    for (const [i, app] of [a, b].entries()) {
      const probe = await upload(app, held.slice(i * 6, i * 6 + 6).map((item) => feedbackItem({ trackingCode: item.trackingCode })))
      expect(probe.status).toBe(200)
      expect(((await probe.json()) as FeedbackBatchResult).results.filter((r) => r.error?.code === 'tracking_code_taken')).toHaveLength(6)
    }
    // 12 spent of the 10 a minute the tracking page allows, on whichever instance: the next waits (1 + 2) × 6 s.
    for (const app of [a, b]) {
      const next = await upload(app, [feedbackItem()])
      expect(next.status).toBe(429)
      expect(Number(next.headers.get('retry-after'))).toBe(18)
    }
  })
})

const WRONG = 'not the right password'
const guess = (app: App, password = WRONG, address = '198.51.100.7') => signInRequest(app, 'lan.nguyen', password, { headers: from(address) })

/** Instances A and B, and an account on their database. */
async function withAccount(): Promise<[App, App]> {
  const apps = await instances({ RATE_LIMIT_PER_MINUTE: '100000' })
  await createStaffAccount(stores[0]!.staff, { username: 'lan.nguyen', role: 'unit_staff', unitCode: 'LS', password: TEST_PASSWORD }, TEST_SCRYPT)
  return apps
}

describe('two instances on one database: sign-in throttle', () => {
  it('slows and locks guesses alternating between A and B at the counts one instance would', async () => {
    const [a, b] = await withAccount()
    for (let i = 0; i < 9; i++) expect((await guess(i % 2 ? a : b)).status).toBe(401)
    // Slowed from the 3rd failure on, the wait doubling, whichever instance counted the ones before.
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000])
    expect((await guess(a)).status).toBe(401)
    // The 10th failure locks, on both, even the right password.
    for (const app of [a, b]) {
      const locked = await guess(app, TEST_PASSWORD)
      expect(locked.status).toBe(429)
      expect(locked.headers.get('retry-after')).toBe(String(15 * 60))
    }
  })

  it('checks at most 10 of a parallel burst of wrong guesses split across A and B, as one instance would', async () => {
    const [a, b] = await withAccount()
    const statuses = (await Promise.all(Array.from({ length: 30 }, (_, i) => guess(i % 2 ? a : b)))).map((r) => r.status)
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20)
    const failures = (await stores[1]!.staff.authEvents()).filter((e) => e.kind === 'sign_in_failed')
    expect(failures.length).toBeLessThanOrEqual(10)
    // Every attempt ended: once the failures leave the window, the right password passes on either.
    clock.advance(15 * 60_000)
    expect((await guess(b, TEST_PASSWORD)).status).toBe(200)
  })
})
