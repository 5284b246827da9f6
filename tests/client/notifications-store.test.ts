import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { forgetCsrfToken } from '../../client/api/client'
import { useNotificationsStore } from '../../client/stores/notifications'
import type { StaffNotification } from '../../shared/notifications'
import { fakeFetch, json, ME } from './staff-fake-fetch'

const notice = (id: number, readAt: number | null = null): StaffNotification => ({
  id,
  kind: 'new',
  feedbackId: `item-${id}`,
  trackingCode: 'ABCD-EFGH-JKM',
  category: 'processing_time',
  unitCode: 'LS',
  dueAt: 1_800_000_000_000,
  open: true,
  createdAt: 1_790_000_000_000 + id,
  readAt,
})

beforeEach(() => {
  setActivePinia(createPinia())
  forgetCsrfToken()
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

describe('notifications store', () => {
  it('loads for a role that is told of items, asks again every minute, and stops when told to', async () => {
    const { fetch, calls } = fakeFetch({ 'GET /api/staff/notifications': [() => json({ unread: 2, notifications: [notice(2), notice(1)] })] })
    vi.stubGlobal('fetch', fetch)
    const store = useNotificationsStore()
    store.follow('unit_staff')
    await vi.advanceTimersByTimeAsync(0)
    expect(store.unread).toBe(2)
    await vi.advanceTimersByTimeAsync(60_000)
    expect(calls.filter((c) => c.url === '/api/staff/notifications')).toHaveLength(2)
    store.follow(null)
    await vi.advanceTimersByTimeAsync(180_000)
    expect(calls).toHaveLength(2)
    expect(store.items).toEqual([])
  })

  it('asks nothing for leadership and administrators, who are told of no single item', async () => {
    const { fetch, calls } = fakeFetch({})
    vi.stubGlobal('fetch', fetch)
    const store = useNotificationsStore()
    store.follow('leadership')
    store.follow('admin')
    await vi.advanceTimersByTimeAsync(120_000)
    expect(calls).toHaveLength(0)
  })

  it('marks one or all read with the CSRF token, and the badge follows', async () => {
    const { fetch, calls } = fakeFetch({
      'GET /api/staff/notifications': [() => json({ unread: 3, notifications: [notice(3), notice(2), notice(1, 5)] })],
      'GET /api/staff/me': [() => json(ME)],
      'POST /api/staff/notifications/read': [() => json({ read: 1 })],
    })
    vi.stubGlobal('fetch', fetch)
    const store = useNotificationsStore()
    await store.load()
    expect(store.unread).toBe(2)
    await store.markRead([3])
    expect(store.unread).toBe(1)
    await store.markRead('all')
    expect(store.unread).toBe(0)
    const writes = calls.filter((c) => c.method === 'POST')
    expect(writes.map((c) => c.body)).toEqual([{ ids: [3] }, { all: true }])
    expect(writes.every((c) => c.headers['x-csrf-token'] === ME.csrfToken)).toBe(true)
  })
})
