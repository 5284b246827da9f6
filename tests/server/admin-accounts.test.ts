import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { addStaff, createTestApp, type Session, signIn, signInRequest, staffRequest, TEST_PASSWORD, type TestApp } from './test-app'

let t: TestApp
let admin: Session
beforeEach(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  await addStaff(t, { username: 'a.admin', role: 'admin', displayName: 'Quản trị A' })
  admin = await signIn(t.app, 'a.admin')
})
afterEach(() => t.close())

const call = (method: string, path: string, body?: unknown, session: Session = admin) => staffRequest(t.app, method, `/api/staff/admin/accounts${path}`, session, { body })
const me = (session: Session) => staffRequest(t.app, 'GET', '/api/staff/me', session)
const NEW_PASSWORD = 'a brand new passphrase 2026'

async function expectError(res: Response, status: number, path: string, code?: string) {
  expect(res.status).toBe(status)
  const { error } = (await res.json()) as { error: { code: string; message: string; path: string } }
  expect(error.path).toBe(path)
  if (code) expect(error.code).toBe(code)
  return error
}

async function create(body: Record<string, unknown>) {
  const res = await call('POST', '', { password: TEST_PASSWORD, ...body })
  expect(res.status).toBe(201)
  return (await res.json()) as { id: number; username: string; role: string; unitCode: string | null; active: boolean }
}

describe('accounts: listing and creating', () => {
  it('refuses a role the server does not know, naming every one it does', async () => {
    const error = await expectError(await call('POST', '', { username: 'new.clerk', role: 'clerk', unitCode: 'LS', password: TEST_PASSWORD }), 400, 'role')
    expect(error.message).toBe('role: must be one of unit_staff, unit_head, inspector, leadership, admin')
  })

  it('lists the accounts without any password hash', async () => {
    await addStaff(t, { username: 'a.clerk', role: 'unit_staff', unitCode: 'LS' })
    const res = await call('GET', '')
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).not.toMatch(/scrypt|password/i)
    expect(JSON.parse(text).accounts).toEqual([
      { id: admin.me.id, username: 'a.admin', displayName: 'Quản trị A', role: 'admin', unitCode: null, active: true, demo: false, createdAt: expect.any(String), deactivatedAt: null,
        secondFactor: false },
      expect.objectContaining({ username: 'a.clerk', role: 'unit_staff', unitCode: 'LS' }),
    ])
  })

  it('creates an account that can sign in at once, its username normalised', async () => {
    const created = await create({ username: 'Lan.Nguyen', displayName: 'Nguyễn Thị Lan', role: 'unit_head', unitCode: 'HTQT' })
    expect(created).toMatchObject({ username: 'lan.nguyen', role: 'unit_head', unitCode: 'HTQT', active: true })
    const session = await signIn(t.app, 'lan.nguyen')
    expect(session.me).toMatchObject({ displayName: 'Nguyễn Thị Lan', unitCode: 'HTQT' })
  })

  it.each([
    [{ username: 'ab', role: 'unit_staff', unitCode: 'LS' }, 'username'],
    [{ username: 'new.clerk', role: 'clerk', unitCode: 'LS' }, 'role'],
    [{ username: 'new.clerk', role: 'unit_staff' }, 'unitCode'],
    [{ username: 'new.clerk', role: 'unit_staff', unitCode: 'NOPE' }, 'unitCode'],
    [{ username: 'new.inspector', role: 'inspector', unitCode: 'LS' }, 'unitCode'],
    [{ username: 'new.leader', role: 'leadership', unitCode: 'LS' }, 'unitCode'],
    [{ username: 'new.clerk', role: 'unit_staff', unitCode: 'LS', password: 'short' }, 'password'],
    [{ username: 'new.clerk', role: 'unit_staff', unitCode: 'LS', password: 'new.clerk is my password' }, 'password'],
    [{ username: 'new.clerk', role: 'unit_staff', unitCode: 'LS', displayName: '  ' }, 'displayName'],
    [{ username: 'new.clerk', role: 'unit_staff', unitCode: 'LS', passwordHash: 'x' }, 'passwordHash'],
  ])('refuses a bad account, naming the field %#', async (body, path) => {
    await expectError(await call('POST', '', { password: TEST_PASSWORD, ...body }), 400, path)
    expect(await t.count('staff')).toBe(1)
  })

  it('answers 409 for a username taken, whatever its case', async () => {
    await expectError(await call('POST', '', { username: 'A.Admin', role: 'admin', password: NEW_PASSWORD }), 409, 'username', 'duplicate')
  })
})

describe('accounts: changing', () => {
  it('changes the display name, the role and the unit; the next request already has them', async () => {
    const clerk = await create({ username: 'b.clerk', role: 'unit_staff', unitCode: 'LS' })
    const session = await signIn(t.app, 'b.clerk')
    const res = await call('PATCH', `/${clerk.id}`, { displayName: 'Trần Văn B', role: 'unit_head', unitCode: 'BG' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ displayName: 'Trần Văn B', role: 'unit_head', unitCode: 'BG' })
    expect(await (await me(session)).json()).toMatchObject({ role: 'unit_head', unitCode: 'BG' })
    // Promoted to leadership, the unit goes with the old role.
    expect(await (await call('PATCH', `/${clerk.id}`, { role: 'leadership' })).json()).toMatchObject({ role: 'leadership', unitCode: null })
  })

  it.each([
    [{}, ''],
    [{ role: 'unit_staff' }, 'unitCode'],
    [{ unitCode: 'VP-TT', role: 'inspector', displayName: '' }, 'displayName'],
    [{ username: 'renamed' }, 'username'],
  ])('refuses a bad change, naming the field %#', async (body, path) => {
    const leader = await create({ username: 'c.leader', role: 'leadership' })
    await expectError(await call('PATCH', `/${leader.id}`, body), 400, path)
  })

  it('answers 404 for an unknown account and 400 for a bad id', async () => {
    await expectError(await call('PATCH', '/999', { displayName: 'X' }), 404, 'id', 'not_found')
    await expectError(await call('PATCH', '/abc', { displayName: 'X' }), 400, 'id')
  })
})

describe('accounts: password reset', () => {
  it('sets the new password and ends every session of that account', async () => {
    const clerk = await create({ username: 'd.clerk', role: 'unit_staff', unitCode: 'LS' })
    const one = await signIn(t.app, 'd.clerk')
    const two = await signIn(t.app, 'd.clerk')
    const res = await call('POST', `/${clerk.id}/password`, { password: NEW_PASSWORD })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ sessionsEnded: 2 })
    expect((await me(one)).status).toBe(401)
    expect((await me(two)).status).toBe(401)
    expect((await signInRequest(t.app, 'd.clerk', TEST_PASSWORD)).status).toBe(401)
    expect((await signInRequest(t.app, 'd.clerk', NEW_PASSWORD)).status).toBe(200)
    // The administrator's own session is untouched.
    expect((await me(admin)).status).toBe(200)
  })

  it('refuses a password that breaks the rules, naming the field, and keeps the old one', async () => {
    const clerk = await create({ username: 'e.clerk', role: 'unit_staff', unitCode: 'LS' })
    await expectError(await call('POST', `/${clerk.id}/password`, { password: 'too short' }), 400, 'password')
    await expectError(await call('POST', `/${clerk.id}/password`, {}), 400, 'password')
    expect((await signInRequest(t.app, 'e.clerk', TEST_PASSWORD)).status).toBe(200)
    await expectError(await call('POST', '/999/password', { password: NEW_PASSWORD }), 404, 'id')
  })
})

describe('accounts: deactivating', () => {
  it('deactivates: sessions end, sign-in fails, history kept; reactivating lets the account back in', async () => {
    const clerk = await create({ username: 'f.clerk', role: 'unit_staff', unitCode: 'LS' })
    const session = await signIn(t.app, 'f.clerk')
    const res = await call('POST', `/${clerk.id}/deactivate`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ active: false, deactivatedAt: expect.any(String) })
    expect((await me(session)).status).toBe(401)
    expect((await signInRequest(t.app, 'f.clerk')).status).toBe(401)
    expect(await t.count('sessions', 'staff_id = ?', clerk.id)).toBe(0)
    expect(await t.sql('SELECT CASE WHEN active THEN 1 ELSE 0 END AS active FROM staff WHERE id = ?', clerk.id)).toEqual([{ active: 0 }])

    const back = await call('POST', `/${clerk.id}/reactivate`)
    expect(await back.json()).toMatchObject({ active: true, deactivatedAt: null })
    expect((await signInRequest(t.app, 'f.clerk')).status).toBe(200)
  })

  it('refuses to reactivate an account whose unit is inactive', async () => {
    await staffRequest(t.app, 'POST', '/api/staff/admin/catalog/units', admin, { body: { code: 'KT', name: { vi: 'Kế toán', en: 'Accounting' }, isInspectorate: false } })
    const clerk = await create({ username: 'g.clerk', role: 'unit_staff', unitCode: 'KT' })
    await call('POST', `/${clerk.id}/deactivate`)
    expect((await staffRequest(t.app, 'POST', '/api/staff/admin/catalog/units/KT/deactivate', admin)).status).toBe(200)
    await expectError(await call('POST', `/${clerk.id}/reactivate`), 409, 'unitCode', 'inactive_unit')
  })
})

describe('accounts: the last administrator and oneself', () => {
  it('an administrator cannot deactivate or demote themselves', async () => {
    await addStaff(t, { username: 'a.admin2', role: 'admin' })
    await expectError(await call('POST', `/${admin.me.id}/deactivate`), 409, 'id', 'self')
    await expectError(await call('PATCH', `/${admin.me.id}`, { role: 'leadership' }), 409, 'id', 'self')
    // Renaming oneself is fine.
    expect((await call('PATCH', `/${admin.me.id}`, { displayName: 'Quản trị viên' })).status).toBe(200)
  })

  it('two administrators deactivating each other at once leave one of them active', async () => {
    const second = await create({ username: 'a.second', role: 'admin', password: NEW_PASSWORD })
    const other = await signIn(t.app, 'a.second', NEW_PASSWORD)
    const [one, two] = await Promise.all([call('POST', `/${second.id}/deactivate`), call('POST', `/${admin.me.id}/deactivate`, undefined, other)])
    // Whichever ran first wins; the other finds its session ended (401) or itself the last administrator (409).
    expect([one.status, two.status].filter((s) => s === 200)).toHaveLength(1)
    expect([one.status, two.status].every((s) => [200, 401, 409].includes(s))).toBe(true)
    expect(await t.count('staff', "role = 'admin' AND active")).toBe(1)
  })

  it('the store refuses to demote or deactivate the last active administrator whoever asks', async () => {
    const actor = { id: admin.me.id, at: Date.now() }
    const demoted = await t.store.admin.updateAccount(admin.me.id, { role: 'leadership' }, actor)
    expect(demoted).toMatchObject({ ok: false, reason: 'blocked', code: 'last_admin' })
    const deactivated = await t.store.admin.setAccountActive(admin.me.id, false, actor)
    expect(deactivated).toMatchObject({ ok: false, reason: 'blocked', code: 'last_admin' })
    expect((await me(admin)).status).toBe(200)
  })
})
