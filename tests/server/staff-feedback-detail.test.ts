import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { imageBytes } from './feedback-fixtures'
import { CONTACT, actOk, detail, getJson, seedItem, staffWorld, type StaffWorld } from './staff-feedback-fixtures'
import { staffRequest } from './test-app'

let w: StaffWorld
let hidden: string
let shown: string
let conduct: string
let htqt: string
beforeAll(async () => {
  w = await staffWorld()
  hidden = (await seedItem(w.t, { contact: CONTACT, hideName: true, photos: 2, description: 'Cán bộ yêu cầu nộp thêm giấy tờ không có trong quy định.' })).id
  shown = (await seedItem(w.t, { contact: CONTACT, hideName: false })).id
  // An item the inspectorate handles itself.
  conduct = (await seedItem(w.t, { unitCode: 'VP-TT', category: 'conduct', contact: CONTACT, hideName: true })).id
  htqt = (await seedItem(w.t, { unitCode: 'HTQT', contact: CONTACT, photos: 1 })).id
  await actOk(w.t, w.sessions.lsStaff, hidden, { action: 'note', text: 'Ghi chú nội bộ' })
})
afterAll(() => w.t.close())

describe('GET /api/staff/feedback/:id — who sees what', () => {
  it('the handling unit sees everything, the hidden name included (flagged as hidden from others)', async () => {
    for (const session of [w.sessions.lsStaff, w.sessions.lsHead]) {
      const item = await detail(w.t, session, hidden)
      expect(item.contact).toEqual({ name: CONTACT.name, nameHidden: true, phone: CONTACT.phone, email: CONTACT.email })
      expect(item).toMatchObject({ description: 'Cán bộ yêu cầu nộp thêm giấy tờ không có trong quy định.', wantsAnswer: true, version: 2 })
      expect(item.history.map((h) => [h.action, h.internalNote])).toEqual([
        ['received', null],
        ['note', 'Ghi chú nội bộ'],
      ])
    }
  })

  it('the inspector sees how to reach the citizen but not a hidden name; leadership sees no contact at all', async () => {
    expect((await detail(w.t, w.sessions.inspector, hidden)).contact).toEqual({ name: null, nameHidden: true, phone: CONTACT.phone, email: CONTACT.email })
    expect((await detail(w.t, w.sessions.inspector, shown)).contact).toEqual({ name: CONTACT.name, nameHidden: false, phone: CONTACT.phone, email: CONTACT.email })
    // Handling the item itself, the inspectorate is the handling unit.
    expect((await detail(w.t, w.sessions.inspector, conduct)).contact?.name).toBe(CONTACT.name)
    const res = await staffRequest(w.t.app, 'GET', `/api/staff/feedback/${hidden}`, w.sessions.leader)
    const text = await res.text()
    const item = JSON.parse(text) as { contact: unknown; description: string; history: unknown[] }
    expect(item.contact).toBeNull()
    expect(item.description).toContain('Cán bộ yêu cầu')
    expect(item.history).toHaveLength(2)
    expect(text).not.toMatch(/Riêng|912345678|example\.vn/)
    expect(res.headers.get('cache-control')).toBe('private, no-store')
  })

  it('allowedActions follow the role and the status', async () => {
    expect((await detail(w.t, w.sessions.lsStaff, hidden)).allowedActions).toEqual(['acknowledge', 'assign', 'note'])
    expect((await detail(w.t, w.sessions.lsHead, hidden)).allowedActions).toEqual(['acknowledge', 'assign', 'forward', 'reclassify', 'mark_duplicate', 'mark_spam', 'note'])
    expect((await detail(w.t, w.sessions.inspector, htqt)).allowedActions).toEqual(['acknowledge', 'assign', 'forward', 'reclassify', 'mark_duplicate', 'mark_spam', 'note'])
    expect((await detail(w.t, w.sessions.leader, hidden)).allowedActions).toEqual([])
  })

  it('another unit’s item answers exactly as an unknown id does', async () => {
    const other = await staffRequest(w.t.app, 'GET', `/api/staff/feedback/${htqt}`, w.sessions.lsHead)
    const unknown = await staffRequest(w.t.app, 'GET', '/api/staff/feedback/0190b7c2-1c3a-7000-8000-000000000000', w.sessions.lsHead)
    const junk = await staffRequest(w.t.app, 'GET', `/api/staff/feedback/${'x'.repeat(300)}`, w.sessions.lsHead)
    expect([other.status, unknown.status, junk.status]).toEqual([404, 404, 404])
    const body = await other.text()
    expect(await unknown.text()).toBe(body)
    expect(await junk.text()).toBe(body)
    expect(body).not.toContain(htqt)
  })

  it('administrators get 403', async () => {
    expect((await staffRequest(w.t.app, 'GET', `/api/staff/feedback/${hidden}`, w.sessions.admin)).status).toBe(403)
  })
})

describe('GET /api/staff/feedback/:id/photos/:idx', () => {
  it('sends the stored bytes with their type, inline, not sniffable and not cached', async () => {
    const item = await detail(w.t, w.sessions.lsStaff, hidden)
    expect(item.photos).toEqual([
      { idx: 0, contentType: 'image/jpeg', size: 1000, url: `/api/staff/feedback/${hidden}/photos/0` },
      { idx: 1, contentType: 'image/png', size: 1001, url: `/api/staff/feedback/${hidden}/photos/1` },
    ])
    const res = await staffRequest(w.t.app, 'GET', item.photos[1]!.url, w.sessions.lsStaff)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="phan-anh-[A-Z0-9-]+-2\.png"$/)
    expect(Buffer.from(await res.arrayBuffer()).equals(imageBytes('image/png', 1001))).toBe(true)
  })

  it('is in scope like the item: leadership and the inspector may, another unit and administrators may not', async () => {
    const path = `/api/staff/feedback/${htqt}/photos/0`
    expect((await staffRequest(w.t.app, 'GET', path, w.sessions.leader)).status).toBe(200)
    expect((await staffRequest(w.t.app, 'GET', path, w.sessions.inspector)).status).toBe(200)
    expect((await staffRequest(w.t.app, 'GET', path, w.sessions.htqtHead)).status).toBe(200)
    expect((await staffRequest(w.t.app, 'GET', path, w.sessions.lsHead)).status).toBe(404)
    expect((await staffRequest(w.t.app, 'GET', path, w.sessions.admin)).status).toBe(403)
    expect((await staffRequest(w.t.app, 'GET', path, undefined)).status).toBe(401)
    for (const idx of ['1', '3', 'x', '-1']) {
      expect((await staffRequest(w.t.app, 'GET', `/api/staff/feedback/${htqt}/photos/${idx}`, w.sessions.htqtHead)).status).toBe(404)
    }
  })
})

describe('GET /api/staff/feedback/assignees', () => {
  it('lists the active staff of a unit in scope; unit staff only themselves', async () => {
    const lsHead = await getJson<{ assignees: { id: number; displayName: string }[] }>(w.t, '/api/staff/feedback/assignees?unit=LS', w.sessions.lsHead)
    expect(lsHead.assignees).toEqual([
      { id: w.ids.lsStaff2, displayName: 'Bùi Thị Hoa' },
      { id: w.ids.lsHead, displayName: 'Đỗ Minh Tâm' },
      { id: w.ids.lsStaff, displayName: 'Lê Văn Sơn' },
    ])
    const lsStaff = await getJson<{ assignees: unknown[] }>(w.t, '/api/staff/feedback/assignees?unit=LS', w.sessions.lsStaff)
    expect(lsStaff.assignees).toEqual([{ id: w.ids.lsStaff, displayName: 'Lê Văn Sơn' }])
    const inspector = await getJson<{ assignees: unknown[] }>(w.t, '/api/staff/feedback/assignees?unit=HTQT', w.sessions.inspector)
    expect(inspector.assignees).toEqual([
      { id: w.ids.htqtHead, displayName: 'Trần Văn Hùng' },
      { id: w.ids.htqtStaff, displayName: 'Võ Thị Na' },
    ])
    expect((await staffRequest(w.t.app, 'GET', '/api/staff/feedback/assignees?unit=HTQT', w.sessions.lsHead)).status).toBe(404)
    expect((await staffRequest(w.t.app, 'GET', '/api/staff/feedback/assignees?unit=LS', w.sessions.leader)).status).toBe(403)
    expect((await staffRequest(w.t.app, 'GET', '/api/staff/feedback/assignees', w.sessions.lsHead)).status).toBe(400)
  })
})
