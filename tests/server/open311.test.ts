import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Open311KeyCreated, Open311Service, Open311ServiceDefinition, Open311ServiceRequest } from '../../shared/open311'
import type { InboxPage } from '../../shared/staff-feedback'
import { loggedPath } from '../../server/middleware/logged-path'
import { actOk, detail, getJson } from './staff-feedback-fixtures'
import { addStaff, createTestApp, type Session, signIn, staffRequest, type TestApp } from './test-app'

const ROOT = join(import.meta.dirname, '..', '..')
const V2 = 'http://localhost/open311/v2'

let t: TestApp
let admin: Session
let lsStaff: Session
let key: string

beforeEach(async () => {
  t = await createTestApp()
  await addStaff(t, { username: 'admin.user', role: 'admin', displayName: 'Hoàng Thị Thu' })
  await addStaff(t, { username: 'ls.staff', role: 'unit_staff', unitCode: 'LS', displayName: 'Lê Văn Sơn' })
  admin = await signIn(t.app, 'admin.user')
  lsStaff = await signIn(t.app, 'ls.staff')
  key = (await createKey('Ứng dụng Hà Tĩnh 311')).key
})
afterEach(() => t.close())

async function createKey(name: string): Promise<Open311KeyCreated> {
  const res = await staffRequest(t.app, 'POST', '/api/staff/admin/open311-keys', admin, { body: { name } })
  expect(res.status).toBe(201)
  return (await res.json()) as Open311KeyCreated
}

const PERSON = { first_name: 'Nguyễn', last_name: 'Văn Riêng', email: 'rieng@example.vn', phone: '0912 345 678' }

function post(fields: Record<string, string>, format: 'json' | 'xml' = 'json') {
  return t.app.request(`${V2}/requests.${format}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
}

async function file(fields: Record<string, string> = {}): Promise<{ service_request_id: string; token: string }> {
  const res = await post({
    api_key: key,
    service_code: 'processing_time',
    description: 'Hồ sơ hộ chiếu trễ hẹn một tuần mà không được báo.',
    'attribute[procedure]': 'HC-NGCV',
    lat: '18.3428',
    long: '105.9057',
    ...fields,
  })
  expect(res.status, await res.clone().text()).toBe(201)
  const [created] = (await res.json()) as { service_request_id: string; token: string }[]
  return created!
}

const get = (path: string) => t.app.request(`${V2}/${path}`)
async function getRequests(query: Record<string, string> = {}): Promise<Open311ServiceRequest[]> {
  const res = await get(`requests.json?${new URLSearchParams(query)}`)
  expect(res.status, await res.clone().text()).toBe(200)
  return (await res.json()) as Open311ServiceRequest[]
}

describe('Open311 services', () => {
  it('lists the feedback categories as services, in JSON and XML, and defines one with its attributes', async () => {
    const json = await get('services.json')
    expect(json.status).toBe(200)
    const services = (await json.json()) as Open311Service[]
    expect(services.map((s) => s.service_code)).toContain('processing_time')
    expect(services.find((s) => s.service_code === 'conduct')).toMatchObject({ service_name: 'Thái độ, tác phong của cán bộ', metadata: true, type: 'realtime' })

    const xml = await get('services.xml')
    expect(xml.headers.get('content-type')).toContain('text/xml')
    const text = await xml.text()
    expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true)
    expect(text).toContain('<services><service><service_code>conduct</service_code>')

    const definition = (await (await get('services/processing_time.json')).json()) as Open311ServiceDefinition
    expect(definition.service_code).toBe('processing_time')
    const procedure = definition.attributes.find((a) => a.code === 'procedure')!
    expect(procedure).toMatchObject({ datatype: 'singlevaluelist', required: false, variable: true })
    expect(procedure.values).toContainEqual({ key: 'HC-NGCV', name: 'Cấp hộ chiếu ngoại giao, hộ chiếu công vụ' })
    expect(await (await get('services/processing_time.xml')).text()).toContain('<attributes><attribute><variable>true</variable><code>procedure</code>')

    const unknown = await get('services/potholes.json')
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toEqual([{ code: 404, description: 'service_code: no service potholes' }])
  })

  it('answers the discovery document', async () => {
    const res = await t.app.request('http://localhost/open311/discovery.json')
    expect(res.status).toBe(200)
    const discovery = (await res.json()) as { endpoints: { url: string; formats: string[]; specification: string }[] }
    expect(discovery.endpoints[0]).toMatchObject({ url: 'http://localhost/open311/v2', formats: ['application/json', 'text/xml'] })
  })
})

describe('Open311 requests', () => {
  it('files a form-encoded request as a feedback item: routed, deadlined, in the staff inbox, with its key recorded', async () => {
    const { service_request_id: id, token } = await file(PERSON)
    const [row] = await t.sql('SELECT unit_code, routed_by_rule, resolve_by, open311_key_id, contact_name, contact_email, consent_version, open311_lat, channel FROM feedback WHERE id = ?', id)
    const [keyRow] = await t.sql('SELECT id FROM open311_keys')
    expect(row).toMatchObject({ unit_code: 'LS', contact_name: 'Nguyễn Văn Riêng', contact_email: 'rieng@example.vn', consent_version: 'open311-client', channel: 'open311' })
    expect(Number(row!.open311_key_id)).toBe(Number(keyRow!.id))
    expect(Number(row!.open311_lat)).toBeCloseTo(18.3428)

    const page = await getJson<InboxPage>(t, '/api/staff/feedback', lsStaff)
    const listed = page.items.find((i) => i.trackingCode === token)!
    expect(listed).toMatchObject({ status: 'received', unit: { code: 'LS' }, category: 'processing_time', channel: 'open311' })
    // The item page says which client filed it: the key's name.
    expect(await detail(t, lsStaff, id)).toMatchObject({ channel: 'open311', open311Client: 'Ứng dụng Hà Tĩnh 311' })
    const [read] = await getRequests({ service_request_id: id })
    expect(read!.expected_datetime).toBe(w3c(Date.parse(listed.resolveBy)))
    expect(read).toMatchObject({ service_request_id: id, status: 'open', status_notes: null, service_code: 'processing_time', agency_responsible: 'Phòng Lãnh sự và Người Việt Nam ở nước ngoài', lat: 18.3428, long: 105.9057 })
  })

  it('reads a request back by id and by token, and shows the staff answer in status_notes once given, closed', async () => {
    const { service_request_id: id, token } = await file(PERSON)
    const byToken = await get(`tokens/${token}.json`)
    // A token is a tracking code: never in the logs.
    expect(loggedPath(`/open311/v2/tokens/${token}.json`)).toBe('/open311/v2/tokens/<code>')
    expect(await byToken.json()).toEqual([{ service_request_id: id, token }])
    expect(await (await get(`tokens/${token}.xml`)).text()).toContain(`<service_requests><request><service_request_id>${id}</service_request_id>`)

    const one = async () => ((await (await get(`requests/${id}.json`)).json()) as Open311ServiceRequest[])[0]!
    expect((await one()).status).toBe('open')
    await actOk(t, lsStaff, id, { action: 'acknowledge' })
    await actOk(t, lsStaff, id, { action: 'answer', answer: 'Sở đã cấp hộ chiếu; xin lỗi vì sự chậm trễ.' })
    const answered = await one()
    expect(answered).toMatchObject({ status: 'closed', status_notes: 'Sở đã cấp hộ chiếu; xin lỗi vì sự chậm trễ.' })
    expect(Date.parse(answered.updated_datetime)).toBeGreaterThanOrEqual(Date.parse(answered.requested_datetime))
    const xml = await (await get(`requests/${id}.xml`)).text()
    expect(xml).toContain('<status>closed</status><status_notes>Sở đã cấp hộ chiếu; xin lỗi vì sự chậm trễ.</status_notes>')
    expect(xml).toContain('<service_code>processing_time</service_code>')

    // The staff see the contact details the client gave, as for any item.
    expect((await detail(t, lsStaff, id)).contact).toMatchObject({ name: 'Nguyễn Văn Riêng' })
  })

  it('never shows personal data or the description in GET answers', async () => {
    const { service_request_id: id } = await file(PERSON)
    const texts = [
      await (await get('requests.json')).text(),
      await (await get('requests.xml')).text(),
      await (await get(`requests/${id}.json`)).text(),
      await (await get(`requests/${id}.xml`)).text(),
    ]
    for (const text of texts) {
      expect(text).toContain(id)
      expect(text).not.toMatch(/Riêng|rieng@example|912\s?345|0912|trễ hẹn một tuần/)
    }
  })

  it('filters by dates, status and service, bounded to 90 days', async () => {
    const first = await file()
    const second = await file({ service_code: 'conduct', 'attribute[procedure]': '' })
    await actOk(t, lsStaff, first.service_request_id, { action: 'acknowledge' })
    await actOk(t, lsStaff, first.service_request_id, { action: 'answer', answer: 'Đã xử lý xong.' })

    expect(ids(await getRequests())).toEqual(ids([first, second]))
    expect(ids(await getRequests({ status: 'closed' }))).toEqual([first.service_request_id])
    expect(ids(await getRequests({ status: 'open' }))).toEqual([second.service_request_id])
    expect(ids(await getRequests({ service_code: 'conduct' }))).toEqual([second.service_request_id])
    expect(ids(await getRequests({ service_code: 'conduct,processing_time', status: 'open,closed' }))).toHaveLength(2)
    const now = Date.now()
    expect(await getRequests({ start_date: new Date(now - 30 * 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z'), end_date: new Date(now - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z') })).toEqual([])
    expect(await getRequests({ start_date: w3c(now - 60_000) })).toHaveLength(2)
    // Ids override every other filter.
    expect(ids(await getRequests({ service_request_id: second.service_request_id, status: 'closed' }))).toEqual([second.service_request_id])

    const wide = await get(`requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`)
    expect(wide.status).toBe(400)
    expect(((await wide.json()) as { code: number; description: string }[])[0]).toMatchObject({ code: 400, description: expect.stringContaining('90 days') })
    const badDate = await get('requests.xml?start_date=yesterday')
    expect(badDate.status).toBe(400)
    expect(await badDate.text()).toMatch(/<errors><error><code>400<\/code><description>start_date: must be a W3C datetime/)
    expect((await get('requests.json?status=pending')).status).toBe(400)
  })

  it('refuses a wrong, missing or revoked key with a 403 error document, storing nothing', async () => {
    const wrong = await post({ api_key: 'o311_not-a-key', service_code: 'conduct', description: 'Cán bộ không hướng dẫn tận tình.' })
    expect(wrong.status).toBe(403)
    expect(await wrong.json()).toEqual([{ code: 403, description: 'api_key: was not provided or is invalid' }])
    const missing = await post({ service_code: 'conduct', description: 'Cán bộ không hướng dẫn tận tình.' }, 'xml')
    expect(missing.status).toBe(403)
    expect(await missing.text()).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<errors><error><code>403</code><description>api_key: was not provided or is invalid</description></error></errors>')

    const { keys } = (await (await staffRequest(t.app, 'GET', '/api/staff/admin/open311-keys', admin)).json()) as { keys: { id: number }[] }
    const keyId = keys[0]!.id
    const revoke = await staffRequest(t.app, 'POST', `/api/staff/admin/open311-keys/${keyId}/revoke`, admin)
    expect(revoke.status).toBe(200)
    const revoked = await post({ api_key: key, service_code: 'conduct', description: 'Cán bộ không hướng dẫn tận tình.' })
    expect(revoked.status).toBe(403)
    expect(await t.count('feedback')).toBe(0)
    // Both changes are in the administration audit, without the key or its hash.
    const audit = await t.sql("SELECT action, CAST(after AS TEXT) AS after FROM admin_audit WHERE entity = 'open311_key' ORDER BY id")
    expect(audit.map((a) => a.action)).toEqual(['create', 'revoke'])
    const [stored] = await t.sql('SELECT key_hash FROM open311_keys')
    expect(JSON.stringify(audit)).not.toContain(String(stored!.key_hash))
    expect(String(stored!.key_hash)).not.toContain(key)
  })

  it('checks the jurisdiction when given (404), the service (404) and each field (400)', async () => {
    expect((await get('services.json?jurisdiction_id=sngv.hatinh.gov.vn')).status).toBe(200)
    const other = await get('services.json?jurisdiction_id=city.example.org')
    expect(other.status).toBe(404)
    expect(((await other.json()) as { description: string }[])[0]!.description).toContain('jurisdiction_id')
    expect((await post({ api_key: key, jurisdiction_id: 'city.example.org', service_code: 'conduct', description: 'Cán bộ không hướng dẫn tận tình.' })).status).toBe(404)
    expect((await post({ api_key: key, service_code: 'potholes', description: 'Cán bộ không hướng dẫn tận tình.' })).status).toBe(404)
    const short = await post({ api_key: key, service_code: 'conduct', description: 'ngắn' })
    expect(short.status).toBe(400)
    expect(((await short.json()) as { description: string }[])[0]!.description).toMatch(/^description: must be at least 10 characters/)
    const phoneOnly = await post({ api_key: key, service_code: 'conduct', description: 'Cán bộ không hướng dẫn tận tình.', phone: '0912345678' })
    expect(((await phoneOnly.json()) as { description: string }[])[0]!.description).toMatch(/^first_name: is required/)
    const badPhone = await post({ api_key: key, service_code: 'conduct', description: 'Cán bộ không hướng dẫn tận tình.', first_name: 'An', phone: '12' })
    expect(((await badPhone.json()) as { description: string }[])[0]!.description).toMatch(/^phone: must be a Vietnamese phone number/)
    const unknownProcedure = await post({ api_key: key, service_code: 'conduct', description: 'Cán bộ không hướng dẫn tận tình.', 'attribute[procedure]': 'NOPE' })
    expect(((await unknownProcedure.json()) as { description: string }[])[0]!.description).toMatch(/^attribute\[procedure\]: no procedure/)
    const extra = await post({ api_key: key, service_code: 'conduct', description: 'Cán bộ không hướng dẫn tận tình.', 'attribute[colour]': 'red' })
    expect(extra.status).toBe(400)
    const json = await t.app.request(`${V2}/requests.json`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: key }) })
    expect(json.status).toBe(415)
    expect(await t.count('feedback')).toBe(0)
    expect((await get('nothing.json')).status).toBe(404)
  })

  it('answers the shared limits in the spec\'s error documents: 413 for a body too large, 429 with Retry-After', async () => {
    const huge = await post({ api_key: key, service_code: 'conduct', description: 'x'.repeat(70 * 1024) }, 'xml')
    expect(huge.status).toBe(413)
    expect(await huge.text()).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<errors><error><code>413<\/code><description>Request body is larger than/)
    expect(await t.count('feedback')).toBe(0)

    const limited = await createTestApp({ RATE_LIMIT_PER_MINUTE: '2' })
    try {
      for (let i = 0; i < 2; i++) expect((await limited.app.request(`${V2}/services.json`)).status).toBe(200)
      const refused = await limited.app.request(`${V2}/services.json`)
      expect(refused.status).toBe(429)
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(((await refused.json()) as { code: number }[])[0]!.code).toBe(429)
    } finally {
      await limited.close()
    }
  })

  it('lets any web page read (CORS) but not file', async () => {
    expect((await get('services.json')).headers.get('access-control-allow-origin')).toBe('*')
    expect((await post({ api_key: key, service_code: 'conduct', description: 'Cán bộ không hướng dẫn tận tình.' })).headers.get('access-control-allow-origin')).toBeNull()
  })

  it('accepts multipart/form-data as well', async () => {
    const form = new FormData()
    form.set('api_key', key)
    form.set('service_code', 'facilities')
    form.set('description', 'Máy lấy số thứ tự ở quầy bị hỏng cả tuần.')
    form.set('address_string', 'Trung tâm Phục vụ hành chính công tỉnh')
    form.set('media_url', 'https://example.org/anh.jpg')
    const res = await t.app.request(`${V2}/requests.xml`, { method: 'POST', body: form })
    expect(res.status).toBe(201)
    const text = await res.text()
    const id = /<service_request_id>([^<]+)<\/service_request_id>/.exec(text)![1]!
    const [read] = await getRequests({ service_request_id: id })
    expect(read).toMatchObject({ service_code: 'facilities', address: 'Trung tâm Phục vụ hành chính công tỉnh', media_url: 'https://example.org/anh.jpg', lat: null })
  })
})

const ids = (list: Pick<Open311ServiceRequest, 'service_request_id'>[]) => list.map((r) => r.service_request_id).sort()

function w3c(ms: number): string {
  // The server writes Hà Tĩnh time (UTC+7 all year).
  return new Date(ms + 7 * 3_600_000).toISOString().replace(/\.\d+Z$/, '+07:00')
}

function runCli(databaseUrl: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'server/cli/open311-key.ts', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    )
  })
}

describe('npm run open311-key', () => {
  it('prints a working key on its last line, and refuses a missing name', { timeout: 60_000 }, async () => {
    const made = await runCli(t.databaseUrl, ['--name', 'Cổng dịch vụ công'])
    expect(made.code).toBe(0)
    const cliKey = made.stdout.trim().split('\n').at(-1)!
    expect(cliKey).toMatch(/^o311_[A-Za-z0-9_-]{43}$/)
    const [row] = await t.sql("SELECT created_by FROM open311_keys WHERE name = 'Cổng dịch vụ công'")
    expect(row!.created_by).toBeNull()
    key = cliKey
    const { service_request_id: id } = await file()
    expect((await getRequests({ service_request_id: id }))).toHaveLength(1)

    const none = await runCli(t.databaseUrl, [])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('--name')
  })
})
