import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { uuidv7 } from 'uuidv7'
import { KIOSK_TOKEN_FRAGMENT, KIOSK_TOKEN_PREFIX } from '../../shared/kiosk'
import type { Questionnaire } from '../../shared/questionnaire'
import type { KioskOutbox, KioskProblem } from '../offline/kiosk-device'

/**
 * How long the thank-you stays before a fresh form, how long after a rating further presses are ignored (one
 * person, one rating) and how often the tablet reports. A test may shorten them through localStorage
 * (`hailong.kiosk.timing`); nothing in the app writes it.
 */
export interface KioskTiming {
  resetMs: number
  guardMs: number
  heartbeatMs: number
}
const DEFAULT_TIMING: KioskTiming = { resetMs: 5_000, guardMs: 4_000, heartbeatMs: 5 * 60_000 }

function readTiming(): KioskTiming {
  try {
    const saved = JSON.parse(localStorage.getItem('hailong.kiosk.timing') ?? 'null') as Partial<KioskTiming> | null
    return { ...DEFAULT_TIMING, ...saved }
  } catch {
    return DEFAULT_TIMING
  }
}

const tokenKey = (counter: string) => `hailong.kiosk.token.${counter.toUpperCase()}`

/**
 * The token a set-up link carries after `#token=`, kept in the tablet's storage and taken out of the address
 * at once (replaceState: no history entry keeps it, and a glance at the address bar does not show it).
 */
function takeTokenFromAddress(counter: string): void {
  const token = new URLSearchParams(location.hash.slice(1)).get(KIOSK_TOKEN_FRAGMENT)
  if (!token) return
  if (token.startsWith(KIOSK_TOKEN_PREFIX)) localStorage.setItem(tokenKey(counter), token)
  history.replaceState(history.state, '', location.pathname)
}

/** The tablet at a counter (pages/KioskPage.vue): its token, its outbox and what the page shows of them. */
export const useKioskStore = defineStore('kiosk', () => {
  const timing = readTiming()
  const hasToken = ref(false)
  const pending = ref(0)
  const syncing = ref(false)
  const refused = shallowRef<KioskProblem | null>(null)
  const lastSyncAt = ref<number | null>(null)
  const online = ref(navigator.onLine)
  /** When the last rating was taken: presses within the guard after it are ignored. */
  let lastRatedAt = -Infinity
  let device: Promise<KioskOutbox> | undefined
  let counterCode = ''

  window.addEventListener('online', () => (online.value = true))
  window.addEventListener('offline', () => (online.value = false))

  /** Reads the set-up link (if this is one) and opens the outbox with the stored token. */
  function start(counter: string): void {
    takeTokenFromAddress(counter)
    const token = localStorage.getItem(tokenKey(counter))
    hasToken.value = token !== null
    if (!token || (device && counterCode === counter)) return
    void device?.then((d) => d.close())
    counterCode = counter
    device = import('../offline/kiosk-device').then(({ openKioskOutbox }) =>
      openKioskOutbox(
        counter,
        token,
        {
          onPending: (count) => (pending.value = count),
          onSyncing: (busy) => (syncing.value = busy),
          onRefused: (problem) => (refused.value = problem),
          onSynced: (at) => (lastSyncAt.value = at),
        },
        { heartbeatMs: timing.heartbeatMs },
      ),
    )
    device.catch((error: unknown) => {
      device = undefined
      console.error('kiosk: cannot open the offline store', error)
    })
  }

  /** Whether a press now would be a second rating by the same person. */
  const guarded = (now = Date.now()) => now - lastRatedAt < timing.guardMs

  /**
   * Queues one rating of the level question; false when ignored (within the guard) or not stored. The guard
   * starts before the write, so a double tap while IndexedDB works is one rating too.
   */
  async function rate(questionnaire: Questionnaire, value: string, lang: 'vi' | 'en'): Promise<boolean> {
    if (guarded() || !device) return false
    lastRatedAt = Date.now()
    const outbox = await device
    return outbox.submit({
      id: uuidv7(),
      counter: counterCode,
      questionnaire: { key: questionnaire.key, version: questionnaire.version },
      answers: { [questionnaire.levelQuestion]: value },
      lang,
      submittedAt: new Date().toISOString(),
    })
  }

  return { timing, hasToken, pending, syncing, refused, lastSyncAt, online, start, guarded, rate }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useKioskStore, import.meta.hot))
