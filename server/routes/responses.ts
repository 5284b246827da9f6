import { type Context, Hono } from 'hono'
import { type Channel, DEFAULT_CHANNEL } from '../../shared/channels'
import type { BatchResult, ItemResult } from '../../shared/response'
import { ResponseBatch } from '../../shared/response'
import { prepareResponse } from '../domain/prepare-response'
import { queueStoredResponses } from '../domain/webhooks'
import type { PreparedResponse } from '../store/prepared-response'
import type { Env } from '../env'
import { bodyLimit } from '../middleware/body-limit'
import { apiError } from '../middleware/errors'
import { rateLimit } from '../middleware/rate-limit'
import { validate } from '../middleware/validate'

/**
 * Stores a batch of ratings that came through `channel` and answers with each item's result. A kiosk's batch
 * names its device's counter (`onlyCounter`): an item for another counter is refused, not stored elsewhere.
 */
export async function answerResponseBatch<E extends Env>(c: Context<E>, items: readonly unknown[], channel: Channel, onlyCounter?: string) {
  // c.get, not c.var: Hono builds a new object of all the variables on every read of c.var.
  const store = c.get('store')
  const receivedAt = Date.now()
  const catalog = await store.catalog()
  const questionnaires = new Map<string, Awaited<ReturnType<typeof store.questionnaire>>>()
  for (const raw of items) {
    const q = (raw as { questionnaire?: { key?: unknown; version?: unknown } } | null)?.questionnaire
    if (typeof q?.key === 'string' && typeof q.version === 'number') {
      // Once per version named, not once per item: a batch of 500 mostly names one.
      const key = `${q.key}@${q.version}`
      if (!questionnaires.has(key)) questionnaires.set(key, await store.questionnaire(q.key, q.version))
    }
  }
  const lookup = {
    catalog,
    // A method, not an arrow: tsx names every arrow it makes, a defineProperty on each request.
    questionnaire(key: string, version: number) {
      return questionnaires.get(`${key}@${version}`)
    },
  }

  // Loops rather than forEach/map, for the same reason.
  const results: ItemResult[] = []
  const valid: PreparedResponse[] = []
  const validIndexes: number[] = []
  for (let index = 0; index < items.length; index++) {
    const prepared = prepareResponse(items[index], index, lookup, receivedAt, channel)
    if (prepared.ok && onlyCounter !== undefined && prepared.value.counterCode !== onlyCounter) {
      const path = `responses.${index}.counter`
      results[index] = { index, id: prepared.value.id, status: 'invalid', error: { code: 'invalid', path, message: `${path}: this kiosk is set up for counter ${onlyCounter}` } }
    } else if (prepared.ok) {
      valid.push(prepared.value)
      validIndexes.push(index)
    } else {
      results[index] = { index, id: prepared.id, status: 'invalid', error: prepared.error }
    }
  }
  let statuses
  try {
    statuses = await store.insertResponses(valid)
  } catch (error) {
    console.error('storing responses failed:', error instanceof Error ? error.message : error)
    c.header('Retry-After', '5')
    return apiError(c, 503, 'unavailable', 'Could not store the responses; nothing was stored, retry later')
  }
  try {
    await queueStoredResponses(store, valid, statuses, receivedAt)
  } catch (error) {
    // Stored, but their webhook not queued: the device sends the batch again, and its duplicates are queued then.
    console.error('queueing response webhooks failed:', error instanceof Error ? error.message : error)
    c.header('Retry-After', '5')
    return apiError(c, 503, 'unavailable', 'Could not finish storing the responses; send them again later')
  }
  for (let i = 0; i < valid.length; i++) {
    const index = validIndexes[i]!
    const status = statuses[i]!
    const result: ItemResult = { index, id: valid[i]!.id, status }
    if (status === 'conflict') {
      result.error = { code: 'conflict', path: `responses.${index}.id`, message: `responses.${index}.id: already stored with different content` }
    } else if (status === 'dossier_already_rated') {
      result.error = { code: 'dossier_already_rated', path: `responses.${index}.dossier`, message: `responses.${index}.dossier: this dossier has already been evaluated` }
    }
    results[index] = result
  }
  return c.json<BatchResult>({ results }, 200)
}

export const responses = new Hono<Env>().post('/', rateLimit('responses'), bodyLimit, validate('json', ResponseBatch), (c) =>
  answerResponseBatch(c, c.req.valid('json').responses, DEFAULT_CHANNEL),
)
