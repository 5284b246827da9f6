import { deviceDb, serverProbe, webLock } from './browser'
import type { QueuedPhoto } from './db'
import { enqueueFeedback, findMyFeedback, watchFeedbackPending, watchFeedbackRejected, watchMyFeedback } from './feedback-outbox'
import { FEEDBACK_ENDPOINT, feedbackQueue } from './feedback-queue'
import { createSync, type FlushReport } from './sync'
import type { FeedbackEnqueueOutcome, MyFeedback, RejectedFeedback } from './types'

export interface FeedbackDevice {
  /** Queues the item with its photos and starts sending it; resolves once it is safe on the device. */
  submit: (item: unknown, photos: QueuedPhoto[]) => Promise<FeedbackEnqueueOutcome>
  syncNow: () => Promise<FlushReport>
  find: (code: string) => Promise<MyFeedback | undefined>
  watchPending: (onChange: (count: number) => void) => () => void
  watchRejected: (onChange: (items: RejectedFeedback[]) => void) => () => void
  watchMine: (onChange: (items: MyFeedback[]) => void) => () => void
}

let device: FeedbackDevice | undefined

/**
 * The browser's feedback outbox, one per page, flushed like the responses outbox: on start, on submit,
 * when the network comes back, when the page is shown again, and by the back-off timer. Opened at app start
 * when items wait in it (`stores/outbox.ts`, so they leave whatever page is open) and by the feedback pages;
 * both get the same one.
 */
export function openFeedbackDevice(): FeedbackDevice {
  if (device) return device
  const db = deviceDb()
  const sync = createSync({ db, queue: feedbackQueue(db), endpoint: FEEDBACK_ENDPOINT, exclusive: webLock('hailong-feedback-flush'), probe: serverProbe })
  window.addEventListener('online', () => void sync.triggerSync('online'))
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void sync.triggerSync('visible')
  })
  void sync.triggerSync('start')

  device = {
    async submit(item, photos) {
      const outcome = await enqueueFeedback(db, item, photos)
      // Not awaited: the code is shown at once; what the server says arrives through the watchers.
      if (outcome.state === 'queued') void sync.triggerSync('submit')
      return outcome
    },
    syncNow: () => sync.triggerSync('manual'),
    find: (code) => findMyFeedback(db, code),
    watchPending: (onChange) => watchFeedbackPending(db, onChange),
    watchRejected: (onChange) => watchFeedbackRejected(db, onChange),
    watchMine: (onChange) => watchMyFeedback(db, onChange),
  }
  return device
}
