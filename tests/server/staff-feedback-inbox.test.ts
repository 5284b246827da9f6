import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InboxItem } from '../../shared/staff-feedback'
import { INBOX_PAGE_SIZE } from '../../shared/staff-feedback'
import { inbox, seedItem, staffWorld, type StaffWorld } from './staff-feedback-fixtures'
import { staffRequest } from './test-app'

const at = (iso: string) => Date.parse(iso)

let w: StaffWorld
/** Ids by name; the clock stands at Monday 2 March 2026, 08:00 in Hà Tĩnh. */
const ids: Record<string, string> = {}
const names = new Map<string, string>()
const named = (items: InboxItem[]) => items.map((i) => names.get(i.id) ?? i.id)

beforeAll(async () => {
  w = await staffWorld()
  const seed = async (name: string, item: Parameters<typeof seedItem>[1]) => {
    const { id } = await seedItem(w.t, item)
    ids[name] = id
    names.set(id, name)
  }
  await seed('lsOverdue', {
    receivedAt: at('2026-02-02T02:00:00Z'),
    resolveBy: at('2026-03-01T10:00:00Z'),
    category: 'facilities',
    description: 'Quầy không có chỗ ngồi, phải đứng chờ lâu.',
  })
  await seed('lsSoon', {
    receivedAt: at('2026-02-10T02:00:00Z'),
    // 17:00 on Wednesday 4 March: the second working day after today, the last one still "due soon".
    resolveBy: at('2026-03-04T10:00:00Z'),
    description: 'Hồ sơ trễ hẹn năm ngày mà không ai báo.',
  })
  await seed('lsLater', {
    // 00:30 on 20 February, Hà Tĩnh time (still the 19th in UTC).
    receivedAt: at('2026-02-19T17:30:00Z'),
    resolveBy: at('2026-03-05T10:00:00Z'),
    category: 'fees',
    description: 'Thu phí không đúng quy định tại địa chỉ số 5 Phan Đình Phùng.',
  })
  await seed('lsClosed', { receivedAt: at('2026-02-25T02:00:00Z'), resolveBy: at('2026-03-20T10:00:00Z'), status: 'closed' })
  await seed('lsSpam', { receivedAt: at('2026-02-26T02:00:00Z'), resolveBy: at('2026-03-20T10:00:00Z'), status: 'spam' })
  // A complaint not yet accepted, its acceptance deadline passed: late although its resolve deadline is far.
  await seed('lsComplaint', {
    petitionType: 'complaint',
    receivedAt: at('2026-02-16T02:00:00Z'),
    acceptBy: at('2026-02-27T10:00:00Z'),
    resolveBy: at('2026-04-10T10:00:00Z'),
    category: 'conduct',
    description: 'Khiếu nại quyết định từ chối cấp công hàm.',
  })
  await seed('htqtOverdue', {
    unitCode: 'HTQT',
    receivedAt: at('2026-02-03T02:00:00Z'),
    resolveBy: at('2026-02-28T10:00:00Z'),
    description: 'Cán bộ thu phí ABTC thái độ không đúng mực.',
  })
  await seed('htqtLater', { unitCode: 'HTQT', receivedAt: at('2026-02-27T02:00:00Z'), resolveBy: at('2026-03-20T10:00:00Z') })
  await seed('noUnit', {
    unitCode: null,
    // 23:59 on 19 February, Hà Tĩnh time.
    receivedAt: at('2026-02-19T16:59:00Z'),
    resolveBy: at('2026-03-10T10:00:00Z'),
    description: 'Không rõ đơn vị nào phụ trách việc này.',
  })
})
afterAll(() => w.t.close())

describe('GET /api/staff/feedback — scope and order', () => {
  it('unit staff see their unit’s open items by deadline, marked overdue / due soon / on time', async () => {
    const page = await inbox(w.t, w.sessions.lsStaff)
    expect(named(page.items)).toEqual(['lsComplaint', 'lsOverdue', 'lsSoon', 'lsLater'])
    expect(page.items.map((i) => i.urgency)).toEqual(['overdue', 'overdue', 'due_soon', 'on_time'])
    expect(page).toMatchObject({ total: 4, page: 1, pageSize: INBOX_PAGE_SIZE })
    expect(page.items[0]).toMatchObject({ petitionType: 'complaint', dueStep: 'accept', dueBy: '2026-02-27T10:00:00.000Z', resolveBy: '2026-04-10T10:00:00.000Z' })
    expect(page.items[2]).toMatchObject({
      trackingCode: expect.any(String),
      status: 'received',
      unit: { code: 'LS', name: { vi: 'Phòng Lãnh sự và Người Việt Nam ở nước ngoài', en: 'Consular and Overseas Vietnamese Office' } },
      dueStep: 'resolve',
      excerpt: 'Hồ sơ trễ hẹn năm ngày mà không ai báo.',
      assignedTo: null,
      photoCount: 0,
    })
  })

  it('view=all lists the open items first by deadline, then the rest newest first', async () => {
    const page = await inbox(w.t, w.sessions.lsHead, { view: 'all' })
    expect(named(page.items)).toEqual(['lsComplaint', 'lsOverdue', 'lsSoon', 'lsLater', 'lsSpam', 'lsClosed'])
    expect(page.items.slice(4).map((i) => i.urgency)).toEqual(['done', 'done'])
  })

  it('the inspector’s overdue view holds every late item of every unit', async () => {
    const page = await inbox(w.t, w.sessions.inspector, { view: 'overdue' })
    expect(named(page.items)).toEqual(['lsComplaint', 'htqtOverdue', 'lsOverdue'])
    expect(named((await inbox(w.t, w.sessions.lsStaff, { view: 'overdue' })).items)).toEqual(['lsComplaint', 'lsOverdue'])
  })

  it('inspectors and leadership see every unit and the items no rule placed; unit roles never another unit', async () => {
    for (const session of [w.sessions.inspector, w.sessions.leader]) {
      const page = await inbox(w.t, session)
      expect(new Set(named(page.items))).toEqual(new Set(['lsComplaint', 'htqtOverdue', 'lsOverdue', 'lsSoon', 'lsLater', 'noUnit', 'htqtLater']))
    }
    expect(named((await inbox(w.t, w.sessions.htqtHead)).items)).toEqual(['htqtOverdue', 'htqtLater'])
    // Asking for another unit gives nothing, not that unit's items.
    expect(await inbox(w.t, w.sessions.lsStaff, { unit: 'HTQT' })).toMatchObject({ items: [], total: 0 })
    expect(named((await inbox(w.t, w.sessions.inspector, { unit: 'HTQT' })).items)).toEqual(['htqtOverdue', 'htqtLater'])
  })

  it('administrators get 403', async () => {
    const res = await staffRequest(w.t.app, 'GET', '/api/staff/feedback', w.sessions.admin)
    expect(res.status).toBe(403)
  })
})

describe('GET /api/staff/feedback — filters', () => {
  it('by status, category and petition type', async () => {
    expect(named((await inbox(w.t, w.sessions.lsHead, { view: 'all', status: 'spam' })).items)).toEqual(['lsSpam'])
    expect(named((await inbox(w.t, w.sessions.lsHead, { category: 'fees' })).items)).toEqual(['lsLater'])
    expect(named((await inbox(w.t, w.sessions.inspector, { petitionType: 'complaint' })).items)).toEqual(['lsComplaint'])
  })

  it('by local days received, both ends included', async () => {
    expect(named((await inbox(w.t, w.sessions.inspector, { from: '2026-02-20', to: '2026-02-20' })).items)).toEqual(['lsLater'])
    expect(named((await inbox(w.t, w.sessions.inspector, { from: '2026-02-19', to: '2026-02-19' })).items)).toEqual(['noUnit'])
    expect(named((await inbox(w.t, w.sessions.inspector, { from: '2026-02-27' })).items)).toEqual(['htqtLater'])
    expect(named((await inbox(w.t, w.sessions.inspector, { to: '2026-02-03' })).items)).toEqual(['htqtOverdue', 'lsOverdue'])
  })

  it('searches descriptions with or without Vietnamese diacritics, by word prefix, all words required', async () => {
    const search = async (q: string, session = w.sessions.inspector) => named((await inbox(w.t, session, { q })).items)
    expect(await search('trễ hẹn')).toEqual(['lsSoon'])
    expect(await search('tre hen')).toEqual(['lsSoon'])
    expect(await search('TRE HEN')).toEqual(['lsSoon'])
    expect(await search('hẹ')).toEqual(['lsSoon'])
    expect(await search('địa chỉ')).toEqual(['lsLater'])
    expect(await search('dia chi')).toEqual(['lsLater'])
    expect(await search('Đình Phùng')).toEqual(['lsLater'])
    expect(await search('dinh phung')).toEqual(['lsLater'])
    expect(await search('phí')).toEqual(['htqtOverdue', 'lsLater'])
    expect(await search('phí', w.sessions.lsStaff)).toEqual(['lsLater'])
    expect(await search('trễ chỗ')).toEqual([])
  })

  it('reads FTS syntax in the search box as text: never an error', async () => {
    for (const q of ['"', '"trễ', 'NEAR(trễ hẹn)', 'trễ OR', 'AND', '*', '-phí', 'description:phí', '(', "'", '^trễ', 'trễ +', '{a b}', '!!!']) {
      const res = await staffRequest(w.t.app, 'GET', `/api/staff/feedback?${new URLSearchParams({ q })}`, w.sessions.inspector)
      expect(res.status, q).toBe(200)
    }
    expect(named((await inbox(w.t, w.sessions.inspector, { q: '"trễ' })).items)).toEqual(['lsSoon', 'htqtLater'])
    expect(named((await inbox(w.t, w.sessions.inspector, { q: 'description:phí' })).items)).toEqual([])
  })

  it('answers 400 naming the bad parameter', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ view: 'late' }, 'view'],
      [{ page: '0' }, 'page'],
      [{ from: '2026-02-30' }, 'from'],
      [{ status: 'lost' }, 'status'],
      [{ colour: 'red' }, 'colour'],
      [{ q: 'x'.repeat(201) }, 'q'],
    ]
    for (const [query, path] of cases) {
      const res = await staffRequest(w.t.app, 'GET', `/api/staff/feedback?${new URLSearchParams(query)}`, w.sessions.lsStaff)
      expect(res.status, path).toBe(400)
      expect(((await res.json()) as { error: { path: string } }).error.path).toBe(path)
    }
  })
})

describe('GET /api/staff/feedback — paging', () => {
  it('gives INBOX_PAGE_SIZE items a page, in one order across pages', async () => {
    const p = await staffWorld()
    try {
      const count = INBOX_PAGE_SIZE + 5
      for (let i = 0; i < count; i++) {
        await seedItem(p.t, { unitCode: 'BG', resolveBy: at('2026-03-10T10:00:00Z') + i * 60_000, description: `Phản ánh số ${i} về biên giới` })
      }
      const first = await inbox(p.t, p.sessions.inspector)
      const second = await inbox(p.t, p.sessions.inspector, { page: '2' })
      const third = await inbox(p.t, p.sessions.inspector, { page: '3' })
      expect(first.items).toHaveLength(INBOX_PAGE_SIZE)
      expect(second.items).toHaveLength(5)
      expect(third.items).toHaveLength(0)
      expect([first.total, second.total]).toEqual([count, count])
      const all = [...first.items, ...second.items].map((i) => i.resolveBy)
      expect(all).toEqual([...all].sort())
      expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(count)
    } finally {
      await p.t.close()
    }
  })
})
