import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import { useSeenRefusals } from '../composables/seen-refusals'
import type { QueuedPhoto } from '../offline/db'
import type { FeedbackDevice } from '../offline/feedback-device'
import type { FeedbackEnqueueOutcome, MyFeedback, RejectedFeedback } from '../offline/types'

export type { FeedbackEnqueueOutcome, MyFeedback, RejectedFeedback } from '../offline/types'

/** The device's feedback outbox as the feedback and tracking pages see it; the work is in `client/offline/`. */
export const useFeedbackOutboxStore = defineStore('feedbackOutbox', () => {
  const pending = ref(0)
  const rejected = ref<RejectedFeedback[]>([])
  /** The citizen's own items on this device, newest first: the "your feedback" list. */
  const mine = ref<MyFeedback[]>([])
  // The notice stays until the citizen says they have read it.
  const { unseenRejected, dismissRejected } = useSeenRefusals('hailong.feedbackRejectedSeen', rejected)
  let device: Promise<FeedbackDevice> | undefined

  function load(): Promise<FeedbackDevice> {
    device ??= import('../offline/feedback-device')
      .then(({ openFeedbackDevice }) => {
        const opened = openFeedbackDevice()
        opened.watchPending((count) => (pending.value = count))
        opened.watchRejected((items) => (rejected.value = items))
        opened.watchMine((items) => (mine.value = items))
        return opened
      })
      .catch((error: unknown) => {
        // The next call tries again (e.g. the chunk failed to load on a flaky network).
        device = undefined
        throw error
      })
    return device
  }

  async function start(): Promise<void> {
    try {
      await load()
    } catch (error) {
      console.error('feedback outbox: cannot open the offline store', error)
    }
  }

  async function submit(item: unknown, photos: QueuedPhoto[]): Promise<FeedbackEnqueueOutcome> {
    return (await load()).submit(item, photos)
  }

  /** The item filed from this device under this code (or a code it had before), if any. */
  async function find(code: string): Promise<MyFeedback | undefined> {
    return (await load()).find(code)
  }

  return { pending, rejected, unseenRejected, mine, dismissRejected, start, submit, find }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useFeedbackOutboxStore, import.meta.hot))
