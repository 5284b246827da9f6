import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addStaff, createTestApp, MINUTE, signInRequest, TEST_PASSWORD, TestClock, type TestApp } from './test-app'

let t: TestApp
let clock: TestClock
/** The waits the sign-in asked for, in order (nothing really waits in the tests). */
let waits: number[]

beforeEach(async () => {
  clock = new TestClock()
  waits = []
  t = await createTestApp(
    { TRUST_PROXY: 'true', RATE_LIMIT_PER_MINUTE: '100000' },
    { auth: { now: clock.now, sleep: async (ms) => void waits.push(ms) } },
  )
  await addStaff(t, { username: 'lan.nguyen', role: 'unit_staff', unitCode: 'LS' })
})
afterEach(() => t.close())

const WRONG = 'not the right password'
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } })
const attempt = (username: string, password = WRONG, address = '198.51.100.7') => signInRequest(t.app, username, password, from(address))

async function fail(times: number, username = 'lan.nguyen', address?: string) {
  for (let i = 0; i < times; i++) expect((await attempt(username, WRONG, address)).status).toBe(401)
}

describe('sign-in slow-down and lock-out', () => {
  it('post /auth/sign-in waits from the 3rd failure on, doubling each time', async () => {
    await fail(3)
    expect(waits).toEqual([])
    await fail(6)
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000])
  })

  it('post /auth/sign-in answers 429 with Retry-After after 10 failures in 15 minutes, even to the right password', async () => {
    await fail(10)
    const res = await attempt('lan.nguyen', TEST_PASSWORD)
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe(String(15 * 60))
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_many_attempts')
    expect(res.headers.getSetCookie()).toEqual([])
  })

  it('post /auth/sign-in lifts the lock when the failures leave the 15-minute window', async () => {
    await fail(10)
    clock.advance(15 * MINUTE - 1000)
    const still = await attempt('lan.nguyen', TEST_PASSWORD)
    expect(still.status).toBe(429)
    expect(still.headers.get('retry-after')).toBe('1')
    clock.advance(1000)
    expect((await attempt('lan.nguyen', TEST_PASSWORD)).status).toBe(200)
  })

  it('post /auth/sign-in counts failures over a sliding window: old ones stop counting', async () => {
    await fail(5)
    clock.advance(10 * MINUTE)
    await fail(4)
    clock.advance(6 * MINUTE) // the first five are now older than 15 minutes
    waits = []
    await fail(1)
    // 4 + this one in the window: the wait is the one for 4 failures.
    expect(waits).toEqual([2000])
  })

  it('post /auth/sign-in resets the count after a successful sign-in', async () => {
    await fail(9)
    expect((await attempt('lan.nguyen', TEST_PASSWORD)).status).toBe(200)
    waits = []
    // From another network, so that only the account's count is in play.
    await fail(3, 'lan.nguyen', '203.0.113.9')
    expect(waits).toEqual([])
    await fail(7, 'lan.nguyen', '203.0.113.9')
    expect((await attempt('lan.nguyen', TEST_PASSWORD, '203.0.113.9')).status).toBe(429)
  })

  it('post /auth/sign-in locks an unknown username exactly like a known one, with the same answer', async () => {
    await fail(10, 'lan.nguyen')
    await fail(10, 'nobody.here', '203.0.113.9')
    const known = await attempt('lan.nguyen', WRONG)
    const unknown = await attempt('nobody.here', WRONG, '203.0.113.9')
    expect(known.status).toBe(429)
    expect(unknown.status).toBe(429)
    expect(await unknown.text()).toBe(await known.text())
    expect(unknown.headers.get('retry-after')).toBe(known.headers.get('retry-after'))
  })

  it('post /auth/sign-in locks out a network (/24) that guesses across many usernames, and only that network', async () => {
    for (let i = 0; i < 30; i++) expect((await attempt(`guess.${i}`, WRONG, `192.0.2.${i + 1}`)).status).toBe(401)
    expect((await attempt('lan.nguyen', TEST_PASSWORD, '192.0.2.200')).status).toBe(429)
    expect((await attempt('lan.nguyen', TEST_PASSWORD, '192.0.3.1')).status).toBe(200)
  })

  it('post /auth/sign-in does not let a success clear the way for a network guessing other accounts', async () => {
    await addStaff(t, { username: 'insider', role: 'unit_staff', unitCode: 'LS' })
    for (let i = 0; i < 30; i++) {
      expect((await attempt(`guess.${i}`, WRONG, '192.0.2.1')).status).toBe(401)
      if (i % 5 === 0) expect((await attempt('insider', TEST_PASSWORD, '192.0.2.1')).status).toBe(200)
    }
    expect((await attempt('guess.x', WRONG, '192.0.2.1')).status).toBe(429)
  })

  it('post /auth/sign-in locks a username only on the network that guessed it: its owner signs in from another one', async () => {
    await fail(10, 'lan.nguyen', '198.51.100.7')
    // The right password is refused from the guessing network while the lock lasts…
    expect((await attempt('lan.nguyen', TEST_PASSWORD, '198.51.100.99')).status).toBe(429)
    // …and accepted from another network, right away.
    expect((await attempt('lan.nguyen', TEST_PASSWORD, '203.0.113.9')).status).toBe(200)
    // Signing in elsewhere does not lift the lock on the guessing network.
    expect((await attempt('lan.nguyen', TEST_PASSWORD, '198.51.100.7')).status).toBe(429)
  })

  it('post /auth/sign-in lets a colleague who signs in from a network keep doing so while the network is locked for guessing', async () => {
    await addStaff(t, { username: 'colleague', role: 'unit_staff', unitCode: 'LS' })
    // Yesterday, from the office.
    expect((await attempt('colleague', TEST_PASSWORD, '192.0.2.40')).status).toBe(200)
    clock.advance(24 * 60 * MINUTE)
    for (let i = 0; i < 30; i++) expect((await attempt(`guess.${i}`, WRONG, '192.0.2.66')).status).toBe(401)
    // The network is locked for names that have not signed in from it lately, the right password included…
    expect((await attempt('lan.nguyen', TEST_PASSWORD, '192.0.2.41')).status).toBe(429)
    expect((await attempt('guess.x', WRONG, '192.0.2.66')).status).toBe(429)
    // …but the colleague signs in, without waiting for the network's failures.
    waits = []
    expect((await attempt('colleague', TEST_PASSWORD, '192.0.2.40')).status).toBe(200)
    expect(waits).toEqual([])
    // Guesses at the colleague's name from that network still meet its own lock.
    await fail(10, 'colleague', '192.0.2.66')
    expect((await attempt('colleague', TEST_PASSWORD, '192.0.2.40')).status).toBe(429)
  })

  it('post /auth/sign-in slows, but never locks, a username guessed from many networks; its owner still signs in', async () => {
    // Yesterday, from the office.
    expect((await attempt('lan.nguyen', TEST_PASSWORD, '203.0.113.9')).status).toBe(200)
    clock.advance(24 * 60 * MINUTE)
    // One guess from each of 40 networks: under every per-network count.
    for (let i = 0; i < 40; i++) expect((await attempt('lan.nguyen', WRONG, `10.${i}.0.1`)).status).toBe(401)
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, ...Array<number>(25).fill(30_000)])
    // From a network it has not signed in from lately, the owner waits the longest wait, and gets in.
    waits = []
    expect((await attempt('lan.nguyen', TEST_PASSWORD, '198.51.100.7')).status).toBe(200)
    expect(waits).toEqual([30_000])
    // The success reset the username's count; and from the office it would not have waited at all.
    for (let i = 40; i < 50; i++) expect((await attempt('lan.nguyen', WRONG, `10.${i}.0.1`)).status).toBe(401)
    waits = []
    expect((await attempt('lan.nguyen', TEST_PASSWORD, '203.0.113.9')).status).toBe(200)
    expect(waits).toEqual([])
  })

  it('post /auth/sign-in cannot be raced: a burst of parallel guesses gets at most 10 checked', async () => {
    const results = await Promise.all(Array.from({ length: 25 }, () => attempt('lan.nguyen', WRONG)))
    const statuses = results.map((r) => r.status)
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15)
    const failures = (await t.store.staff.authEvents()).filter((e) => e.kind === 'sign_in_failed')
    expect(failures.length).toBeLessThanOrEqual(10)
  })

  it('post /auth/sign-in records every attempt: failures, the lock-out and the success, with the account when known', async () => {
    await fail(2)
    await attempt('nobody.here')
    expect((await attempt('lan.nguyen', TEST_PASSWORD)).status).toBe(200)
    await fail(10, 'lan.nguyen', '203.0.113.9')
    await attempt('lan.nguyen', TEST_PASSWORD, '203.0.113.9')
    const events = await t.store.staff.authEvents()
    const id = (await t.store.staff.findByUsername('lan.nguyen'))!.id
    expect(events.map((e) => [e.kind, e.staffId, e.reason, e.status])).toEqual([
      ['sign_in_failed', id, 'wrong_password', 401],
      ['sign_in_failed', id, 'wrong_password', 401],
      ['sign_in_failed', null, 'unknown_user', 401],
      ['sign_in_succeeded', id, null, 200],
      ...Array.from({ length: 10 }, () => ['sign_in_failed', id, 'wrong_password', 401]),
      ['sign_in_locked', null, 'account', 429],
    ])
    expect(new Set(events.map((e) => e.client))).toEqual(new Set(['198.51.100.0/24', '203.0.113.0/24']))
  })
})
