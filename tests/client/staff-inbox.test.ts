import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as v from 'valibot'
import { InboxQuery } from '../../shared/staff-feedback'
import { type InboxFilters, inboxApiParams, inboxQueryOf, readInboxFilters, summaryPeriod, useStaffInboxStore } from '../../client/stores/staff-inbox'
import { apiError, fakeFetch, json } from './staff-fake-fetch'

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => vi.unstubAllGlobals())

const FULL: InboxFilters = {
  view: 'overdue',
  status: 'in_progress',
  category: 'conduct',
  petitionType: 'complaint',
  unit: 'LS',
  channel: 'phone',
  from: '2026-11-01',
  to: '2026-11-28',
  q: 'trễ hẹn',
  page: 3,
}

/** What the router does to a query: every value a string. */
const throughUrl = (query: Record<string, unknown>) => Object.fromEntries(new URLSearchParams(query as Record<string, string>))

describe('inbox filters in the URL', () => {
  it('round-trips every filter through the URL query', () => {
    expect(readInboxFilters(throughUrl(inboxQueryOf(FULL)))).toEqual(FULL)
    const some: InboxFilters = { view: 'all', category: 'fees', page: 1 }
    expect(readInboxFilters(throughUrl(inboxQueryOf(some)))).toEqual(some)
  })

  it('keeps the defaults out of the URL, so the plain inbox is plain /staff', () => {
    expect(inboxQueryOf({ view: 'open', page: 1 })).toEqual({})
    expect(readInboxFilters({})).toEqual({ view: 'open', page: 1 })
  })

  it('leaves out what a hand-edited bookmark cannot mean, and keeps the rest', () => {
    const read = readInboxFilters({ view: 'everything', status: 'lost', from: '2026-02-31', to: '2026-03-01', page: '-2', unit: 'x y', q: '  ', channel: 'fax' })
    expect(read).toEqual({ view: 'open', to: '2026-03-01', page: 1 })
  })

  it('asks the API with a query its own schema accepts', () => {
    const params = Object.fromEntries(inboxApiParams(FULL))
    const parsed = v.safeParse(InboxQuery, params)
    expect(parsed.success).toBe(true)
    expect(parsed.output).toMatchObject({ ...FULL, page: 3 })
    expect(Object.fromEntries(inboxApiParams({ view: 'open', page: 1 }))).toEqual({ view: 'open', page: '1' })
  })

  it('sums up the filtered period, or this month to date', () => {
    expect(summaryPeriod({ view: 'open', page: 1 }, '2026-11-28')).toEqual({ from: '2026-11-01', to: '2026-11-28' })
    expect(summaryPeriod({ view: 'open', page: 1, from: '2026-10-05', to: '2026-10-20' }, '2026-11-28')).toEqual({ from: '2026-10-05', to: '2026-10-20' })
    expect(summaryPeriod({ view: 'open', page: 1, from: '2026-10-05' }, '2026-11-28')).toEqual({ from: '2026-10-05', to: '2026-11-28' })
  })
})

describe('inbox store', () => {
  it('loads the page the filters ask for', async () => {
    const item = { id: 'a', trackingCode: 'ABCD-EFGH-JKM', urgency: 'overdue' }
    const { fetch, calls } = fakeFetch({ 'GET /api/staff/feedback': [() => json({ items: [item], total: 51, page: 2, pageSize: 50 })] })
    vi.stubGlobal('fetch', fetch)
    const inbox = useStaffInboxStore()
    await inbox.load({ view: 'overdue', page: 2, q: 'trễ' })
    expect(Object.fromEntries(new URL(calls[0]!.url, 'http://x').searchParams)).toEqual({ view: 'overdue', page: '2', q: 'trễ' })
    expect(inbox.items).toEqual([item])
    expect(inbox.total).toBe(51)
    expect(inbox.loading).toBe(false)
  })

  it('names the filter the server refused, and tells a network failure apart', async () => {
    const { fetch } = fakeFetch({ 'GET /api/staff/feedback': [() => apiError(400, 'invalid', 'from: must be a day as YYYY-MM-DD', 'from'), () => { throw new TypeError('offline') }] })
    vi.stubGlobal('fetch', fetch)
    const inbox = useStaffInboxStore()
    await inbox.load({ view: 'open', page: 1 })
    expect(inbox.error).toEqual({ kind: 'invalid', field: 'from', message: 'from: must be a day as YYYY-MM-DD' })
    await inbox.load({ view: 'open', page: 1 })
    expect(inbox.error).toEqual({ kind: 'network' })
  })

  it('shows the newer view when an older answer arrives late', async () => {
    let release!: () => void
    const slow = new Promise<void>((r) => (release = r))
    const fetch = vi.fn(async (url: string, init: RequestInit) => {
      if (url.includes('view=all')) {
        await slow
        init.signal?.throwIfAborted()
      }
      return json({ items: [{ id: url.includes('view=all') ? 'old' : 'new' }], total: 1, page: 1, pageSize: 50 })
    })
    vi.stubGlobal('fetch', fetch)
    const inbox = useStaffInboxStore()
    const first = inbox.load({ view: 'all', page: 1 })
    await inbox.load({ view: 'overdue', page: 1 })
    release()
    await first
    expect(inbox.items.map((i) => i.id)).toEqual(['new'])
    expect(inbox.filters?.view).toBe('overdue')
  })
})
