import { MAX_FEEDBACK_BATCH, type FeedbackUpload } from '../../shared/feedback'
import { generateTrackingCode, normaliseTrackingCode } from '../../shared/tracking-code'
import { blobToBase64 } from './base64'
import type { FeedbackOutboxEntry, FeedbackRejectedEntry, OutboxDb } from './db'
import type { SyncQueue } from './sync'
import type { FeedbackRejectionStatus } from './types'

export const FEEDBACK_ENDPOINT = '/api/feedback'

export interface FeedbackQueueOptions {
  /** Makes the replacement for a tracking code the server found taken; random by default. */
  newTrackingCode?: () => string
}

/** The item as the endpoint reads it: its PhotoRefs each with their bytes in base64. */
async function upload(entry: FeedbackOutboxEntry): Promise<FeedbackUpload> {
  const photos = await Promise.all(
    entry.payload.photos.map(async (ref) => {
      const queued = entry.photos.find((photo) => photo.id === ref.id)
      if (!queued) throw new Error(`feedback ${entry.id}: the bytes of photo ${ref.id} are missing`)
      return { ...ref, data: await blobToBase64(queued.blob) }
    }),
  )
  return { ...entry.payload, photos }
}

/**
 * The feedback outbox for `createSync`. Items with photos go one per request (the endpoint's body limit
 * holds one item with three photos at their largest); items without photos share a request, up to 50.
 * Order is kept: a batch stops before the first item with photos.
 */
export function feedbackQueue(db: OutboxDb, { newTrackingCode = generateTrackingCode }: FeedbackQueueOptions = {}): SyncQueue<FeedbackOutboxEntry> {
  return {
    entries: db.feedbackOutbox,
    maxBatch: MAX_FEEDBACK_BATCH,
    noun: 'feedback items',
    async nextBatch(size) {
      const batch: FeedbackOutboxEntry[] = []
      for (const entry of await db.feedbackOutbox.orderBy('seq').limit(size).toArray()) {
        if (entry.photos.length > 0) {
          if (batch.length === 0) batch.push(entry)
          break
        }
        batch.push(entry)
      }
      return batch
    },
    async body(batch) {
      return JSON.stringify({ items: await Promise.all(batch.map(upload)) })
    },
    verdict(result) {
      if (result.status === 'stored' || result.status === 'duplicate') return 'accepted'
      if (result.status === 'conflict' && result.error?.code === 'tracking_code_taken') return 'retry'
      return result.status === 'conflict' || result.status === 'invalid' ? 'refused' : undefined
    },
    async settle({ accepted, refused, retried }, at) {
      const rejected: FeedbackRejectedEntry[] = refused.map(({ entry, status, message, path }) => ({
        id: entry.id,
        status: status as FeedbackRejectionStatus,
        message,
        path,
        at,
        payload: entry.payload,
        photos: entry.photos,
      }))
      await db.transaction('rw', db.feedbackOutbox, db.feedback, db.feedbackRejected, async () => {
        // The photos leave the device with their entry: once stored, the server holds them.
        await db.feedbackOutbox.bulkDelete([...accepted, ...refused].map(({ entry }) => entry.seq))
        await db.feedbackRejected.bulkPut(rejected)
        for (const { entry, result } of accepted) {
          // The server's canonical code is the one that finds the item: keep it if it ever differs.
          const stored = typeof result.trackingCode === 'string' ? normaliseTrackingCode(result.trackingCode) : null
          await db.feedback.where('id').equals(entry.id).modify((local) => {
            local.state = 'sent'
            local.sentAt = at
            if (stored && stored !== local.trackingCode) {
              local.previousCodes.push(local.trackingCode)
              local.trackingCode = stored
            }
          })
        }
        for (const entry of rejected) await db.feedback.update(entry.id, { state: 'rejected' })
        // Another item holds the code: a new one, shown to the citizen (the local record) and sent again
        // under the same id, so the server still stores the item once.
        for (const entry of retried) {
          const trackingCode = newTrackingCode()
          await db.feedbackOutbox.update(entry.seq, { payload: { ...entry.payload, trackingCode } })
          await db.feedback.where('id').equals(entry.id).modify((local) => {
            local.previousCodes.push(local.trackingCode)
            local.trackingCode = trackingCode
          })
        }
      })
    },
  }
}
