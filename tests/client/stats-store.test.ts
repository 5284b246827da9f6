import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { SatisfactionStats } from '../../shared/stats'
import { useStatsStore } from '../../client/stores/stats'
import type { StatsView } from '../../client/stores/stats-period'

function answer(groupBy: string, responses: number): SatisfactionStats {
  const group = {
    key: 'all',
    label: null,
    responses,
    total: responses,
    counts: { very_satisfied: responses, satisfied: 0, unsatisfied: 0 },
    rates: { very_satisfied: responses ? 100 : null, satisfied: responses ? 0 : null, unsatisfied: responses ? 0 : null },
    satisfiedRate: responses ? 100 : null,
    scored: 0,
    meanScore: null,
    meanMaxScore: null,
  }
  return { from: '2026-11-01', to: '2026-11-28', groupBy: groupBy as SatisfactionStats['groupBy'], total: group, groups: [] }
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const view = (over: Partial<StatsView> = {}): StatsView => ({ from: '2026-11-01', to: '2026-11-28', groupBy: 'unit', series: 'day', ...over })
const query = (url: string) => Object.fromEntries(new URL(url, 'http://x').searchParams)

let fetchMock: ReturnType<typeof vi.fn>

beforeEach(() => {
  setActivePinia(createPinia())
  fetchMock = vi.fn(async (url: string) => json(answer(query(url).groupBy!, 3)))
  vi.stubGlobal('fetch', fetchMock)
})
afterEach(() => vi.unstubAllGlobals())

describe('stats store', () => {
  it('asks for the breakdown and the time series of the same period', async () => {
    const stats = useStatsStore()
    await stats.load(view({ groupBy: 'procedure', series: 'week' }))
    expect(fetchMock.mock.calls.map(([url]) => query(url as string))).toEqual([
      { from: '2026-11-01', to: '2026-11-28', groupBy: 'procedure' },
      { from: '2026-11-01', to: '2026-11-28', groupBy: 'week' },
    ])
    expect(stats.breakdown?.groupBy).toBe('procedure')
    expect(stats.series?.groupBy).toBe('week')
    expect(stats.total?.responses).toBe(3)
    expect(stats.loading).toBe(false)
  })

  it('asks again only for the half of the view that changed, unless fresh figures are wanted', async () => {
    const stats = useStatsStore()
    await stats.load(view())
    await stats.load(view({ series: 'month' }))
    expect(fetchMock).toHaveBeenCalledTimes(3)
    expect(query(fetchMock.mock.calls[2]![0] as string).groupBy).toBe('month')
    await stats.load(view({ series: 'month' }), { fresh: true })
    expect(fetchMock).toHaveBeenCalledTimes(5)
  })

  it('names the field the server refused, with its message', async () => {
    fetchMock.mockImplementation(async () => json({ error: { code: 'invalid', message: 'from: must not be after "to"', path: 'from' } }, 400))
    const stats = useStatsStore()
    await stats.load(view({ from: '2026-12-01' }))
    expect(stats.error).toEqual({ kind: 'invalid', field: 'from', message: 'from: must not be after "to"' })
    expect(stats.breakdown).toBeNull()
    expect(stats.total).toBeNull()
  })

  it('tells a server failure from an unreachable server', async () => {
    const stats = useStatsStore()
    fetchMock.mockImplementation(async () => json({ error: { code: 'internal', message: 'Internal server error', path: '' } }, 500))
    await stats.load(view())
    expect(stats.error).toEqual({ kind: 'server', status: 500 })
    fetchMock.mockImplementation(async () => {
      throw new TypeError('Failed to fetch')
    })
    await stats.load(view())
    expect(stats.error).toEqual({ kind: 'network' })
  })

  it('tells a lost session (401, the page then sends the reader to sign in) from a role without the figures (403)', async () => {
    const stats = useStatsStore()
    fetchMock.mockImplementation(async () => json({ error: { code: 'unauthenticated', message: 'Sign in first', path: '' } }, 401))
    await stats.load(view())
    expect(stats.error).toEqual({ kind: 'signed_out' })
    fetchMock.mockImplementation(async () => json({ error: { code: 'forbidden', message: 'Your role does not allow this', path: '' } }, 403))
    await stats.load(view())
    expect(stats.error).toEqual({ kind: 'forbidden' })
    expect(stats.total).toBeNull()
  })

  it('keeps the newest view when an older answer arrives last', async () => {
    const slow: (() => void)[] = []
    // This fetch ignores the abort signal, as a response already on its way would.
    fetchMock.mockImplementation((url: string) => {
      const { from, groupBy } = query(url)
      if (from === '2026-01-01') return new Promise<Response>((resolve) => slow.push(() => resolve(json(answer(groupBy!, 99)))))
      return Promise.resolve(json(answer(groupBy!, 3)))
    })
    const stats = useStatsStore()
    const older = stats.load(view({ from: '2026-01-01' }))
    await stats.load(view())
    for (const release of slow) release()
    await older
    expect(stats.view?.from).toBe('2026-11-01')
    expect(stats.total?.responses).toBe(3)
    expect(stats.loading).toBe(false)
  })
})
