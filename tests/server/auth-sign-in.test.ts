import { afterEach, describe, expect, it } from 'vitest'
import { hashPassword } from '../../server/auth/password'
import type { StaffMe } from '../../shared/staff'
import {
  addStaff,
  createTestApp,
  sessionCookieOf,
  signIn,
  signInRequest,
  staffRequest,
  TEST_PASSWORD,
  TEST_SCRYPT,
  type TestApp,
} from './test-app'

let t: TestApp
afterEach(() => t.close())

async function appWithStaff(env: Record<string, string> = {}, auth = {}) {
  t = await createTestApp(env, { auth })
  return addStaff(t, { username: 'lan.nguyen', role: 'unit_staff', unitCode: 'LS', displayName: 'Nguyễn Thị Lan' })
}

function cookieAttributes(res: Response): { name: string; value: string; attributes: string[] } {
  const header = res.headers.getSetCookie().find((c) => c.includes('hailong_session='))!
  const [pair, ...attributes] = header.split(';').map((s) => s.trim())
  const [name, value] = pair!.split('=') as [string, string]
  return { name, value, attributes }
}

describe('POST /api/auth/sign-in', () => {
  it('post /auth/sign-in answers who signed in, with a CSRF token, and sets an HttpOnly SameSite cookie for Path=/', async () => {
    const account = await appWithStaff()
    const res = await signInRequest(t.app, 'lan.nguyen')
    expect(res.status).toBe(200)
    const me = (await res.json()) as StaffMe
    expect(me).toEqual({ id: account.id, username: 'lan.nguyen', displayName: 'Nguyễn Thị Lan', role: 'unit_staff', unitCode: 'LS', csrfToken: expect.stringMatching(/^[\w-]{43}$/) })
    expect(res.headers.get('cache-control')).toBe('no-store')
    const cookie = cookieAttributes(res)
    // Plain HTTP (localhost): browsers refuse __Host- without Secure, so the cookie goes without the prefix.
    expect(cookie.name).toBe('hailong_session')
    expect(cookie.value).toMatch(/^http\.[\w-]{43}$/)
    expect(cookie.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']))
    expect(cookie.attributes).not.toContain('Secure')
    expect(cookie.attributes.some((a) => /^(Domain|Max-Age|Expires)=/i.test(a))).toBe(false)
  })

  it('post /auth/sign-in over https:// sets a Secure __Host- cookie', async () => {
    await appWithStaff()
    const res = await signInRequest(t.app, 'lan.nguyen', TEST_PASSWORD, { base: 'https://hailong.example' })
    expect(res.status).toBe(200)
    const cookie = cookieAttributes(res)
    expect(cookie.name).toBe('__Host-hailong_session')
    expect(cookie.attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', 'Secure']))
  })

  it('post /auth/sign-in behind a TLS proxy (TRUST_PROXY, X-Forwarded-Proto: https) sets the Secure __Host- cookie', async () => {
    await appWithStaff({ TRUST_PROXY: 'true' })
    const res = await signInRequest(t.app, 'lan.nguyen', TEST_PASSWORD, { headers: { 'x-forwarded-proto': 'https' } })
    expect(cookieAttributes(res).name).toBe('__Host-hailong_session')
    expect(cookieAttributes(res).attributes).toContain('Secure')
  })

  it('post /auth/sign-in ignores X-Forwarded-Proto unless TRUST_PROXY is set', async () => {
    await appWithStaff()
    const res = await signInRequest(t.app, 'lan.nguyen', TEST_PASSWORD, { headers: { 'x-forwarded-proto': 'https' } })
    expect(cookieAttributes(res).name).toBe('hailong_session')
  })

  it('post /auth/sign-in accepts the username in any case and with stray spaces', async () => {
    await appWithStaff()
    expect((await signInRequest(t.app, '  Lan.Nguyen ')).status).toBe(200)
  })

  it('post /auth/sign-in answers an unknown username and a wrong password identically', async () => {
    await appWithStaff()
    const unknown = await signInRequest(t.app, 'nobody.here', TEST_PASSWORD)
    const wrong = await signInRequest(t.app, 'lan.nguyen', 'not the password at all')
    expect(unknown.status).toBe(401)
    expect(wrong.status).toBe(401)
    const body = await unknown.text()
    expect(await wrong.text()).toBe(body)
    expect(JSON.parse(body)).toEqual({ error: { code: 'invalid_credentials', message: 'Wrong username or password', path: '' } })
    expect(sessionCookieOf(unknown)).toBeUndefined()
    expect(sessionCookieOf(wrong)).toBeUndefined()
    expect([...unknown.headers.keys()].sort()).toEqual([...wrong.headers.keys()].sort())
  })

  it('post /auth/sign-in answers a deactivated account with the right password like a wrong password', async () => {
    const account = await appWithStaff()
    await t.store.staff.deactivate(account.id)
    const res = await signInRequest(t.app, 'lan.nguyen')
    expect(res.status).toBe(401)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_credentials')
  })

  it('post /auth/sign-in refuses a body that is not JSON with 415, and a missing field with 400, before any check', async () => {
    await appWithStaff()
    const form = await t.app.request('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'username=lan.nguyen&password=x' })
    expect(form.status).toBe(415)
    const missing = await t.app.request('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lan.nguyen' }) })
    expect(missing.status).toBe(400)
    expect(((await missing.json()) as { error: { path: string } }).error.path).toBe('password')
  })

  it('post /auth/sign-in refuses a cross-site attempt (login CSRF) with 403', async () => {
    await appWithStaff()
    const crossSite = await signInRequest(t.app, 'lan.nguyen', TEST_PASSWORD, { headers: { 'sec-fetch-site': 'cross-site' } })
    expect(crossSite.status).toBe(403)
    expect(((await crossSite.json()) as { error: { code: string } }).error.code).toBe('csrf')
    const otherOrigin = await signInRequest(t.app, 'lan.nguyen', TEST_PASSWORD, { headers: { origin: 'https://evil.example' } })
    expect(otherOrigin.status).toBe(403)
    const sameOrigin = await signInRequest(t.app, 'lan.nguyen', TEST_PASSWORD, { headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' } })
    expect(sameOrigin.status).toBe(200)
  })

  it('post /auth/sign-in issues a new session id every time', async () => {
    await appWithStaff()
    const first = await signIn(t.app, 'lan.nguyen')
    const second = await signIn(t.app, 'lan.nguyen')
    expect(second.cookie).not.toBe(first.cookie)
    expect(second.csrfToken).not.toBe(first.csrfToken)
    // Two sign-ins from two browsers are two sessions.
    expect((await staffRequest(t.app, 'GET', '/api/staff/me', first)).status).toBe(200)
    expect((await staffRequest(t.app, 'GET', '/api/staff/me', second)).status).toBe(200)
  })

  it('post /auth/sign-in ends the session the browser presented (no session fixation)', async () => {
    await appWithStaff()
    const planted = await signIn(t.app, 'lan.nguyen')
    const res = await signInRequest(t.app, 'lan.nguyen', TEST_PASSWORD, { headers: { cookie: planted.cookie } })
    expect(res.status).toBe(200)
    expect(sessionCookieOf(res)).not.toBe(planted.cookie)
    expect((await staffRequest(t.app, 'GET', '/api/staff/me', planted)).status).toBe(401)
  })

  it('post /auth/sign-in stores only a hash of the session token', async () => {
    await appWithStaff()
    const session = await signIn(t.app, 'lan.nguyen')
    const token = session.cookie.split('=')[1]!
    const rows = await t.sql('SELECT * FROM sessions')
    expect(rows).toHaveLength(1)
    expect(JSON.stringify(rows)).not.toContain(token)
    expect(rows[0]!.id_hash).toMatch(/^[0-9a-f]{64}$/)
  })

  it('post /auth/sign-in re-hashes a password stored at an older cost', async () => {
    await appWithStaff()
    const id = (await t.store.staff.findByUsername('lan.nguyen'))!.id
    await t.store.staff.setPasswordHash(id, await hashPassword(TEST_PASSWORD, { logN: 9, r: 8, p: 1 }))
    await signIn(t.app, 'lan.nguyen')
    const hash = (await t.store.staff.findByUsername('lan.nguyen'))!.passwordHash
    expect(hash.startsWith(`$scrypt$ln=${TEST_SCRYPT.logN},r=8,p=1$`)).toBe(true)
    await signIn(t.app, 'lan.nguyen')
  })
})
