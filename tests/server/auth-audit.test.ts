import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { addStaff, createTestApp, signIn, signInRequest, staffRequest, TEST_PASSWORD, type TestApp } from './test-app'

let t: TestApp
let output: string[]
beforeEach(async () => {
  output = []
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void output.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' ')))
  }
  // Request logging on, as in production, so that its lines are checked too.
  t = await createTestApp({ LOG_REQUESTS: 'true', TRUST_PROXY: 'true', RATE_LIMIT_PER_MINUTE: '100000' })
  await addStaff(t, { username: 'lan.nguyen', role: 'unit_staff', unitCode: 'LS' })
})
afterEach(async () => {
  vi.restoreAllMocks()
  await t.close()
})

const auditRows = () => t.sql('SELECT * FROM auth_events ORDER BY id')

describe('audit of authentication events', () => {
  it('never writes a password, a session token, a CSRF token or a typed username to the logs or auth_events', async () => {
    const wrongPassword = 'my-wrong-password-123'
    const unknownName = 'someone.secret'
    // People type their password into the username field by mistake: that must not be kept either.
    const passwordAsUsername = 'password-in-the-username-field'
    const session = await signIn(t.app, 'lan.nguyen')
    const token = session.cookie.split('=')[1]!
    await signInRequest(t.app, 'lan.nguyen', wrongPassword)
    await signInRequest(t.app, unknownName, wrongPassword)
    await signInRequest(t.app, passwordAsUsername, TEST_PASSWORD)
    await signInRequest(t.app, 'lan.nguyen', TEST_PASSWORD, { headers: { 'sec-fetch-site': 'cross-site' } })
    await t.app.request('/api/auth/sign-in', { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"username":"lan.nguyen","password":"${wrongPassword}"` })
    await staffRequest(t.app, 'GET', '/api/staff/me', session)
    await staffRequest(t.app, 'POST', '/api/auth/sign-out', session, { csrf: `${session.csrfToken}-forged` })
    await staffRequest(t.app, 'POST', '/api/auth/sign-out', session)
    await staffRequest(t.app, 'GET', '/api/staff/me', session)
    for (let i = 0; i < 11; i++) await signInRequest(t.app, unknownName, wrongPassword, { headers: { 'x-forwarded-for': '203.0.113.77' } })

    const secrets = [TEST_PASSWORD, wrongPassword, token, createHash('sha256').update(token).digest('hex'), session.csrfToken, unknownName, passwordAsUsername]
    const logged = output.join('\n')
    expect(logged).toContain('POST /api/auth/sign-in 200') // the request log ran
    const stored = JSON.stringify(await auditRows())
    expect((await auditRows()).length).toBeGreaterThan(15)
    for (const secret of secrets) {
      expect(logged).not.toContain(secret)
      expect(stored).not.toContain(secret)
    }
  })

  it('names an attempt by a keyed hash of the username, not a plain hash anyone could recompute', async () => {
    await signInRequest(t.app, 'nobody.here', 'whatever password')
    await signInRequest(t.app, 'Nobody.Here', 'whatever password')
    const [a, b] = (await auditRows()) as { subject: string }[]
    expect(a!.subject).toMatch(/^[0-9a-f]{16}$/)
    expect(b!.subject).toBe(a!.subject)
    expect(createHash('sha256').update('nobody.here').digest('hex')).not.toContain(a!.subject)
  })

  it('keeps only the /24 (IPv4) or /48 (IPv6) network of the client', async () => {
    await signInRequest(t.app, 'lan.nguyen', 'wrong password!', { headers: { 'x-forwarded-for': '198.51.100.23' } })
    await signInRequest(t.app, 'lan.nguyen', 'wrong password!', { headers: { 'x-forwarded-for': '2001:db8:abcd:12:34::1' } })
    await signInRequest(t.app, 'lan.nguyen', 'wrong password!', { headers: { 'x-forwarded-for': '::ffff:192.0.2.99' } })
    // Proxies append: the client's own claim comes first, the address our proxy saw last.
    await signInRequest(t.app, 'lan.nguyen', 'wrong password!', { headers: { 'x-forwarded-for': '10.9.8.7, 198.51.100.200' } })
    expect((await auditRows()).map((r) => r.client)).toEqual(['198.51.100.0/24', '2001:db8:abcd::/48', '192.0.2.0/24', '198.51.100.0/24'])
  })

  it('records every refused access: no session, an expired or unknown cookie, a missing CSRF token', async () => {
    const session = await signIn(t.app, 'lan.nguyen')
    await t.app.request('/api/staff/me')
    await staffRequest(t.app, 'GET', '/api/staff/me', { ...session, cookie: `hailong_session=http.${'B'.repeat(43)}` })
    await staffRequest(t.app, 'POST', '/api/auth/sign-out', session, { csrf: false })
    const refused = (await auditRows()).filter((r) => r.kind === 'access_refused')
    expect(refused.map((r) => [r.method, r.path, r.status, r.reason, r.staff_id])).toEqual([
      ['GET', '/api/staff/me', 401, 'no_session', null],
      ['GET', '/api/staff/me', 401, 'unknown_session', null],
      ['POST', '/api/auth/sign-out', 403, 'csrf_token_missing', session.me.id],
    ])
  })

  it('auth_events is append-only: rows can be neither changed nor deleted', async () => {
    await signInRequest(t.app, 'lan.nguyen', 'wrong password!')
    await expect(t.sql("UPDATE auth_events SET reason = 'nothing'")).rejects.toThrow(/append-only/)
    await expect(t.sql('DELETE FROM auth_events')).rejects.toThrow(/append-only/)
    expect(await auditRows()).toHaveLength(1)
  })

  it('staff accounts are deactivated, never deleted', async () => {
    await expect(t.sql('DELETE FROM staff')).rejects.toThrow(/never deleted/)
  })
})
