import { Hono } from 'hono'
import type { BatchResult, ItemResult } from '../../shared/response'
import { ResponseBatch } from '../../shared/response'
import { prepareResponse, type PreparedResponse } from '../domain/prepare-response'
import type { Env } from '../env'
import { bodyLimit } from '../middleware/body-limit'
import { apiError } from '../middleware/errors'
import { rateLimit } from '../middleware/rate-limit'
import { validate } from '../middleware/validate'

export const responses = new Hono<Env>().post('/', rateLimit('responses'), bodyLimit, validate('json', ResponseBatch), async (c) => {
  const { store } = c.var
  const { responses: items } = c.req.valid('json')
  const receivedAt = Date.now()
  const catalog = await store.catalog()
  const questionnaires = new Map<string, Awaited<ReturnType<typeof store.questionnaire>>>()
  for (const raw of items) {
    const q = (raw as { questionnaire?: { key?: unknown; version?: unknown } } | null)?.questionnaire
    if (typeof q?.key === 'string' && typeof q.version === 'number') {
      questionnaires.set(`${q.key}@${q.version}`, await store.questionnaire(q.key, q.version))
    }
  }
  const lookup = { catalog, questionnaire: (key: string, version: number) => questionnaires.get(`${key}@${version}`) }

  const results: ItemResult[] = []
  const valid: { index: number; item: PreparedResponse }[] = []
  items.forEach((raw, index) => {
    const prepared = prepareResponse(raw, index, lookup, receivedAt)
    if (prepared.ok) valid.push({ index, item: prepared.value })
    else results[index] = { index, id: prepared.id, status: 'invalid', error: prepared.error }
  })
  let statuses
  try {
    statuses = await store.insertResponses(valid.map((v) => v.item))
  } catch (error) {
    console.error('storing responses failed:', error instanceof Error ? error.message : error)
    c.header('Retry-After', '5')
    return apiError(c, 503, 'unavailable', 'Could not store the responses; nothing was stored, retry later')
  }
  valid.forEach(({ index, item }, i) => {
    const status = statuses[i]!
    results[index] = { index, id: item.id, status }
    if (status === 'conflict') {
      results[index].error = { code: 'conflict', path: `responses.${index}.id`, message: `responses.${index}.id: already stored with different content` }
    } else if (status === 'dossier_already_rated') {
      results[index].error = { code: 'dossier_already_rated', path: `responses.${index}.dossier`, message: `responses.${index}.dossier: this dossier has already been evaluated` }
    }
  })
  return c.json<BatchResult>({ results }, 200)
})
