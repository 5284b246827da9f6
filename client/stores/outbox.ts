import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { ResponseIn } from '../../shared/response'
import type { DeviceOutbox, FormOptions } from '../offline/device'
import type { RejectedItem, SubmitOutcome } from '../offline/types'
import type { WaitingOnDevice } from '../offline/waiting'
import { useSeenRefusals } from '../composables/seen-refusals'
import { afterFirstInteraction, nextTask } from '../main-thread'

export type { RejectedItem, SubmitOutcome } from '../offline/types'

/** The citizen device's outbox, as the page sees it. The work is in `client/offline/` (see its README). */
export const useOutboxStore = defineStore('outbox', () => {
  const pending = ref(0)
  const rejected = ref<RejectedItem[]>([])
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  const syncing = ref(false)
  let device: Promise<DeviceOutbox> | undefined

  // Each told once, even one learnt later: e.g. a rating queued offline whose dossier was rated meanwhile.
  const { seen, markSeen, unseenRejected, dismissRejected } = useSeenRefusals('hailong.rejectedSeen', rejected)

  if (typeof window !== 'undefined') {
    window.addEventListener('online', () => (online.value = true))
    window.addEventListener('offline', () => (online.value = false))
  }

  // Dexie is ~30 kB gzip: importing the offline layer on demand keeps it out of the first paint's bundle.
  function load(): Promise<DeviceOutbox> {
    device ??= import('../offline/device')
      .then(({ openDeviceOutbox }) =>
        openDeviceOutbox({
          onPending: (count) => (pending.value = count),
          onRejected: (items) => (rejected.value = items),
          onSyncing: (busy) => (syncing.value = busy),
        }),
      )
      .catch((error: unknown) => {
        // Let the next call try again (e.g. the chunk failed to load on a flaky network).
        device = undefined
        throw error
      })
    return device
  }

  async function open(what: string): Promise<void> {
    try {
      await load()
    } catch (error) {
      // Not fatal: submitResponse loads it again and reports the failure to the page.
      console.error(`outbox: cannot open the offline store (${what})`, error)
    }
  }

  /**
   * At app start, whatever page opened: items queued earlier leave now, and a refusal not yet seen is told.
   * Most visits have neither, and then neither outbox is started (opened at every start, the offline store
   * was about 300 ms of main-thread work under Lighthouse's mobile CPU slow-down, near the page's own
   * script): the responses outbox opens once the citizen starts using the page, well before a rating can be
   * sent, and the feedback outbox with the feedback pages. When the device cannot say what it holds, both
   * open as if something waited.
   */
  async function start(): Promise<void> {
    // Not in the task that called it (the app's mount, when the page has already loaded).
    await nextTask()
    const waiting = await import('../offline/waiting')
      .then(({ waitingOnDevice }) => waitingOnDevice())
      .catch((error: unknown): WaitingOnDevice | null => {
        console.error('outbox: cannot read what waits on the device', error)
        return null
      })
    if (!waiting || waiting.responses > 0 || waiting.rejected.some((id) => !seen.value.includes(id))) await open('start')
    else afterFirstInteraction(() => void open('first interaction'))
    if (!waiting || waiting.feedback > 0) {
      void import('../offline/feedback-device').then(
        ({ openFeedbackDevice }) => openFeedbackDevice(),
        (error: unknown) => console.error('outbox: cannot open the feedback outbox', error),
      )
    }
  }

  async function submitResponse(response: ResponseIn, options?: FormOptions): Promise<SubmitOutcome> {
    let sentId = response.id
    const outcome = await (await load()).submit(response, {
      ...options,
      onQueued(id) {
        sentId = id
        options?.onQueued?.(id)
      },
    })
    if (outcome.state === 'rejected') markSeen([sentId])
    return outcome
  }

  /** Flush now (e.g. a "send now" button); resolves when that attempt ends. */
  async function syncNow(): Promise<void> {
    await (await load()).syncNow()
  }

  return { pending, rejected, unseenRejected, dismissRejected, online, syncing, start, submitResponse, syncNow }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOutboxStore, import.meta.hot))
