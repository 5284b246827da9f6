import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { PublicTracking } from '../../shared/feedback'
import { parseTrackingCode, type TrackingCodeProblem } from '../../shared/tracking-code'
import { ApiError, requestJson } from '../api/http'
import { useFeedbackOutboxStore, type MyFeedback } from './feedback-outbox'

export type TrackProblem = TrackingCodeProblem | 'notFound' | 'offline' | 'network' | 'busy'

/** Looking up one tracking code: on this device first (an item not sent yet), then on the server. */
export const useTrackStore = defineStore('track', () => {
  /** The canonical code looked up last. */
  const code = ref('')
  const result = shallowRef<PublicTracking | null>(null)
  /** The item as this device holds it, when it was filed here. */
  const local = shallowRef<MyFeedback | null>(null)
  const problem = ref<TrackProblem | null>(null)
  const loading = ref(false)
  let latest = 0

  async function lookup(typed: string): Promise<void> {
    const ticket = ++latest
    const parsed = parseTrackingCode(typed)
    result.value = null
    local.value = null
    // A malformed code never reaches the server: the check character catches a mistyped one here.
    if (!parsed.ok) {
      problem.value = parsed.problem
      code.value = ''
      return
    }
    problem.value = null
    code.value = parsed.code
    loading.value = true
    try {
      const mine = await useFeedbackOutboxStore()
        .find(parsed.code)
        .catch(() => undefined)
      if (ticket !== latest) return
      local.value = mine ?? null
      // Queued or refused on this device: the server has never seen it, and asking would only say 404.
      if (mine && mine.state !== 'sent') return
      const asked = mine?.trackingCode ?? parsed.code
      if (typeof navigator !== 'undefined' && navigator.onLine === false) {
        problem.value = 'offline'
        return
      }
      try {
        const found = await requestJson<PublicTracking>(`/api/track/${encodeURIComponent(asked)}`)
        if (ticket === latest) result.value = found
      } catch (error) {
        if (ticket !== latest) return
        if (error instanceof ApiError) problem.value = error.status === 404 ? 'notFound' : error.status === 429 ? 'busy' : 'network'
        else problem.value = typeof navigator !== 'undefined' && navigator.onLine === false ? 'offline' : 'network'
      }
    } finally {
      if (ticket === latest) loading.value = false
    }
  }

  function clear(): void {
    latest += 1
    code.value = ''
    result.value = null
    local.value = null
    problem.value = null
    loading.value = false
  }

  return { code, result, local, problem, loading, lookup, clear }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useTrackStore, import.meta.hot))
