import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import type { ItemStatus, ResponseIn } from '../../shared/response'

/**
 * What the page learns when a citizen presses send:
 * - sent: the server acknowledged it (stored, or already stored with the same content);
 * - queued: safely on the device, will be sent when the connection allows — never call this "sent";
 * - rejected: the server refused it for good (e.g. this dossier was already rated);
 * - duplicate_here: this very response was already submitted from this device (double tap, second tab).
 */
export type SubmitOutcome =
  | { state: 'sent' }
  | { state: 'queued' }
  | { state: 'rejected'; status: Exclude<ItemStatus, 'stored' | 'duplicate'>; message: string }
  | { state: 'duplicate_here' }

export interface RejectedItem {
  id: string
  status: ItemStatus
  message: string
  at: number
}

// STUB: the offline helper replaces this with the Dexie outbox (loaded lazily, after first paint).
export const useOutboxStore = defineStore('outbox', () => {
  const pending = ref(0)
  const rejected = ref<RejectedItem[]>([])
  const online = ref(typeof navigator === 'undefined' ? true : navigator.onLine)
  const syncing = ref(false)

  async function start(): Promise<void> {}
  async function submitResponse(_response: ResponseIn): Promise<SubmitOutcome> {
    return { state: 'queued' }
  }
  return { pending, rejected, online, syncing, start, submitResponse }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useOutboxStore, import.meta.hot))
