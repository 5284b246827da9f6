import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addStaff, createTestApp, type Session, signIn, staffRequest, type TestApp } from './test-app'

let t: TestApp
let session: Session
beforeEach(async () => {
  t = await createTestApp({ TRUST_PROXY: 'true' })
  await addStaff(t, { username: 'lan.nguyen', role: 'unit_staff', unitCode: 'LS' })
  session = await signIn(t.app, 'lan.nguyen')
})
afterEach(() => t.close())

const signOut = (options: Parameters<typeof staffRequest>[4] = {}) => staffRequest(t.app, 'POST', '/api/auth/sign-out', session, options)
const stillSignedIn = async () => (await staffRequest(t.app, 'GET', '/api/staff/me', session)).status === 200

async function expectCsrfRefusal(res: Response) {
  expect(res.status).toBe(403)
  const body = (await res.json()) as { error: { code: string; message: string; path: string } }
  expect(body).toEqual({ error: { code: 'csrf', message: expect.any(String), path: '' } })
}

describe('CSRF protection', () => {
  it('post /auth/sign-out without X-CSRF-Token is refused with 403 and changes nothing', async () => {
    await expectCsrfRefusal(await signOut({ csrf: false }))
    expect(await stillSignedIn()).toBe(true)
  })

  it('post /auth/sign-out with a wrong X-CSRF-Token is refused with 403', async () => {
    await expectCsrfRefusal(await signOut({ csrf: 'x'.repeat(43) }))
    await expectCsrfRefusal(await signOut({ csrf: `${session.csrfToken}x` }))
    await expectCsrfRefusal(await signOut({ csrf: session.csrfToken.slice(1) }))
    expect(await stillSignedIn()).toBe(true)
  })

  it("post /auth/sign-out with another session's token is refused", async () => {
    const other = await signIn(t.app, 'lan.nguyen')
    await expectCsrfRefusal(await signOut({ csrf: other.csrfToken }))
  })

  it('post /auth/sign-out with the right token succeeds', async () => {
    expect((await signOut()).status).toBe(204)
    expect(await stillSignedIn()).toBe(false)
  })

  it('post /auth/sign-out with the right token but from another origin is refused', async () => {
    await expectCsrfRefusal(await signOut({ headers: { origin: 'https://evil.example' } }))
    await expectCsrfRefusal(await signOut({ headers: { 'sec-fetch-site': 'cross-site' } }))
    await expectCsrfRefusal(await signOut({ headers: { 'sec-fetch-site': 'same-site' } }))
    expect(await stillSignedIn()).toBe(true)
  })

  it('post /auth/sign-out from our own origin succeeds, also behind a TLS proxy', async () => {
    const headers = { origin: 'https://hailong.example', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'hailong.example' }
    const secure = await signIn(t.app, 'lan.nguyen', undefined, 'https://hailong.example')
    const res = await staffRequest(t.app, 'POST', '/api/auth/sign-out', secure, { headers, base: 'http://10.0.0.5:8080' })
    expect(res.status).toBe(204)
    expect((await signOut({ headers: { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' } })).status).toBe(204)
  })

  it('get /staff/me needs no token (no GET changes state) and hands the token to the page', async () => {
    const res = await staffRequest(t.app, 'GET', '/api/staff/me', session)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { csrfToken: string }).csrfToken).toBe(session.csrfToken)
  })

  it('every unsafe method anywhere under /api/staff needs the token, before any route is chosen', async () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      await expectCsrfRefusal(await staffRequest(t.app, method, '/api/staff/anything', session, { csrf: false }))
      // With the token, the request reaches routing: there is no such endpoint.
      expect((await staffRequest(t.app, method, '/api/staff/anything', session)).status).toBe(404)
    }
  })

  it('without a session, an unsafe request under /api/staff answers 401 whatever its token', async () => {
    const res = await staffRequest(t.app, 'POST', '/api/staff/anything', undefined, { csrf: session.csrfToken })
    expect(res.status).toBe(401)
  })
})
