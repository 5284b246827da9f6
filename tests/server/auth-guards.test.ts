import { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type AuthEnv, createAuth, provideAuth } from '../../server/auth/context'
import { requireCsrf } from '../../server/auth/csrf'
import { canSeeUnit, requireRole, requireStaff } from '../../server/auth/guards'
import { parseConfig } from '../../server/config'
import type { Env } from '../../server/env'
import { apiError } from '../../server/middleware/errors'
import { addStaff, createTestApp, signIn, staffRequest, TEST_SCRYPT, type TestApp } from './test-app'

/** Endpoints as later staff routes will write them, to check the guards they will rely on. */
const probe = new Hono<AuthEnv>()
  .use(requireStaff)
  .use(requireCsrf)
  .get('/heads', requireRole('unit_head', 'inspector'), (c) => c.json({ username: c.var.staff.username }))
  .get('/units/:code', (c) => {
    const code = c.req.param('code')
    // Another unit's items answer exactly like missing ones.
    if (!canSeeUnit(c.var.staff, code)) return apiError(c, 404, 'not_found', 'No such item')
    return c.json({ unit: code })
  })

let t: TestApp
let app: Hono<Env>
beforeEach(async () => {
  t = await createTestApp()
  const config = parseConfig({ LOG_REQUESTS: 'false' })
  const store = t.store
  app = new Hono<Env>()
  app.use(async (c, next) => {
    c.set('config', config)
    c.set('store', store)
    await next()
  })
  app.use(provideAuth(createAuth(store, { password: TEST_SCRYPT })))
  app.route('/api/probe', probe)
  await addStaff(t, { username: 'ls.staff', role: 'unit_staff', unitCode: 'LS' })
  await addStaff(t, { username: 'ls.head', role: 'unit_head', unitCode: 'LS' })
  await addStaff(t, { username: 'inspector', role: 'inspector', unitCode: 'VP-TT' })
})
afterEach(() => t.close())

describe('guards', () => {
  it('requireRole lets the named roles through and answers 403 to the others, recording the refusal', async () => {
    const head = await signIn(t.app, 'ls.head')
    const staff = await signIn(t.app, 'ls.staff')
    const allowed = await staffRequest(app, 'GET', '/api/probe/heads', head)
    expect(allowed.status).toBe(200)
    expect(await allowed.json()).toEqual({ username: 'ls.head' })
    const refused = await staffRequest(app, 'GET', '/api/probe/heads', staff)
    expect(refused.status).toBe(403)
    expect(await refused.json()).toEqual({ error: { code: 'forbidden', message: 'Your role does not allow this', path: '' } })
    const event = (await t.store.staff.authEvents()).at(-1)!
    expect(event).toMatchObject({ kind: 'access_refused', staffId: staff.me.id, status: 403, reason: 'role unit_staff', path: '/api/probe/heads' })
  })

  it('requireStaff comes first: signed out is 401, not 403', async () => {
    expect((await app.request('/api/probe/heads')).status).toBe(401)
  })

  it('canSeeUnit gives 404 for another unit, the same answer as for a unit that does not exist', async () => {
    const staff = await signIn(t.app, 'ls.staff')
    expect((await staffRequest(app, 'GET', '/api/probe/units/LS', staff)).status).toBe(200)
    const other = await staffRequest(app, 'GET', '/api/probe/units/HTQT', staff)
    const missing = await staffRequest(app, 'GET', '/api/probe/units/NOPE', staff)
    expect(other.status).toBe(404)
    expect(await other.text()).toBe(await missing.text())
    const inspector = await signIn(t.app, 'inspector')
    expect((await staffRequest(app, 'GET', '/api/probe/units/HTQT', inspector)).status).toBe(200)
  })
})
