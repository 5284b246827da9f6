import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Dashboard } from '../../shared/dashboard'
import { useDashboardStore } from '../../client/stores/dashboard'
import type { DashboardView } from '../../client/dashboard/view'

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const problem = (status: number, code: string, path = '') => json({ error: { code, message: `${path} is wrong`, path } }, status)
/** Only what the store passes on: it never looks inside the answer. */
const answer = (from: string, to: string) => ({ from, to }) as Dashboard

let fetchMock: ReturnType<typeof vi.fn>
const half: DashboardView = { preset: 'half', from: '2026-01-01', to: '2026-06-30', unit: 'LS' }

beforeEach(() => {
  setActivePinia(createPinia())
  fetchMock = vi.fn(async (url: string) => {
    const q = new URL(url, 'http://x').searchParams
    return json(answer(q.get('from')!, q.get('to')!))
  })
  vi.stubGlobal('fetch', fetchMock)
})
afterEach(() => vi.unstubAllGlobals())

describe('dashboard store', () => {
  it('asks the dashboard API for the period and filters of the view, never the preset', async () => {
    const store = useDashboardStore()
    await store.load(half)
    expect(fetchMock.mock.calls.map(([url]) => url)).toEqual(['/api/staff/dashboard?from=2026-01-01&to=2026-06-30&unit=LS'])
    expect(store.data).toEqual({ from: '2026-01-01', to: '2026-06-30' })
    expect(store.loading).toBe(false)
    expect(store.error).toBeNull()
  })

  it('keeps the view asked for last when an older answer arrives after it', async () => {
    let releaseFirst!: () => void
    fetchMock.mockImplementationOnce(
      (_url: string, init: RequestInit) =>
        new Promise<Response>((resolve, reject) => {
          releaseFirst = () => resolve(json(answer('2025-07-01', '2025-12-31')))
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))
        }),
    )
    const store = useDashboardStore()
    const first = store.load({ preset: 'half', from: '2025-07-01', to: '2025-12-31' })
    const second = store.load(half)
    releaseFirst()
    await Promise.all([first, second])
    expect(store.data?.from).toBe('2026-01-01')
    expect(store.error).toBeNull()
  })

  it.each([
    [400, 'invalid', { kind: 'invalid', field: 'to', message: 'to is wrong' }],
    [401, 'unauthenticated', { kind: 'signed_out' }],
    [403, 'forbidden', { kind: 'forbidden' }],
    [500, 'internal', { kind: 'server', status: 500 }],
  ] as const)('names a %i answer for the page and drops the figures of the view before', async (status, code, expected) => {
    const store = useDashboardStore()
    await store.load(half)
    fetchMock.mockResolvedValueOnce(problem(status, code, 'to'))
    await store.load({ ...half, to: '2026-13-01' })
    expect(store.error).toEqual(expected)
    expect(store.data).toBeNull()
  })

  it('says the network failed when fetch itself throws', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    const store = useDashboardStore()
    await store.load(half)
    expect(store.error).toEqual({ kind: 'network' })
    expect(store.loading).toBe(false)
  })
})
