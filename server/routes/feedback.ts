import { type Context, Hono } from 'hono'
import { FeedbackBatch, MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_DATA_MAX_LENGTH, type FeedbackBatchResult, type FeedbackItemResult } from '../../shared/feedback'
import { prepareFeedback, type PreparedFeedback } from '../domain/prepare-feedback'
import type { Env } from '../env'
import { clientKey } from '../auth/request-info'
import type { Config } from '../config'
import { type QuotaRefusal, UploadQuotas } from '../domain/upload-quotas'
import { limitBody } from '../middleware/body-limit'
import { heavyBodySlots } from '../middleware/heavy-bodies'
import { apiError } from '../middleware/errors'
import { rateLimit } from '../middleware/rate-limit'
import { validate } from '../middleware/validate'
import { currentFeedbackRules } from '../domain/feedback-settings'
import { type Bucket, secondsUntil } from '../store/allowance-store'
import type { NewFeedback } from '../store/feedback-store'
import { TRACK_LOOKUPS_PER_MINUTE } from './track'

/**
 * Largest body of POST /api/feedback, whatever BODY_LIMIT_BYTES says: one item with its three photos at
 * their largest in base64 (3 × 2.8 MB) plus the item itself. A batch may hold up to 50 items, but only
 * items without photos fit many to a request: the device sends items with photos one per request.
 */
export const FEEDBACK_BODY_LIMIT_BYTES = MAX_PHOTOS * PHOTO_DATA_MAX_LENGTH + 256 * 1024

// Sanity for whoever changes the photo limits: the body must still hold one full item.
if (FEEDBACK_BODY_LIMIT_BYTES < MAX_PHOTOS * MAX_PHOTO_BYTES) throw new Error('FEEDBACK_BODY_LIMIT_BYTES cannot hold one item with its photos')

/**
 * Bodies with photos handled at once: four (two being read while two decode, a photo a core), and one per
 * client — the device sends its items with photos one at a time — so that one address holds one core at most.
 */
const photoBodies = heavyBodySlots({ total: 4, perClient: 1 })

const issue = (index: number, code: string, field: string, message: string) => ({
  code,
  path: `items.${index}.${field}`,
  message: `items.${index}.${field}: ${message}`,
})

interface Guards {
  quotas: UploadQuotas
  /**
   * Answers `tracking_code_taken` an address may receive, at the tracking page's rate: otherwise a batch of
   * 50 items would test 50 codes at once, a faster way to find live codes than the tracking page.
   */
  codeGuesses: Bucket
}

// Kept per app (by its config): the buckets' sizes, and the free-disk reading of UploadQuotas. What the
// buckets hold is the store's (store.allowances), shared by every instance on one database.
const guardsByApp = new WeakMap<Config, Guards>()
function guardsOf(config: Config): Guards {
  let guards = guardsByApp.get(config)
  if (!guards) {
    const codeGuesses = { name: 'tracking-code-taken', capacity: Math.min(TRACK_LOOKUPS_PER_MINUTE, config.RATE_LIMIT_PER_MINUTE), periodMs: 60_000 }
    guards = { quotas: new UploadQuotas(config), codeGuesses }
    guardsByApp.set(config, guards)
  }
  return guards
}

function refuse(c: Context<Env>, refusal: QuotaRefusal) {
  c.header('Retry-After', String(refusal.retryAfter))
  return apiError(c, refusal.status, refusal.code, refusal.message)
}

const hasPhotos = (item: unknown) => {
  const photos = typeof item === 'object' && item !== null ? (item as { photos?: unknown }).photos : undefined
  return Array.isArray(photos) && photos.length > 0
}

/** What an item costs the storage: its photos and its text. */
const storedBytes = (item: NewFeedback) => item.photos.reduce((sum, p) => sum + p.bytes.length, 0) + Buffer.byteLength(item.description)

export const feedback = new Hono<Env>().post(
  '/',
  rateLimit('feedback'),
  // Checked before the body is read: an address over its quota costs nothing more.
  async (c, next) => {
    const guards = guardsOf(c.get('config'))
    const { allowances } = c.get('store')
    const client = clientKey(c)
    const now = Date.now()
    const [refusal, [guesses]] = await Promise.all([guards.quotas.beforeUpload(allowances, client, now), allowances.available([{ bucket: guards.codeGuesses, key: client }], now)])
    if (refusal) {
      c.header('Connection', 'close')
      return refuse(c, refusal)
    }
    if (guesses! < 1) {
      const retryAfter = secondsUntil(guards.codeGuesses, guesses!, 1)
      c.header('Retry-After', String(retryAfter))
      return apiError(c, 429, 'rate_limited', `Too many tracking codes already taken; retry in ${retryAfter} s`)
    }
    await next()
  },
  photoBodies,
  limitBody(() => FEEDBACK_BODY_LIMIT_BYTES),
  validate('json', FeedbackBatch),
  async (c) => {
    const { store } = c.var
    const { items } = c.req.valid('json')
    const guards = guardsOf(c.get('config'))
    const photosRefused = items.some(hasPhotos) ? guards.quotas.beforePhotos() : undefined
    if (photosRefused) return refuse(c, photosRefused)
    const receivedAt = Date.now()
    const rules = await currentFeedbackRules(store)

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
    const client = clientKey(c)
    const kept = valid.filter((_, i) => stored[i]!.status === 'stored').map((v) => v.item)
    const taken = stored.filter((r) => r.status === 'tracking_code_taken').length
    const spends = [...guards.quotas.spends(client, kept.reduce((sum, item) => sum + storedBytes(item), 0), kept.length), { bucket: guards.codeGuesses, key: client, amount: taken }]
    // The items are stored whatever happens here: a failure costs an allowance, never the answer.
    await store.allowances.spend(spends, Date.now()).catch((error: unknown) => console.error('spending upload allowances failed:', error instanceof Error ? error.message : 'unknown error'))
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
