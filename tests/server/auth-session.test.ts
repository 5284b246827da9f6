import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../../server/app'
import { parseConfig } from '../../server/config'
import {
  addStaff,
  createTestApp,
  HOUR,
  MINUTE,
  sessionCookieOf,
  signIn,
  signInRequest,
  staffRequest,
  TEST_PASSWORD,
  TEST_SCRYPT,
  TestClock,
  type TestApp,
} from './test-app'

let t: TestApp
let clock: TestClock
afterEach(() => t.close())

async function start(env: Record<string, string> = {}) {
  clock = new TestClock()
  t = await createTestApp(env, { auth: { now: clock.now } })
  await addStaff(t, { username: 'lan.nguyen', role: 'unit_staff', unitCode: 'LS' })
  return signIn(t.app, 'lan.nguyen')
}

const me = (session: Awaited<ReturnType<typeof start>>) => staffRequest(t.app, 'GET', '/api/staff/me', session)
const sessionRows = () => t.count('sessions')

describe('staff sessions', () => {
  it('get /staff/me answers 401 in the API error shape without a session', async () => {
    await start()
    const res = await t.app.request('/api/staff/me')
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ error: { code: 'unauthenticated', message: 'Sign in first', path: '' } })
  })

  it('get /staff/me answers 401 for a made-up session cookie', async () => {
    await start()
    const res = await staffRequest(t.app, 'GET', '/api/staff/me', { cookie: `hailong_session=${'A'.repeat(43)}`, csrfToken: '', me: undefined! })
    expect(res.status).toBe(401)
  })

  it('get /staff/me keeps a session alive while it is used, and ends it after 30 idle minutes', async () => {
    const session = await start()
    for (let i = 0; i < 5; i++) {
      clock.advance(29 * MINUTE)
      expect((await me(session)).status).toBe(200)
    }
    clock.advance(30 * MINUTE)
    const res = await me(session)
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('session_expired')
    // The dead cookie is cleared, and the session is gone for good.
    expect(res.headers.getSetCookie().some((c) => /^hailong_session=;.*Max-Age=0/.test(c))).toBe(true)
    expect(await sessionRows()).toBe(0)
    clock.advance(-40 * MINUTE)
    expect((await me(session)).status).toBe(401)
  })

  it('get /staff/me follows SESSION_IDLE_MINUTES', async () => {
    const session = await start({ SESSION_IDLE_MINUTES: '5' })
    clock.advance(4 * MINUTE)
    expect((await me(session)).status).toBe(200)
    clock.advance(5 * MINUTE)
    expect((await me(session)).status).toBe(401)
  })

  it('get /staff/me ends a session 12 hours after sign-in however busy it is', async () => {
    const session = await start()
    for (let elapsed = 0; elapsed < 12 * HOUR - 20 * MINUTE; elapsed += 20 * MINUTE) {
      clock.advance(20 * MINUTE)
      expect((await me(session)).status).toBe(200)
    }
    clock.advance(20 * MINUTE)
    const res = await me(session)
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('session_expired')
  })

  it('get /staff/me follows SESSION_ABSOLUTE_HOURS, and a lowered setting applies to sessions already open', async () => {
    const session = await start({ SESSION_ABSOLUTE_HOURS: '12' })
    for (let i = 0; i < 6; i++) {
      clock.advance(20 * MINUTE)
      expect((await me(session)).status).toBe(200)
    }
    // The same database served with a 2-hour limit: the session opened under 12 hours has ended.
    const config = parseConfig({ LOG_REQUESTS: 'false', SESSION_ABSOLUTE_HOURS: '2', STATIC_DIR: t.dir })
    const lowered = createApp({ config, store: t.store, auth: { now: clock.now, password: TEST_SCRYPT } })
    expect((await staffRequest(lowered, 'GET', '/api/staff/me', session)).status).toBe(401)
  })

  it('post /auth/sign-out ends the session and clears the cookie; the old cookie no longer works', async () => {
    const session = await start()
    const res = await staffRequest(t.app, 'POST', '/api/auth/sign-out', session)
    expect(res.status).toBe(204)
    expect(res.headers.getSetCookie().some((c) => /^hailong_session=;.*Max-Age=0/.test(c))).toBe(true)
    expect(await sessionRows()).toBe(0)
    expect((await me(session)).status).toBe(401)
    expect((await staffRequest(t.app, 'POST', '/api/auth/sign-out', session)).status).toBe(401)
  })

  it('post /auth/sign-out ends only that session, not the same account elsewhere', async () => {
    const here = await start()
    const elsewhere = await signIn(t.app, 'lan.nguyen')
    expect((await staffRequest(t.app, 'POST', '/api/auth/sign-out', here)).status).toBe(204)
    expect((await me(elsewhere)).status).toBe(200)
  })

  it('get /staff/me refuses the session of an account deactivated since', async () => {
    const session = await start()
    await t.store.staff.deactivate(session.me.id)
    expect((await me(session)).status).toBe(401)
  })

  it('a session made over HTTP is not accepted over HTTPS (each scheme reads only its own cookie name)', async () => {
    const session = await start()
    const value = session.cookie.split('=')[1]
    const overHttps = await staffRequest(t.app, 'GET', '/api/staff/me', { ...session, cookie: `hailong_session=${value}` }, { base: 'https://localhost' })
    expect(overHttps.status).toBe(401)
  })

  it('a session made over HTTPS is not accepted over HTTP, even when its token is copied under the HTTP cookie name', async () => {
    clock = new TestClock()
    t = await createTestApp({}, { auth: { now: clock.now } })
    await addStaff(t, { username: 'lan.nguyen', role: 'unit_staff', unitCode: 'LS' })
    const session = await signIn(t.app, 'lan.nguyen', undefined, 'https://localhost')
    const value = session.cookie.split('=')[1]
    const overHttp = await staffRequest(t.app, 'GET', '/api/staff/me', { ...session, cookie: `hailong_session=${value}` })
    expect(overHttp.status).toBe(401)
    // Nor the other way round: an HTTP token copied under the __Host- name.
    const plain = await signIn(t.app, 'lan.nguyen')
    const copied = { ...plain, cookie: `__Host-hailong_session=${plain.cookie.split('=')[1]}` }
    expect((await staffRequest(t.app, 'GET', '/api/staff/me', copied, { base: 'https://localhost' })).status).toBe(401)
    // Each still works under its own name and scheme.
    expect((await staffRequest(t.app, 'GET', '/api/staff/me', session, { base: 'https://localhost' })).status).toBe(200)
    expect((await staffRequest(t.app, 'GET', '/api/staff/me', plain)).status).toBe(200)
  })

  it('with PUBLIC_URL https the cookie is the Secure __Host- one, even without TRUST_PROXY behind a proxy that ends TLS', async () => {
    clock = new TestClock()
    t = await createTestApp({ PUBLIC_URL: 'https://hailong.example.vn' }, { auth: { now: clock.now } })
    await addStaff(t, { username: 'lan.nguyen', role: 'unit_staff', unitCode: 'LS' })
    // The proxy speaks plain HTTP to the app, and says so only in a header the app does not trust.
    const res = await signInRequest(t.app, 'lan.nguyen', TEST_PASSWORD, { base: 'http://hailong.example.vn', headers: { 'x-forwarded-proto': 'https' } })
    expect(res.status).toBe(200)
    const header = res.headers.getSetCookie().find((c) => c.includes('hailong_session='))!
    expect(header).toMatch(/^__Host-hailong_session=https\./)
    expect(header).toMatch(/; Secure/)
    expect(header).toMatch(/; HttpOnly/)
    expect(header).toMatch(/; SameSite=Strict/)
    const session = { cookie: sessionCookieOf(res)!, csrfToken: '', me: undefined! }
    expect((await staffRequest(t.app, 'GET', '/api/staff/me', session, { base: 'http://hailong.example.vn' })).status).toBe(200)
    // The same token under the plain name is refused.
    const plain = { ...session, cookie: session.cookie.replace('__Host-', '') }
    expect((await staffRequest(t.app, 'GET', '/api/staff/me', plain, { base: 'http://hailong.example.vn' })).status).toBe(401)
    // Signing out clears the __Host- cookie.
    const out = await staffRequest(t.app, 'POST', '/api/auth/sign-out', { ...session, csrfToken: ((await res.json()) as { csrfToken: string }).csrfToken }, { base: 'http://hailong.example.vn' })
    expect(out.status).toBe(204)
    expect(sessionCookieOf(out)).toBe('__Host-hailong_session=')
  })

  it('a __Host- session works over HTTPS', async () => {
    clock = new TestClock()
    t = await createTestApp({}, { auth: { now: clock.now } })
    await addStaff(t, { username: 'lan.nguyen', role: 'unit_staff', unitCode: 'LS' })
    const session = await signIn(t.app, 'lan.nguyen', undefined, 'https://localhost')
    expect(session.cookie.startsWith('__Host-hailong_session=')).toBe(true)
    expect((await staffRequest(t.app, 'GET', '/api/staff/me', session, { base: 'https://localhost' })).status).toBe(200)
    const res = await staffRequest(t.app, 'POST', '/api/auth/sign-out', session, { base: 'https://localhost' })
    expect(res.status).toBe(204)
    expect(sessionCookieOf(res)).toBe('__Host-hailong_session=')
  })
})
