import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AuditEvent } from '../../server/store/admin-store'
import { addStaff, createTestApp, type Session, signIn, staffRequest, type TestApp } from './test-app'

let t: TestApp
let admin: Session
const SECRET = 'the secret nobody may read back'
beforeEach(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  await addStaff(t, { username: 'z.admin', role: 'admin' })
  admin = await signIn(t.app, 'z.admin')
  const post = (path: string, body?: unknown) => staffRequest(t.app, 'POST', `/api/staff/admin${path}`, admin, { body })
  expect((await post('/catalog/units', { code: 'KT', name: { vi: 'Kế toán', en: 'Accounting' }, isInspectorate: false })).status).toBe(201)
  const created = await post('/accounts', { username: 'z.clerk', role: 'unit_staff', unitCode: 'KT', password: SECRET })
  const id = ((await created.json()) as { id: number }).id
  expect((await post(`/accounts/${id}/password`, { password: `${SECRET} again` })).status).toBe(200)
  expect((await post(`/accounts/${id}/deactivate`)).status).toBe(200)
  expect((await post('/catalog/units/KT/deactivate')).status).toBe(200)
})
afterEach(() => t.close())

type Page = { events: (Omit<AuditEvent, 'at'> & { at: string })[]; next: number | null }
const audit = async (query = '') => {
  const res = await staffRequest(t.app, 'GET', `/api/staff/admin/audit${query}`, admin)
  expect(res.status).toBe(200)
  return (await res.json()) as Page
}

describe('administration audit', () => {
  it('lists every change newest first: when, who, what, before and after', async () => {
    const { events, next } = await audit()
    expect(next).toBeNull()
    expect(events.map((e) => [e.entity, e.action])).toEqual([
      ['unit', 'deactivate'],
      ['staff', 'deactivate'],
      ['staff', 'reset_password'],
      ['staff', 'create'],
      ['unit', 'create'],
    ])
    for (const e of events) {
      expect(e.actor).toEqual({ id: admin.me.id, username: 'z.admin' })
      expect(Number.isNaN(Date.parse(e.at))).toBe(false)
    }
    const [unitOff, staffOff, reset, staffNew, unitNew] = events
    expect(unitNew).toMatchObject({ key: 'KT', before: null, after: { code: 'KT', active: true, isInspectorate: false } })
    expect(unitOff).toMatchObject({ key: 'KT', before: { active: true }, after: { active: false } })
    expect(staffNew).toMatchObject({ before: null, after: { username: 'z.clerk', role: 'unit_staff', unitCode: 'KT', active: true } })
    expect(reset).toMatchObject({ key: staffNew!.key, before: null, after: { sessionsEnded: 0 } })
    expect(staffOff).toMatchObject({ before: { active: true }, after: { active: false, sessionsEnded: 0 } })
  })

  it('never holds a password or a hash', async () => {
    const text = JSON.stringify(await t.sql('SELECT * FROM admin_audit'))
    expect(text).not.toContain('secret nobody')
    expect(text).not.toContain('$scrypt$')
    expect(text).not.toMatch(/password_?hash/i)
  })

  it('filters by entity and key, and pages with limit and before', async () => {
    expect((await audit('?entity=unit')).events.map((e) => e.action)).toEqual(['deactivate', 'create'])
    const staffKey = (await audit('?entity=staff')).events[0]!.key
    expect((await audit(`?entity=staff&key=${staffKey}`)).events).toHaveLength(3)
    const first = await audit('?limit=2')
    expect(first.events).toHaveLength(2)
    expect(first.next).toBe(first.events[1]!.id)
    const second = await audit(`?limit=2&before=${first.next}`)
    expect(second.events.map((e) => e.action)).toEqual(['reset_password', 'create'])
    const last = await audit(`?limit=2&before=${second.next}`)
    expect(last).toEqual({ events: [expect.objectContaining({ entity: 'unit', action: 'create' })], next: null })
  })

  it.each([
    ['?entity=room', 'entity'],
    ['?limit=0', 'limit'],
    ['?limit=501', 'limit'],
    ['?limit=ten', 'limit'],
    ['?before=x', 'before'],
    ['?colour=red', 'colour'],
  ])('answers 400 for %s, naming the parameter', async (query, path) => {
    const res = await staffRequest(t.app, 'GET', `/api/staff/admin/audit${query}`, admin)
    expect(res.status).toBe(400)
    expect((await res.json()).error.path).toBe(path)
  })

  it('is append-only: the database refuses to change or delete a row', async () => {
    await expect(t.sql("UPDATE admin_audit SET action = 'nothing'")).rejects.toThrow(/append-only/)
    await expect(t.sql('DELETE FROM admin_audit')).rejects.toThrow(/append-only/)
    expect(await t.count('admin_audit')).toBe(5)
  })

  it('rolls the change back with its audit row when the change is refused', async () => {
    const before = (await audit()).events.length
    const res = await staffRequest(t.app, 'POST', '/api/staff/admin/catalog/counters', admin, {
      body: { code: 'HCC-77', name: { vi: 'Quầy 77', en: 'Counter 77' }, location: { vi: 'Tầng 2', en: 'First floor' }, unitCode: 'KT', questionnaireKey: 'quick' },
    })
    expect(res.status).toBe(400)
    expect((await audit()).events).toHaveLength(before)
  })
})
