import { Hono } from 'hono'
import { FeedbackBatch, MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_DATA_MAX_LENGTH, type FeedbackBatchResult, type FeedbackItemResult } from '../../shared/feedback'
import { prepareFeedback, type FeedbackRules, type PreparedFeedback } from '../domain/prepare-feedback'
import type { Env } from '../env'
import { limitBody } from '../middleware/body-limit'
import { apiError } from '../middleware/errors'
import { rateLimit } from '../middleware/rate-limit'
import { validate } from '../middleware/validate'
import { currentFeedbackSettings } from '../domain/feedback-settings'
import type { NewFeedback } from '../store/feedback-store'

/**
 * Largest body of POST /api/feedback, whatever BODY_LIMIT_BYTES says: one item with its three photos at
 * their largest in base64 (3 × 2.8 MB) plus the item itself. A batch may hold up to 50 items, but only
 * items without photos fit many to a request: the device sends items with photos one per request.
 */
export const FEEDBACK_BODY_LIMIT_BYTES = MAX_PHOTOS * PHOTO_DATA_MAX_LENGTH + 256 * 1024

// Sanity for whoever changes the photo limits: the body must still hold one full item.
if (FEEDBACK_BODY_LIMIT_BYTES < MAX_PHOTOS * MAX_PHOTO_BYTES) throw new Error('FEEDBACK_BODY_LIMIT_BYTES cannot hold one item with its photos')

/** The rules a new item is routed and timed by: as an administrator last saved them (see staff-settings.ts). */
async function currentRules(store: Env['Variables']['store']): Promise<FeedbackRules> {
  const [catalog, settings] = await Promise.all([store.catalog(), currentFeedbackSettings(store)])
  return { catalog, routing: settings.routing_rules, deadlines: settings.deadlines, calendar: settings.calendar }
}

const issue = (index: number, code: string, field: string, message: string) => ({
  code,
  path: `items.${index}.${field}`,
  message: `items.${index}.${field}: ${message}`,
})

export const feedback = new Hono<Env>().post(
  '/',
  rateLimit('feedback'),
  limitBody(() => FEEDBACK_BODY_LIMIT_BYTES),
  validate('json', FeedbackBatch),
  async (c) => {
    const { store } = c.var
    const { items } = c.req.valid('json')
    const receivedAt = Date.now()
    const rules = await currentRules(store)

    const results: FeedbackItemResult[] = []
    const valid: { index: number; item: NewFeedback }[] = []
    // One item after the other: an item's photos are decoded in sharp's threads, and a request holds one
    // item with photos at most (the device sends them one per request).
    for (const [index, raw] of items.entries()) {
      const prepared: PreparedFeedback = await prepareFeedback(raw, index, rules, receivedAt)
      if (prepared.ok) valid.push({ index, item: prepared.value })
      else results[index] = { index, id: prepared.id, status: 'invalid', trackingCode: prepared.trackingCode, error: prepared.error }
    }
    let stored
    try {
      stored = await store.feedback.insert(valid.map((v) => v.item))
    } catch (error) {
      // The message only: an item's content (personal data) must never reach the log.
      console.error('storing feedback failed:', error instanceof Error ? error.message : 'unknown error')
      c.header('Retry-After', '5')
      return apiError(c, 503, 'unavailable', 'Could not store the feedback; nothing was stored, retry later')
    }
    valid.forEach(({ index, item }, i) => {
      const { status, trackingCode } = stored[i]!
      if (status === 'tracking_code_taken') {
        results[index] = {
          index,
          id: item.id,
          status: 'conflict',
          trackingCode,
          error: issue(index, 'tracking_code_taken', 'trackingCode', 'is already held by another item: make a new code and send the item again'),
        }
      } else if (status === 'conflict') {
        results[index] = { index, id: item.id, status, trackingCode, error: issue(index, 'conflict', 'id', 'already stored with different content') }
      } else {
        results[index] = { index, id: item.id, status, trackingCode }
      }
    })
    return c.json<FeedbackBatchResult>({ results }, 200)
  },
)
