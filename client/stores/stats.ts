import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { SatisfactionStats } from '../../shared/stats'
import { ApiError, requestJson } from '../api/http'
import type { StatsView } from './stats-period'

export type StatsError =
  /** The server refused the query (400): `field` is the query parameter it named. */
  | { kind: 'invalid'; field: string; message: string }
  /** No session, or it ended meanwhile: the page sends the reader to sign in and back. */
  | { kind: 'signed_out' }
  /** A role without the figures (unit staff). */
  | { kind: 'forbidden' }
  | { kind: 'server'; status: number }
  | { kind: 'network' }

function statsUrl(from: string, to: string, groupBy: string): string {
  return `/api/stats/satisfaction?${new URLSearchParams({ from, to, groupBy })}`
}

function toStatsError(error: unknown): StatsError {
  if (!(error instanceof ApiError)) return { kind: 'network' }
  if (error.status === 400) return { kind: 'invalid', field: error.path, message: error.message }
  if (error.status === 401) return { kind: 'signed_out' }
  if (error.status === 403) return { kind: 'forbidden' }
  return { kind: 'server', status: error.status }
}

/** The leadership statistics: one breakdown (unit, counter, procedure, question…) and one time series. */
export const useStatsStore = defineStore('stats', () => {
  const view = ref<StatsView | null>(null)
  // shallowRef: the answers are replaced whole, never edited, so deep reactivity would only cost time.
  const breakdown = shallowRef<SatisfactionStats | null>(null)
  const series = shallowRef<SatisfactionStats | null>(null)
  const loading = ref(false)
  const error = shallowRef<StatsError | null>(null)
  let current: AbortController | null = null
  const loaded = { breakdown: '', series: '' }

  const total = computed(() => series.value?.total ?? breakdown.value?.total ?? null)

  /** Reuses the answer on screen when only the other half of the view changed (e.g. day → week). */
  async function fetchPart(part: keyof typeof loaded, url: string, signal: AbortSignal): Promise<SatisfactionStats> {
    const shown = part === 'breakdown' ? breakdown.value : series.value
    if (shown && loaded[part] === url) return shown
    return requestJson<SatisfactionStats>(url, { signal })
  }

  async function load(next: StatsView, options: { fresh?: boolean } = {}): Promise<void> {
    // A newer view wins: an older answer arriving late must not overwrite it.
    current?.abort()
    const mine = new AbortController()
    current = mine
    view.value = next
    loading.value = true
    error.value = null
    if (options.fresh) loaded.breakdown = loaded.series = ''
    const urls = { breakdown: statsUrl(next.from, next.to, next.groupBy), series: statsUrl(next.from, next.to, next.series) }
    try {
      const [b, s] = await Promise.all([fetchPart('breakdown', urls.breakdown, mine.signal), fetchPart('series', urls.series, mine.signal)])
      if (current !== mine) return
      breakdown.value = b
      series.value = s
      Object.assign(loaded, urls)
    } catch (caught) {
      if (current !== mine) return
      breakdown.value = series.value = null
      loaded.breakdown = loaded.series = ''
      error.value = toStatsError(caught)
    } finally {
      if (current === mine) loading.value = false
    }
  }

  return { view, breakdown, series, total, loading, error, load }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useStatsStore, import.meta.hot))
