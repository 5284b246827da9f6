import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { Dashboard } from '../../shared/dashboard'
import { ApiError, requestJson } from '../api/http'
import { newestRequest } from '../composables/newest-request'
import { dashboardParams, type DashboardView } from '../dashboard/view'

export type DashboardError =
  /** The server refused the query (400): `field` is the parameter it named. */
  | { kind: 'invalid'; field: string; message: string }
  /** Signed out or the session ended meanwhile: the page sends the reader to sign in. */
  | { kind: 'signed_out' }
  /** A role without the dashboard, or a unit head asking for another unit. */
  | { kind: 'forbidden' }
  | { kind: 'server'; status: number }
  | { kind: 'network' }

export function toDashboardError(error: unknown): DashboardError {
  if (!(error instanceof ApiError)) return { kind: 'network' }
  if (error.status === 400) return { kind: 'invalid', field: error.path, message: error.message }
  if (error.status === 401) return { kind: 'signed_out' }
  if (error.status === 403) return { kind: 'forbidden' }
  return { kind: 'server', status: error.status }
}

/** The leadership dashboard: one answer per view (shared/dashboard.ts), the newest view winning. */
export const useDashboardStore = defineStore('dashboard', () => {
  // shallowRef: the answer is replaced whole, never edited.
  const data = shallowRef<Dashboard | null>(null)
  const loading = ref(false)
  const error = shallowRef<DashboardError | null>(null)
  const newest = newestRequest()

  async function load(view: DashboardView): Promise<void> {
    const request = newest()
    loading.value = true
    error.value = null
    try {
      const answer = await requestJson<Dashboard>(`/api/staff/dashboard?${dashboardParams(view)}`, { signal: request.signal, credentials: 'same-origin' })
      if (request.isCurrent()) data.value = answer
    } catch (caught) {
      if (!request.isCurrent()) return
      data.value = null
      error.value = toDashboardError(caught)
    } finally {
      if (request.isCurrent()) loading.value = false
    }
  }

  return { data, loading, error, load }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDashboardStore, import.meta.hot))
