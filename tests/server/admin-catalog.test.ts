import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Catalog } from '../../shared/catalog'
import type { AdminCatalog } from '../../server/store/admin-store'
import { feedbackItem, postFeedback } from './feedback-fixtures'
import { addStaff, createTestApp, postResponses, quickResponse, type Session, signIn, staffRequest, type TestApp } from './test-app'

let t: TestApp
let admin: Session
beforeEach(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  await addStaff(t, { username: 'c.admin', role: 'admin' })
  admin = await signIn(t.app, 'c.admin')
})
afterEach(() => t.close())

const call = (method: string, path: string, body?: unknown, session: Session = admin) => staffRequest(t.app, method, `/api/staff/admin/catalog${path}`, session, { body })
const publicCatalog = async () => (await (await t.app.request('/api/catalog')).json()) as Catalog
const adminCatalog = async () => (await (await call('GET', '')).json()) as AdminCatalog
/** Before and after as the JSON text stored, on either store (PostgreSQL's json would come back parsed). */
const auditRows = async () =>
  (await t.sql('SELECT entity, entity_key, action, CAST(before AS TEXT) AS before, CAST(after AS TEXT) AS after, actor FROM admin_audit ORDER BY id')) as unknown as {
    entity: string
    entity_key: string
    action: string
    before: string | null
    after: string | null
    actor: number
  }[]

async function expectError(res: Response, status: number, path: string, code?: string) {
  expect(res.status).toBe(status)
  const body = (await res.json()) as { error: { code: string; message: string; path: string } }
  expect(body.error.path).toBe(path)
  if (code) expect(body.error.code).toBe(code)
  expect(body.error.message.length).toBeGreaterThan(0)
  return body.error
}

const NEW_UNIT = { code: 'KT', name: { vi: 'Phòng Kế toán', en: 'Accounting Office' }, isInspectorate: false }
const NEW_COUNTER = {
  code: 'HCC-09',
  name: { vi: 'Quầy số 9', en: 'Counter 9' },
  location: { vi: 'Tầng 1, Trung tâm Phục vụ hành chính công', en: 'Ground floor, public service centre' },
  unitCode: 'LS',
  questionnaireKey: 'official',
}
const NEW_PROCEDURE = { code: 'LS-HPH', nationalCode: '1.000123', name: { vi: 'Hợp pháp hóa lãnh sự', en: 'Consular legalisation' }, unitCode: 'LS', timeLimitDays: 3 }

describe('admin catalog: reading', () => {
  it('lists every unit, counter and procedure with its active flag, inactive ones included', async () => {
    await call('POST', '/counters', NEW_COUNTER)
    await call('POST', '/counters/HCC-09/deactivate')
    const catalog = await adminCatalog()
    const pub = await publicCatalog()
    expect(catalog.units.map((u) => u.code)).toEqual(pub.units.map((u) => u.code))
    expect(catalog.counters.find((c) => c.code === 'HCC-09')).toEqual({ ...NEW_COUNTER, active: false })
    expect(pub.counters.some((c) => c.code === 'HCC-09')).toBe(false)
    expect(catalog.procedures.every((p) => p.active)).toBe(true)
  })
})

describe('admin catalog: creating', () => {
  it('creates a unit, a counter and a procedure; the public catalog shows them at once', async () => {
    await publicCatalog() // fills the cache the writes must clear
    for (const [kind, body] of [
      ['units', NEW_UNIT],
      ['counters', NEW_COUNTER],
      ['procedures', NEW_PROCEDURE],
    ] as const) {
      const res = await call('POST', `/${kind}`, body)
      expect(res.status).toBe(201)
      expect(await res.json()).toEqual({ ...body, active: true })
    }
    const pub = await publicCatalog()
    expect(pub.units).toContainEqual(NEW_UNIT)
    expect(pub.counters).toContainEqual(NEW_COUNTER)
    expect(pub.procedures).toContainEqual(NEW_PROCEDURE)
    // And a citizen can rate at the new counter straight away.
    const [result] = await postResponses(t.app, [quickResponse({ counter: 'HCC-09', procedure: 'LS-HPH' })])
    expect(result?.status).toBe('stored')
  })

  it('trims text and stores an empty national code as null', async () => {
    const res = await call('POST', '/procedures', { ...NEW_PROCEDURE, code: ' LS-X ', nationalCode: '  ', name: { vi: '  Thủ tục X ', en: 'Procedure X' } })
    expect(await res.json()).toMatchObject({ code: 'LS-X', nationalCode: null, name: { vi: 'Thủ tục X', en: 'Procedure X' } })
  })

  it.each([
    ['units', { ...NEW_UNIT, code: '' }, 'code'],
    ['units', { ...NEW_UNIT, code: 'has space' }, 'code'],
    ['units', { ...NEW_UNIT, name: { vi: 'Phòng', en: '   ' } }, 'name.en'],
    ['units', { ...NEW_UNIT, isInspectorate: 'yes' }, 'isInspectorate'],
    ['units', { code: 'X', name: NEW_UNIT.name }, 'isInspectorate'],
    ['units', { ...NEW_UNIT, active: false }, 'active'],
    ['counters', { ...NEW_COUNTER, location: { vi: 'Tầng 1' } }, 'location.en'],
    ['counters', { ...NEW_COUNTER, unitCode: 'a b' }, 'unitCode'],
    ['counters', { ...NEW_COUNTER, name: { vi: 'x'.repeat(301), en: 'x' } }, 'name.vi'],
    ['procedures', { ...NEW_PROCEDURE, timeLimitDays: -1 }, 'timeLimitDays'],
    ['procedures', { ...NEW_PROCEDURE, timeLimitDays: 2.5 }, 'timeLimitDays'],
    ['procedures', { ...NEW_PROCEDURE, nationalCode: 7 }, 'nationalCode'],
  ])('refuses a bad %s body, naming the field %#', async (kind, body, path) => {
    const error = await expectError(await call('POST', `/${kind}`, body), 400, path, 'invalid')
    expect(error.message).toMatch(new RegExp(`^${path.replace('.', '\\.')}: `))
    expect(await auditRows()).toEqual([])
  })

  it('answers 409 naming the code for a duplicate, whatever its case', async () => {
    await expectError(await call('POST', '/counters', { ...NEW_COUNTER, code: 'HCC-01' }), 409, 'code', 'duplicate')
    await expectError(await call('POST', '/units', { ...NEW_UNIT, code: 'ls' }), 409, 'code', 'duplicate')
  })

  it('refuses a counter whose unit or questionnaire key does not exist, and a procedure of an inactive unit', async () => {
    const unit = await expectError(await call('POST', '/counters', { ...NEW_COUNTER, unitCode: 'NOPE' }), 400, 'unitCode', 'invalid')
    expect(unit.message).toContain('NOPE')
    const key = await expectError(await call('POST', '/counters', { ...NEW_COUNTER, questionnaireKey: 'nope' }), 400, 'questionnaireKey', 'invalid')
    expect(key.message).toContain('nope')
    await call('POST', '/units', NEW_UNIT)
    await call('POST', '/units/KT/deactivate')
    const inactive = await expectError(await call('POST', '/procedures', { ...NEW_PROCEDURE, unitCode: 'KT' }), 400, 'unitCode', 'invalid')
    expect(inactive.message).toContain('inactive')
  })
})

describe('admin catalog: updating', () => {
  it('updates a counter; the public catalog and the audit show it, before and after', async () => {
    await publicCatalog()
    const changed = { ...NEW_COUNTER, code: undefined, name: { vi: 'Quầy Lãnh sự', en: 'Consular counter' }, unitCode: 'HTQT', questionnaireKey: 'quick' }
    const res = await call('PUT', '/counters/HCC-01', changed)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ code: 'HCC-01', name: changed.name, unitCode: 'HTQT', active: true })
    expect((await publicCatalog()).counters.find((c) => c.code === 'HCC-01')).toMatchObject({ name: changed.name, unitCode: 'HTQT' })
    const [row] = await auditRows()
    expect(row).toMatchObject({ entity: 'counter', entity_key: 'HCC-01', action: 'update', actor: admin.me.id })
    expect(JSON.parse(row!.before!)).toMatchObject({ code: 'HCC-01', unitCode: 'LS', active: true })
    expect(JSON.parse(row!.after!)).toMatchObject({ code: 'HCC-01', unitCode: 'HTQT', name: changed.name })
  })

  it('accepts the code sent back unchanged, and refuses changing a counter code (it is on the posters)', async () => {
    expect((await call('PUT', '/counters/HCC-01', { ...NEW_COUNTER, code: 'HCC-01' })).status).toBe(200)
    const error = await expectError(await call('PUT', '/counters/HCC-01', { ...NEW_COUNTER, code: 'HCC-99' }), 400, 'code', 'code_immutable')
    expect(error.message).toContain('never changes')
    expect((await adminCatalog()).counters.some((c) => c.code === 'HCC-99')).toBe(false)
  })

  it('the database itself refuses a changed counter code', async () => {
    await expect(t.sql("UPDATE counters SET code = 'X' WHERE code = 'HCC-01'")).rejects.toThrow(/never changes/)
  })

  it('answers 404 naming the code for an unknown entry, and 400 for a bad kind', async () => {
    await expectError(await call('PUT', '/procedures/NOPE', { ...NEW_PROCEDURE, code: undefined }), 404, 'code', 'not_found')
    await expectError(await call('PUT', '/desks/HCC-01', NEW_COUNTER), 400, 'kind', 'invalid')
  })

  it('writes no audit row for an update that changes nothing', async () => {
    const current = (await adminCatalog()).procedures[0]!
    const { active: _active, ...body } = current
    expect((await call('PUT', `/procedures/${current.code}`, body)).status).toBe(200)
    expect(await auditRows()).toEqual([])
  })
})

describe('admin catalog: deactivating', () => {
  it('deactivates and reactivates a procedure; inactive ones leave the public catalog but keep their items', async () => {
    const procedure = (await publicCatalog()).procedures[0]!.code
    const res = await call('POST', `/procedures/${procedure}/deactivate`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ code: procedure, active: false })
    expect((await publicCatalog()).procedures.some((p) => p.code === procedure)).toBe(false)
    expect(await t.sql('SELECT CASE WHEN active THEN 1 ELSE 0 END AS active FROM procedures WHERE code = ?', procedure)).toEqual([{ active: 0 }])
    // Doing it twice is not an error, and not a second audit row.
    expect((await call('POST', `/procedures/${procedure}/deactivate`)).status).toBe(200)
    expect((await call('POST', `/procedures/${procedure}/reactivate`)).status).toBe(200)
    expect((await publicCatalog()).procedures.some((p) => p.code === procedure)).toBe(true)
    expect((await auditRows()).map((r) => r.action)).toEqual(['deactivate', 'reactivate'])
  })

  it('keeps the names of a deactivated procedure and counter on their past figures', async () => {
    await postResponses(t.app, [quickResponse({ counter: 'HCC-02', procedure: 'ABTC', submittedAt: '2026-03-02T03:00:00Z' })])
    expect((await call('POST', '/procedures/ABTC/deactivate')).status).toBe(200)
    expect((await call('POST', '/counters/HCC-02/deactivate')).status).toBe(200)
    for (const [groupBy, key] of [
      ['procedure', 'ABTC'],
      ['counter', 'HCC-02'],
    ] as const) {
      const stats = await (await staffRequest(t.app, 'GET', `/api/stats/satisfaction?from=2026-03-01&to=2026-03-31&groupBy=${groupBy}`, admin)).json()
      const group = stats.groups.find((g: { key: string }) => g.key === key)
      expect(group.label?.vi, groupBy).toBeTruthy()
    }
  })

  it('refuses to deactivate a unit that active counters, procedures or staff still belong to', async () => {
    await addStaff(t, { username: 'c.clerk', role: 'unit_staff', unitCode: 'HTQT' })
    const error = await expectError(await call('POST', '/units/HTQT/deactivate'), 409, 'code', 'in_use')
    expect(error.message).toContain('c.clerk')
  })

  it('refuses a deactivation that would leave feedback with nowhere to go, naming the rule', async () => {
    // The default rules send conduct to the inspectorate: the only inspectorate unit cannot go.
    await expectError(await call('PUT', '/units/VP-TT', { name: { vi: 'Văn phòng', en: 'Office' }, isInspectorate: false }), 409, 'isInspectorate', 'routing_problems')
    const catalog = await adminCatalog()
    expect(catalog.units.find((u) => u.code === 'VP-TT')?.isInspectorate).toBe(true)
  })

  it('refuses to deactivate a counter a saved routing rule names, until the rule is changed', async () => {
    const { value: rules } = await (await staffRequest(t.app, 'GET', '/api/staff/settings/routing-rules', admin)).json()
    const rule = { id: 'hcc-02-desk', priority: 0, match: { counters: ['HCC-02'] }, targets: [{ unit: 'BG' }], note: { vi: 'Thử', en: 'Trial' } }
    expect((await staffRequest(t.app, 'PUT', '/api/staff/settings/routing-rules', admin, { body: { version: 0, value: [rule, ...rules] } })).status).toBe(200)
    const error = await expectError(await call('POST', '/counters/HCC-02/deactivate'), 409, 'code', 'routing_problems')
    expect(error.message).toContain('rule hcc-02-desk')
    expect((await publicCatalog()).counters.some((c) => c.code === 'HCC-02')).toBe(true)
    expect((await staffRequest(t.app, 'PUT', '/api/staff/settings/routing-rules', admin, { body: { version: 1, value: rules } })).status).toBe(200)
    expect((await call('POST', '/counters/HCC-02/deactivate')).status).toBe(200)
  })

  it('refuses to reactivate a counter under an inactive unit', async () => {
    await call('POST', '/units', NEW_UNIT)
    await call('POST', '/counters', { ...NEW_COUNTER, unitCode: 'KT' })
    await call('POST', '/counters/HCC-09/deactivate')
    expect((await call('POST', '/units/KT/deactivate')).status).toBe(200)
    await expectError(await call('POST', '/counters/HCC-09/reactivate'), 409, 'unitCode', 'inactive_unit')
  })

  it('answers 404 for an unknown code', async () => {
    await expectError(await call('POST', '/counters/NOPE/deactivate'), 404, 'code', 'not_found')
    await expectError(await call('POST', '/units/NOPE/reactivate'), 404, 'code', 'not_found')
  })

  it('keeps a deactivated counter and the feedback filed at it', async () => {
    const item = feedbackItem({ category: 'facilities', counter: 'HCC-01' })
    await postFeedback(t.app, [item])
    expect((await call('POST', '/counters/HCC-01/deactivate')).status).toBe(200)
    expect(await t.sql('SELECT counter_code FROM feedback WHERE id = ?', item.id)).toEqual([{ counter_code: 'HCC-01' }])
  })
})

describe('admin catalog: protection', () => {
  it('refuses an unsafe request without the CSRF token, and changes nothing', async () => {
    const res = await staffRequest(t.app, 'POST', '/api/staff/admin/catalog/units', admin, { body: NEW_UNIT, csrf: false })
    expect(res.status).toBe(403)
    expect((await res.json()).error.code).toBe('csrf')
    expect((await adminCatalog()).units.some((u) => u.code === 'KT')).toBe(false)
  })

  it('answers 403 to other roles and 401 signed out', async () => {
    await addStaff(t, { username: 'c.leader', role: 'leadership' })
    const leader = await signIn(t.app, 'c.leader')
    expect((await call('POST', '/units', NEW_UNIT, leader)).status).toBe(403)
    expect((await staffRequest(t.app, 'GET', '/api/staff/admin/catalog', undefined)).status).toBe(401)
  })

  it('answers 400 for malformed JSON and 415 for another media type', async () => {
    const bad = await t.app.request('http://localhost/api/staff/admin/catalog/units', {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'application/json' },
      body: '{"code":',
    })
    expect(bad.status).toBe(400)
    const form = await t.app.request('http://localhost/api/staff/admin/catalog/units', {
      method: 'POST',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': 'text/plain' },
      body: JSON.stringify(NEW_UNIT),
    })
    expect(form.status).toBe(415)
  })
})
