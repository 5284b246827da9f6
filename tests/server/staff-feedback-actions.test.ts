import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { PublicTracking } from '../../shared/feedback'
import type { FeedbackDetail } from '../../shared/staff-feedback'
import { CONTACT, DAY, MONDAY_0800, act, actOk, detail, seedItem, staffWorld, type StaffWorld } from './staff-feedback-fixtures'
import { staffRequest } from './test-app'

let w: StaffWorld
beforeEach(async () => {
  w = await staffWorld()
})
afterEach(() => w.t.close())

interface EventRow {
  at: number
  actor: number | null
  action: string
  before: string | null
  after: string | null
  public_note: string | null
  internal_note: string | null
}

/** Before and after as the JSON text stored, on either store (PostgreSQL's json would come back parsed). */
async function events(id: string): Promise<EventRow[]> {
  const sql = `SELECT at, actor, action, CAST(before AS TEXT) AS before, CAST(after AS TEXT) AS after, public_note, internal_note
    FROM feedback_events WHERE feedback_id = ? ORDER BY id`
  return (await w.t.sql(sql, id)) as unknown as EventRow[]
}
const lastEvent = async (id: string) => (await events(id)).at(-1)!
const json = (text: string | null) => (text === null ? null : (JSON.parse(text) as Record<string, unknown>))

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; path: string } }).error
}

describe('POST /api/staff/feedback/:id/actions — what each action does', () => {
  it('acknowledge → acknowledged, accepted_at set, one audit row with actor and before/after', async () => {
    const { id } = await seedItem(w.t, { contact: CONTACT })
    await w.advance(3_600_000)
    const item = await actOk(w.t, w.sessions.lsStaff, id, { action: 'acknowledge', note: 'Đã nhận, đang kiểm tra' })
    expect(item).toMatchObject({ status: 'acknowledged', acceptedAt: new Date(MONDAY_0800 + 3_600_000).toISOString(), version: 2 })
    const event = await lastEvent(id)
    expect(event).toMatchObject({ at: MONDAY_0800 + 3_600_000, actor: w.ids.lsStaff, action: 'acknowledge', public_note: null, internal_note: 'Đã nhận, đang kiểm tra' })
    expect(json(event.before)).toEqual({ status: 'received', acceptedAt: null })
    expect(json(event.after)).toEqual({ status: 'acknowledged', acceptedAt: MONDAY_0800 + 3_600_000 })
    // No contact details in the audit trail, ever.
    expect(JSON.stringify(await events(id))).not.toMatch(/Riêng|912345678|example\.vn/)
    // Feedback counts from receipt: acceptance leaves its deadline alone.
    expect(item.resolveBy).toBe('2026-03-23T10:00:00.000Z')
  })

  it('start, request_info, start again, answer, close: the main line', async () => {
    const { id } = await seedItem(w.t)
    const s = w.sessions.lsStaff
    await actOk(w.t, s, id, { action: 'acknowledge' })
    expect((await actOk(w.t, s, id, { action: 'start' })).status).toBe('in_progress')
    const asked = await actOk(w.t, s, id, { action: 'request_info', message: 'Xin bổ sung mã hồ sơ.' })
    expect(asked.status).toBe('info_requested')
    expect(await lastEvent(id)).toMatchObject({ action: 'request_info', public_note: 'Xin bổ sung mã hồ sơ.', internal_note: null })
    expect((await actOk(w.t, s, id, { action: 'start' })).status).toBe('in_progress')
    await w.advance(DAY)
    const answered = await actOk(w.t, w.sessions.lsStaff, id, { action: 'answer', answer: 'Hồ sơ đã được trả kết quả ngày 03/03/2026.' })
    expect(answered).toMatchObject({ status: 'answered', publicAnswer: 'Hồ sơ đã được trả kết quả ngày 03/03/2026.', answeredAt: new Date(MONDAY_0800 + DAY).toISOString() })
    expect(json((await lastEvent(id)).after)).toMatchObject({ status: 'answered', publicAnswer: 'Hồ sơ đã được trả kết quả ngày 03/03/2026.', answeredAt: MONDAY_0800 + DAY })
    const closed = await actOk(w.t, w.sessions.lsHead, id, { action: 'close' })
    expect(closed).toMatchObject({ status: 'closed', closedAt: new Date(MONDAY_0800 + DAY).toISOString(), allowedActions: ['note'] })
    expect((await events(id)).map((e) => e.action)).toEqual(['received', 'acknowledge', 'start', 'request_info', 'start', 'answer', 'close'])
  })

  it('reopen takes the answer back: the item is unanswered until the next answer', async () => {
    const { id } = await seedItem(w.t)
    const s = w.sessions.lsStaff
    await actOk(w.t, s, id, { action: 'acknowledge' })
    await actOk(w.t, s, id, { action: 'answer', answer: 'Trả lời lần một.' })
    const reopened = await actOk(w.t, s, id, { action: 'reopen', note: 'Công dân cho biết chưa nhận được kết quả.' })
    expect(reopened).toMatchObject({ status: 'in_progress', publicAnswer: null, answeredAt: null })
    expect(await lastEvent(id)).toMatchObject({ action: 'reopen', public_note: null, internal_note: 'Công dân cho biết chưa nhận được kết quả.' })
    expect(json((await lastEvent(id)).before)).toMatchObject({ status: 'answered', publicAnswer: 'Trả lời lần một.' })
  })

  it('forward moves the item to another unit, unassigns it and tells the citizen where it went', async () => {
    const { id, trackingCode } = await seedItem(w.t)
    await actOk(w.t, w.sessions.lsStaff, id, { action: 'assign', staffId: w.ids.lsStaff })
    const res = await act(w.t, w.sessions.lsHead, id, { action: 'forward', unit: 'HTQT', reason: 'Thủ tục ABTC do phòng này phụ trách' })
    expect(res.status).toBe(200)
    const item = (await res.json()) as FeedbackDetail
    // The head's unit no longer handles it: the answer shows it as it left, without contact or actions.
    expect(item).toMatchObject({ status: 'forwarded', unit: { code: 'HTQT' }, assignedTo: null, allowedActions: [] })
    expect((await lastEvent(id)).public_note).toBe('Đã chuyển đến Phòng Hợp tác quốc tế: Thủ tục ABTC do phòng này phụ trách')
    expect(json((await lastEvent(id)).after)).toEqual({ status: 'forwarded', unitCode: 'HTQT', assignedTo: null })
    // Now it is HTQT's: LS answers 404, HTQT sees it and may acknowledge it again.
    expect((await staffRequest(w.t.app, 'GET', `/api/staff/feedback/${id}`, w.sessions.lsHead)).status).toBe(404)
    expect((await detail(w.t, w.sessions.htqtHead, id)).allowedActions).toContain('acknowledge')
    expect((await actOk(w.t, w.sessions.htqtHead, id, { action: 'acknowledge' })).status).toBe('acknowledged')
    const tracking = (await (await w.t.app.request(`/api/track/${trackingCode}`)).json()) as PublicTracking
    expect(tracking.unit?.code).toBe('HTQT')
    expect(tracking.history.map((h) => h.note)).toContain('Đã chuyển đến Phòng Hợp tác quốc tế: Thủ tục ABTC do phòng này phụ trách')
  })

  it('forward to an item in English words the note in English', async () => {
    const { id } = await seedItem(w.t, { lang: 'en' })
    await actOk(w.t, w.sessions.inspector, id, { action: 'forward', unit: 'BG', reason: 'border permit' })
    expect((await lastEvent(id)).public_note).toBe('Forwarded to Border Affairs Office: border permit')
  })

  it('assign: unit heads pick any active member of the unit; unit staff only themselves', async () => {
    const { id } = await seedItem(w.t)
    const assigned = await actOk(w.t, w.sessions.lsHead, id, { action: 'assign', staffId: w.ids.lsStaff2 })
    expect(assigned.assignedTo).toEqual({ id: w.ids.lsStaff2, displayName: 'Bùi Thị Hoa' })
    expect(assigned.status).toBe('received')
    expect(json((await lastEvent(id)).after)).toEqual({ assignedTo: w.ids.lsStaff2 })
    // Unit staff may not hand it to someone else…
    const other = await act(w.t, w.sessions.lsStaff, id, { action: 'assign', staffId: w.ids.lsHead })
    expect(other.status).toBe(403)
    expect(await errorOf(other)).toMatchObject({ code: 'forbidden', path: 'staffId' })
    // …but may take it themselves.
    expect((await actOk(w.t, w.sessions.lsStaff, id, { action: 'assign', staffId: w.ids.lsStaff })).assignedTo?.id).toBe(w.ids.lsStaff)
    // Someone of another unit, an unknown id and a deactivated account are refused, naming the field.
    for (const staffId of [w.ids.htqtStaff, 99_999]) {
      const res = await act(w.t, w.sessions.lsHead, id, { action: 'assign', staffId })
      expect(res.status).toBe(400)
      expect(await errorOf(res)).toMatchObject({ code: 'not_assignable', path: 'staffId' })
    }
    await w.t.store.staff.deactivate(w.ids.lsStaff2)
    const gone = await act(w.t, w.sessions.lsHead, id, { action: 'assign', staffId: w.ids.lsStaff2 })
    expect(gone.status).toBe(400)
    const unassigned = await actOk(w.t, w.sessions.lsHead, id, { action: 'assign', staffId: null })
    expect(unassigned.assignedTo).toBeNull()
    // The history names whom each assignment went to, not only who made it.
    const assignments = unassigned.history.filter((h) => h.action === 'assign')
    expect(assignments.map((h) => [h.actor?.id, h.assignee?.from?.id ?? null, h.assignee?.to?.id ?? null])).toEqual([
      [w.ids.lsHead, null, w.ids.lsStaff2],
      [w.ids.lsStaff, w.ids.lsStaff2, w.ids.lsStaff],
      [w.ids.lsHead, w.ids.lsStaff, null],
    ])
    expect(assignments[0]!.assignee?.to?.displayName).toBe('Bùi Thị Hoa')
    expect(unassigned.history.find((h) => h.action === 'received')?.assignee).toBeUndefined()
  })

  it('names the counter, the procedure and the units an item moved between', async () => {
    const { id } = await seedItem(w.t)
    const before = await detail(w.t, w.sessions.inspector, id)
    expect(before.counter).toEqual({ code: before.counterCode, name: expect.objectContaining({ vi: expect.any(String) }) })
    if (before.procedureCode) expect(before.procedure?.name.vi).not.toBe(before.procedureCode)
    const moved = await actOk(w.t, w.sessions.inspector, id, { action: 'forward', unit: 'HTQT', reason: 'Thuộc phòng này' })
    const forward = moved.history.find((h) => h.action === 'forward')!
    expect(forward.unit?.to).toEqual({ code: 'HTQT', name: { vi: 'Phòng Hợp tác quốc tế', en: expect.any(String) } })
    expect(forward.unit?.from?.code).toBe(before.unit?.code)
    expect(moved.history.find((h) => h.action === 'received')?.unit).toBeUndefined()
  })

  it('mark_duplicate needs another item the caller can see; mark_spam closes with the reason shown', async () => {
    const first = await seedItem(w.t)
    const second = await seedItem(w.t)
    const elsewhere = await seedItem(w.t, { unitCode: 'HTQT' })
    const self = await act(w.t, w.sessions.lsHead, second.id, { action: 'mark_duplicate', of: second.trackingCode, reason: 'Trùng' })
    expect(self.status).toBe(400)
    expect((await errorOf(self)).path).toBe('of')
    // Another unit's item is, to the LS head, no item at all.
    const hidden = await act(w.t, w.sessions.lsHead, second.id, { action: 'mark_duplicate', of: elsewhere.trackingCode, reason: 'Trùng' })
    expect(hidden.status).toBe(400)
    expect(await errorOf(hidden)).toMatchObject({ code: 'unknown_item', path: 'of' })
    const dup = await actOk(w.t, w.sessions.lsHead, second.id, { action: 'mark_duplicate', of: first.trackingCode.toLowerCase(), reason: 'Đã phản ánh trước đó' })
    expect(dup).toMatchObject({ status: 'duplicate', duplicateOf: first.trackingCode, closedAt: new Date(MONDAY_0800).toISOString() })
    expect((await lastEvent(second.id)).public_note).toBe('Đã phản ánh trước đó')
    // The original cannot then be marked a duplicate of its duplicate (a cycle), nor a third item of it (a chain).
    const cycle = await act(w.t, w.sessions.lsHead, first.id, { action: 'mark_duplicate', of: second.trackingCode, reason: 'Trùng' })
    expect(cycle.status).toBe(400)
    expect(await errorOf(cycle)).toMatchObject({ code: 'duplicate_target', path: 'of' })
    const third = await seedItem(w.t)
    const chain = await act(w.t, w.sessions.lsHead, third.id, { action: 'mark_duplicate', of: second.trackingCode, reason: 'Trùng' })
    expect(await errorOf(chain)).toMatchObject({ code: 'duplicate_target', path: 'of' })
    const spam = await actOk(w.t, w.sessions.inspector, first.id, { action: 'mark_spam', reason: 'Nội dung không liên quan' })
    expect(spam.status).toBe('spam')
    expect((await lastEvent(first.id)).public_note).toBe('Nội dung không liên quan')
  })

  it('note adds an internal note and changes nothing else', async () => {
    const { id } = await seedItem(w.t)
    const item = await actOk(w.t, w.sessions.lsStaff, id, { action: 'note', text: 'Đã gọi điện cho bộ phận một cửa.' })
    expect(item).toMatchObject({ status: 'received', version: 2 })
    expect(await lastEvent(id)).toMatchObject({ action: 'note', before: null, after: null, public_note: null, internal_note: 'Đã gọi điện cho bộ phận một cửa.' })
    expect(item.history.at(-1)).toMatchObject({ action: 'note', actor: { id: w.ids.lsStaff, displayName: 'Lê Văn Sơn' }, internalNote: 'Đã gọi điện cho bộ phận một cửa.' })
  })
})

describe('deadlines under actions', () => {
  it('reclassify to complaint: acceptance deadline from receipt, provisional resolve; acknowledge then sets it from acceptance', async () => {
    const { id } = await seedItem(w.t)
    await actOk(w.t, w.sessions.lsStaff, id, { action: 'acknowledge' })
    await w.advance(DAY)
    const complaint = await actOk(w.t, w.sessions.lsHead, id, { action: 'reclassify', petitionType: 'complaint', note: 'Khiếu nại quyết định từ chối' })
    // 10 calendar days from receipt on 2 March: 12 March; 30 days from that last possible acceptance
    // day is Saturday 11 April, so Monday 13 April; both at 17:00 Hà Tĩnh time.
    expect(complaint).toMatchObject({
      petitionType: 'complaint',
      acceptedAt: null,
      acceptBy: '2026-03-12T10:00:00.000Z',
      resolveBy: '2026-04-13T10:00:00.000Z',
      dueBy: '2026-03-12T10:00:00.000Z',
      dueStep: 'accept',
      status: 'acknowledged',
    })
    expect(json((await lastEvent(id)).before)).toMatchObject({ petitionType: 'feedback', resolveBy: Date.parse('2026-03-23T10:00:00Z') })
    // Already being handled: acceptance is recorded where it stands.
    expect(complaint.allowedActions).toContain('acknowledge')
    await w.advance(DAY)
    const accepted = await actOk(w.t, w.sessions.lsStaff, id, { action: 'acknowledge' })
    // Accepted on 4 March: 30 days later is Friday 3 April.
    expect(accepted).toMatchObject({ acceptedAt: new Date(MONDAY_0800 + 2 * DAY).toISOString(), resolveBy: '2026-04-03T10:00:00.000Z', dueStep: 'resolve' })
    expect(json((await lastEvent(id)).after)).toEqual({ acceptedAt: MONDAY_0800 + 2 * DAY, resolveBy: Date.parse('2026-04-03T10:00:00Z') })
    // Complex: 45 days from acceptance, Saturday 18 April → Monday 20 April; acceptance stands.
    const complex = await actOk(w.t, w.sessions.inspector, id, { action: 'reclassify', petitionType: 'complaint', complex: true })
    expect(complex).toMatchObject({ complex: true, acceptedAt: accepted.acceptedAt, resolveBy: '2026-04-20T10:00:00.000Z' })
  })

  it('acknowledge on a received complaint sets the resolve deadline from the day of acceptance', async () => {
    const { id } = await seedItem(w.t)
    await actOk(w.t, w.sessions.lsHead, id, { action: 'reclassify', petitionType: 'complaint' })
    await w.advance(2 * DAY)
    const accepted = await actOk(w.t, w.sessions.lsStaff, id, { action: 'acknowledge' })
    expect(accepted).toMatchObject({ status: 'acknowledged', resolveBy: '2026-04-03T10:00:00.000Z' })
  })

  it('reclassify refuses a change that changes nothing and a complex mark the type does not allow', async () => {
    const { id } = await seedItem(w.t)
    const same = await act(w.t, w.sessions.lsHead, id, { action: 'reclassify', petitionType: 'feedback' })
    expect(same.status).toBe(400)
    expect((await errorOf(same)).path).toBe('petitionType')
    const complex = await act(w.t, w.sessions.lsHead, id, { action: 'reclassify', petitionType: 'feedback', complex: true })
    expect(complex.status).toBe(400)
    expect((await errorOf(complex)).path).toBe('complex')
  })
})

describe('refusals', () => {
  it('409 invalid_transition names the action; nothing is written', async () => {
    const { id } = await seedItem(w.t)
    const res = await act(w.t, w.sessions.lsStaff, id, { action: 'answer', answer: 'Trả lời khi chưa tiếp nhận' })
    expect(res.status).toBe(409)
    const error = await errorOf(res)
    expect(error).toMatchObject({ code: 'invalid_transition', path: 'action' })
    expect(error.message).toContain('answer')
    expect(await events(id)).toHaveLength(1)
    expect((await act(w.t, w.sessions.lsStaff, id, { action: 'reopen', note: 'x' })).status).toBe(409)
    expect((await act(w.t, w.sessions.lsStaff, id, { action: 'start' })).status).toBe(409)
  })

  it('409 stale when the item changed since the caller read it', async () => {
    const { id } = await seedItem(w.t)
    await actOk(w.t, w.sessions.lsHead, id, { action: 'note', text: 'Một ghi chú' })
    const res = await act(w.t, w.sessions.lsStaff, id, { action: 'acknowledge', version: 1 })
    expect(res.status).toBe(409)
    expect(await errorOf(res)).toMatchObject({ code: 'stale', path: 'version' })
    expect((await detail(w.t, w.sessions.lsStaff, id)).status).toBe('received')
  })

  it('400 names the bad field', async () => {
    const { id } = await seedItem(w.t)
    const cases: [unknown, string][] = [
      [{ action: 'acknowledge' }, 'version'],
      [{ action: 'forward', version: 1, unit: 'HTQT' }, 'reason'],
      [{ action: 'forward', version: 1, unit: 'NOPE', reason: 'x' }, 'unit'],
      [{ action: 'answer', version: 1, answer: '   ' }, 'answer'],
      [{ action: 'fly', version: 1 }, 'action'],
      [{ action: 'note', version: 1, text: 'x', extra: 1 }, 'extra'],
      [{ action: 'mark_duplicate', version: 1, of: 'not-a-code', reason: 'x' }, 'of'],
    ]
    for (const [body, path] of cases) {
      const res = await staffRequest(w.t.app, 'POST', `/api/staff/feedback/${id}/actions`, w.sessions.lsHead, { body })
      expect(res.status, JSON.stringify(body)).toBe(400)
      expect((await errorOf(res)).path, JSON.stringify(body)).toBe(path)
    }
    expect(await events(id)).toHaveLength(1)
  })

  it('403 for leadership and for a unit staff action reserved to heads, and the refusal is audited', async () => {
    const { id } = await seedItem(w.t)
    const leader = await act(w.t, w.sessions.leader, id, { action: 'note', text: 'Lãnh đạo ghi chú' })
    expect(leader.status).toBe(403)
    const staff = await act(w.t, w.sessions.lsStaff, id, { action: 'forward', unit: 'HTQT', reason: 'x' })
    expect(staff.status).toBe(403)
    expect(await errorOf(staff)).toMatchObject({ code: 'forbidden', path: 'action' })
    expect(await events(id)).toHaveLength(1)
    const refused = (await w.t.store.staff.authEvents()).filter((e) => e.kind === 'access_refused' && e.status === 403)
    expect(refused.map((e) => e.staffId)).toEqual(expect.arrayContaining([w.ids.leader, w.ids.lsStaff]))
  })

  it('404 for another unit’s item, the same answer as for an unknown id', async () => {
    const { id } = await seedItem(w.t, { unitCode: 'HTQT' })
    const other = await act(w.t, w.sessions.lsHead, id, { action: 'note', text: 'x', version: 1 })
    const unknown = await act(w.t, w.sessions.lsHead, '0190b7c2-1c3a-7000-8000-000000000000', { action: 'note', text: 'x', version: 1 })
    expect(other.status).toBe(404)
    expect(unknown.status).toBe(404)
    expect(await other.text()).toBe(await unknown.text())
    expect(await events(id)).toHaveLength(1)
  })

  it('an action without the CSRF token is refused and changes nothing', async () => {
    const { id } = await seedItem(w.t)
    const res = await act(w.t, w.sessions.lsStaff, id, { action: 'acknowledge' }, { csrf: false })
    expect(res.status).toBe(403)
    expect((await errorOf(res)).code).toBe('csrf')
    expect(await events(id)).toHaveLength(1)
  })
})

describe('the tracking page after staff actions', () => {
  it('shows forwards, information requests and the answer; never internal notes or contact details', async () => {
    const { id, trackingCode } = await seedItem(w.t, { contact: CONTACT, hideName: true })
    const head = w.sessions.inspector
    await actOk(w.t, head, id, { action: 'note', text: 'GHI-CHU-NOI-BO' })
    await actOk(w.t, head, id, { action: 'forward', unit: 'HTQT', reason: 'Đúng thẩm quyền' })
    await actOk(w.t, w.sessions.htqtHead, id, { action: 'acknowledge', note: 'NOI-BO-2' })
    await actOk(w.t, w.sessions.htqtHead, id, { action: 'request_info', message: 'Xin cho biết số hộ chiếu.' })
    await actOk(w.t, w.sessions.htqtHead, id, { action: 'answer', answer: 'Đã giải quyết xong.' })
    const res = await w.t.app.request(`/api/track/${trackingCode}`)
    const text = await res.text()
    const body = JSON.parse(text) as PublicTracking
    expect(body).toMatchObject({ status: 'answered', publicAnswer: 'Đã giải quyết xong.' })
    expect(body.history.map((h) => [h.action, h.status, h.note])).toEqual([
      ['received', 'received', null],
      ['forward', 'forwarded', 'Đã chuyển đến Phòng Hợp tác quốc tế: Đúng thẩm quyền'],
      ['request_info', 'info_requested', 'Xin cho biết số hộ chiếu.'],
      ['answer', 'answered', 'Đã giải quyết xong.'],
    ])
    expect(text).not.toMatch(/GHI-CHU-NOI-BO|NOI-BO-2|Riêng|912345678|example\.vn|Lê Thị Mai|Trần Văn Hùng/)
  })
})
