import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { ResponseIn } from '../../shared/response'
import type { DeviceOutbox } from '../offline/device'
import type { RejectedItem, SubmitOutcome } from '../offline/types'

export type { RejectedItem, SubmitOutcome } from '../offline/types'

/** The citizen device's outbox, as the page sees it. The work is in `client/offline/` (see its README). */
export const useOutboxStore = defineStore('outbox', () => {
  const pending = ref(0)
  const rejected = ref<RejectedItem[]>([])
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  const syncing = ref(false)
  let device: Promise<DeviceOutbox> | undefined

  // Dexie is ~30 kB gzip: importing the offline layer on demand keeps it out of the first paint's bundle.
  function load(): Promise<DeviceOutbox> {
    device ??= import('../offline/device')
      .then(({ openDeviceOutbox }) =>
        openDeviceOutbox({
          onPending: (count) => (pending.value = count),
          onRejected: (items) => (rejected.value = items),
          onSyncing: (busy) => (syncing.value = busy),
          onOnline: (isOnline) => (online.value = isOnline),
        }),
      )
      .catch((error: unknown) => {
        // Let the next call try again (e.g. the chunk failed to load on a flaky network).
        device = undefined
        throw error
      })
    return device
  }

  async function start(): Promise<void> {
    try {
      await load()
    } catch (error) {
      // Not fatal at start: submitResponse loads it again and reports the failure to the page.
      console.error('outbox: cannot open the offline store', error)
    }
  }

  async function submitResponse(response: ResponseIn): Promise<SubmitOutcome> {
    return (await load()).submit(response)
  }

  /** Flush now (e.g. a "send now" button); resolves when that attempt ends. */
  async function syncNow(): Promise<void> {
    await (await load()).syncNow()
  }

  return { pending, rejected, online, syncing, start, submitResponse, syncNow }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOutboxStore, import.meta.hot))
