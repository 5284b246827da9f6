import type { ResponseIn } from '../../shared/response'
import { deviceDb, serverProbe, webLock } from './browser'
import { submitResponse, watchPending, watchRejected, type SubmitOptions } from './outbox'
import { createSync, type FlushReport } from './sync'
import type { RejectedItem, SubmitOutcome } from './types'

export interface DeviceHooks {
  onPending: (count: number) => void
  onRejected: (items: RejectedItem[]) => void
  onSyncing: (syncing: boolean) => void
}

/** What the page says about the form it sends: how to spend its id, and how to make another. */
export type FormOptions = Pick<SubmitOptions, 'onQueued' | 'freshId'>

export interface DeviceOutbox {
  submit: (response: ResponseIn, options?: FormOptions) => Promise<SubmitOutcome>
  syncNow: () => Promise<FlushReport>
  close: () => void
}

/** Asks the browser not to evict the outbox under storage pressure; a refusal or an old browser is not an error. */
async function requestPersistentStorage(): Promise<void> {
  try {
    if (!navigator.storage?.persist) return
    if (await navigator.storage.persisted?.()) return
    await navigator.storage.persist()
  } catch {
    // Best effort: the outbox still works in best-effort storage.
  }
}

/**
 * The browser's outbox: one database and one Sync per page, flushed on start, on submit, when the network
 * comes back, when the page is shown again, and by the back-off timer. These triggers work in every browser;
 * Background Sync (Chromium only) would merely add one more.
 */
export function openDeviceOutbox(hooks: DeviceHooks): DeviceOutbox {
  const db = deviceDb()
  const sync = createSync({ db, exclusive: webLock('hailong-outbox-flush'), onSyncing: hooks.onSyncing, probe: serverProbe })
  const unwatch = [watchPending(db, hooks.onPending), watchRejected(db, hooks.onRejected)]

  const onOnline = () => void sync.triggerSync('online')
  const onVisibility = () => {
    if (document.visibilityState === 'visible') void sync.triggerSync('visible')
  }
  window.addEventListener('online', onOnline)
  document.addEventListener('visibilitychange', onVisibility)

  void requestPersistentStorage()
  void sync.triggerSync('start')

  return {
    submit: (response, options) => submitResponse(db, sync, response, options),
    syncNow: () => sync.triggerSync('manual'),
    close() {
      sync.stop()
      unwatch.forEach((stop) => stop())
      window.removeEventListener('online', onOnline)
      document.removeEventListener('visibilitychange', onVisibility)
      // The database stays open: the feedback outbox shares it.
    },
  }
}
