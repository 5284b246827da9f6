import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { KioskDeviceCreated, KioskDeviceInfo, KioskStatus } from '../../shared/kiosk'
import type { BatchResult } from '../../shared/response'
import { addStaff, createTestApp, HOUR, postJson, quickResponse, type Session, signIn, staffRequest, TestClock, type TestApp } from './test-app'

let t: TestApp
let clock: TestClock
let admin: Session

beforeEach(async () => {
  // Tuesday 3 March 2026, 10:00 in Hà Tĩnh.
  clock = new TestClock(Date.parse('2026-03-03T10:00:00+07:00'))
  t = await createTestApp({}, { auth: { now: clock.now } })
  await addStaff(t, { username: 'admin.user', role: 'admin', displayName: 'Hoàng Thị Thu' })
  await addStaff(t, { username: 'vp.inspector', role: 'inspector', unitCode: 'VP-TT', displayName: 'Trần Văn Tra' })
  admin = await signIn(t.app, 'admin.user')
})
afterEach(() => t.close())

async function issue(counter = 'HCC-01', name = 'Máy tính bảng quầy 1'): Promise<KioskDeviceCreated> {
  const res = await staffRequest(t.app, 'POST', '/api/staff/admin/kiosks', admin, { body: { counter, name } })
  expect(res.status, await res.clone().text()).toBe(201)
  return (await res.json()) as KioskDeviceCreated
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

function rate(token: string, items: unknown[], counter = 'HCC-01') {
  return postJson(t.app, `/api/kiosk/${counter}/responses`, { responses: items }, bearer(token))
}

function beat(token: string, body: unknown, counter = 'HCC-01') {
  return postJson(t.app, `/api/kiosk/${counter}/heartbeat`, body, bearer(token))
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; path: string } }).error
}

describe('kiosk device tokens', () => {
  it('issues a token shown once with its set-up link, stores only its SHA-256, and audits the issue', async () => {
    const created = await issue()
    expect(created.token).toMatch(/^kiosk_[\w-]{43}$/)
    expect(created.setupPath).toBe(`/kiosk/HCC-01#token=${created.token}`)
    expect(created.info).toMatchObject({ counter: 'HCC-01', name: 'Máy tính bảng quầy 1', createdBy: 'Hoàng Thị Thu', revokedAt: null, heartbeat: null })

    const list = (await (await staffRequest(t.app, 'GET', '/api/staff/admin/kiosks', admin)).json()) as { devices: KioskDeviceInfo[] }
    expect(list.devices).toEqual([created.info])
    expect(JSON.stringify(list)).not.toContain(created.token)
    const [stored] = await t.sql('SELECT token_hash FROM kiosk_devices')
    expect(stored!.token_hash).toBe(createHash('sha256').update(created.token).digest('hex'))
    const audit = await t.sql("SELECT action, entity_key, CAST(after AS TEXT) AS after FROM admin_audit WHERE entity = 'kiosk_device'")
    expect(audit).toEqual([{ action: 'create', entity_key: String(created.info.id), after: expect.stringContaining('HCC-01') }])
    expect(JSON.stringify(audit)).not.toContain(String(stored!.token_hash))
  })

  it('refuses a counter that does not exist and a bad name, naming the field', async () => {
    const unknown = await staffRequest(t.app, 'POST', '/api/staff/admin/kiosks', admin, { body: { counter: 'HCC-99', name: 'Quầy ma' } })
    expect(unknown.status).toBe(400)
    expect(await errorOf(unknown)).toMatchObject({ path: 'counter', message: 'counter: there is no active counter HCC-99' })
    const blank = await staffRequest(t.app, 'POST', '/api/staff/admin/kiosks', admin, { body: { counter: 'HCC-01', name: ' ' } })
    expect(blank.status).toBe(400)
    expect((await errorOf(blank)).message).toMatch(/^name: is required/)
    expect(await t.count('kiosk_devices')).toBe(0)
  })

  it('stores a kiosk’s ratings with channel kiosk, the public form’s with qr, and refuses another counter’s items', async () => {
    const { token } = await issue()
    const own = quickResponse()
    const other = quickResponse({ counter: 'HCC-02' })
    const res = await rate(token, [own, other])
    expect(res.status).toBe(200)
    const { results } = (await res.json()) as BatchResult
    expect(results[0]).toMatchObject({ id: own.id, status: 'stored' })
    expect(results[1]).toMatchObject({ id: other.id, status: 'invalid', error: { path: 'responses.1.counter', message: 'responses.1.counter: this kiosk is set up for counter HCC-01' } })
    // A resend after a lost answer is a duplicate, as on the public form.
    expect(((await (await rate(token, [own])).json()) as BatchResult).results[0]!.status).toBe('duplicate')
    const citizen = quickResponse()
    expect((await postJson(t.app, '/api/responses', { responses: [citizen] })).status).toBe(200)
    const stored = await t.sql('SELECT id, channel FROM responses ORDER BY id')
    expect(stored).toEqual([
      { id: own.id, channel: 'kiosk' },
      { id: citizen.id, channel: 'qr' },
    ])
  })

  it('answers a missing or unknown token 401, another counter’s or a revoked one 403, and stores nothing', async () => {
    const { token, info } = await issue()
    const item = quickResponse()
    const none = await postJson(t.app, '/api/kiosk/HCC-01/responses', { responses: [item] })
    expect(none.status).toBe(401)
    expect(await errorOf(none)).toMatchObject({ code: 'kiosk_token', path: 'authorization' })
    expect((await rate(`kiosk_${'x'.repeat(43)}`, [item])).status).toBe(401)
    const elsewhere = await rate(token, [quickResponse({ counter: 'HCC-02' })], 'HCC-02')
    expect(elsewhere.status).toBe(403)
    expect((await errorOf(elsewhere)).code).toBe('kiosk_counter')

    const revoke = await staffRequest(t.app, 'POST', `/api/staff/admin/kiosks/${info.id}/revoke`, admin)
    expect(revoke.status).toBe(200)
    expect(((await revoke.json()) as KioskDeviceInfo).revokedAt).not.toBeNull()
    const revoked = await rate(token, [item])
    expect(revoked.status).toBe(403)
    expect(await errorOf(revoked)).toMatchObject({ code: 'kiosk_revoked', message: expect.stringMatching(/^authorization: this kiosk token was revoked/) })
    expect((await beat(token, { lastSyncAt: null, waiting: 1, version: 'dev', battery: null })).status).toBe(403)
    expect((await t.app.request('/api/kiosk/HCC-01/device', { headers: bearer(token) })).status).toBe(403)
    expect(await t.count('responses')).toBe(0)
    // Revoking again changes nothing; an unknown device is 404.
    expect((await staffRequest(t.app, 'POST', `/api/staff/admin/kiosks/${info.id}/revoke`, admin)).status).toBe(200)
    expect((await staffRequest(t.app, 'POST', '/api/staff/admin/kiosks/999/revoke', admin)).status).toBe(404)
    const audit = await t.sql("SELECT action FROM admin_audit WHERE entity = 'kiosk_device' ORDER BY id")
    expect(audit.map((a) => a.action)).toEqual(['create', 'revoke'])
  })

  it('tells a set-up tablet which device it is', async () => {
    const { token, info } = await issue()
    const res = await t.app.request('/api/kiosk/HCC-01/device', { headers: bearer(token) })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ id: info.id, counter: 'HCC-01', name: 'Máy tính bảng quầy 1' })
  })
})

describe('kiosk heartbeat', () => {
  it('checks each field, keeps the last heartbeat, and shows it to the inspector', async () => {
    const { token, info } = await issue()
    const bad = await beat(token, { lastSyncAt: null, waiting: 2, version: 'dev', battery: 3 })
    expect(bad.status).toBe(400)
    expect(await errorOf(bad)).toMatchObject({ path: 'battery', message: expect.stringMatching(/^battery: must be between 0 and 1/) })
    expect((await errorOf(await beat(token, { lastSyncAt: null, waiting: -1, version: 'dev', battery: null }))).path).toBe('waiting')

    const syncedAt = clock.now() - 60_000
    expect((await beat(token, { lastSyncAt: syncedAt, waiting: 3, version: '2026.12.06', battery: 0.42 })).status).toBe(204)
    const inspector = await signIn(t.app, 'vp.inspector')
    const res = await staffRequest(t.app, 'GET', '/api/staff/kiosks', inspector)
    expect(res.status).toBe(200)
    const { kiosks } = (await res.json()) as { kiosks: KioskStatus[] }
    expect(kiosks).toEqual([
      {
        ...info,
        heartbeat: { at: new Date(clock.now()).toISOString(), lastSyncAt: new Date(syncedAt).toISOString(), waiting: 3, version: '2026.12.06', battery: 0.42 },
        silent: false,
      },
    ])
  })

  it('raises the alert when a kiosk has been silent for a working day by the calendar, and leaves revoked ones out', async () => {
    // Friday 6 March, 10:00.
    clock.time = Date.parse('2026-03-06T10:00:00+07:00')
    admin = await signIn(t.app, 'admin.user')
    const first = await issue('HCC-01')
    const second = await issue('HCC-02', 'Máy tính bảng quầy 2')
    const gone = await issue('HCC-01', 'Máy cũ')
    await staffRequest(t.app, 'POST', `/api/staff/admin/kiosks/${gone.info.id}/revoke`, admin)
    expect((await beat(first.token, { lastSyncAt: null, waiting: 0, version: 'dev', battery: null })).status).toBe(204)

    const status = async () => {
      const inspector = await signIn(t.app, 'vp.inspector')
      const { kiosks } = (await (await staffRequest(t.app, 'GET', '/api/staff/kiosks', inspector)).json()) as { kiosks: KioskStatus[] }
      return kiosks.map((k) => [k.counter, k.name, k.silent])
    }
    // Monday 16:00: the weekend was not silence.
    clock.time = Date.parse('2026-03-09T16:00:00+07:00')
    expect(await status()).toEqual([
      ['HCC-01', 'Máy tính bảng quầy 1', false],
      ['HCC-02', 'Máy tính bảng quầy 2', false],
    ])
    // Monday at closing time, a whole working day without a word: both, the one never heard from since its issue.
    clock.advance(HOUR)
    expect(await status()).toEqual([
      ['HCC-01', 'Máy tính bảng quầy 1', true],
      ['HCC-02', 'Máy tính bảng quầy 2', true],
    ])
    expect((await beat(second.token, { lastSyncAt: clock.now(), waiting: 0, version: 'dev', battery: 1 }, 'HCC-02')).status).toBe(204)
    expect((await status())[1]).toEqual(['HCC-02', 'Máy tính bảng quầy 2', false])
  })
})
