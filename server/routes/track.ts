import { Hono } from 'hono'
import type { PublicTracking } from '../../shared/feedback'
import { normaliseTrackingCode } from '../../shared/tracking-code'
import type { Env } from '../env'
import { apiError } from '../middleware/errors'
import { rateLimit } from '../middleware/rate-limit'

/**
 * Lookups a minute per client address: a citizen checks a code or two, a walk through other people's
 * codes needs millions (see shared/tracking-code.ts). Never more than the public write limit.
 */
export const TRACK_LOOKUPS_PER_MINUTE = 10

// Looked up when the typed code is not a valid one, so that a bad checksum costs the same query as an
// unknown code: no answer time tells them apart. Not a valid code, so it can never match a row.
const NO_SUCH_CODE = '0000-0000-000'

const iso = (ms: number) => new Date(ms).toISOString()

export const track = new Hono<Env>().get(
  '/:code',
  rateLimit('track', (config) => Math.min(TRACK_LOOKUPS_PER_MINUTE, config.RATE_LIMIT_PER_MINUTE)),
  async (c) => {
    const { store } = c.var
    const typed = c.req.param('code')
    const code = typed.length <= 40 ? normaliseTrackingCode(typed) : null
    const item = await store.feedback.findByTrackingCode(code ?? NO_SUCH_CODE)
    // One answer for every miss, whatever was wrong with the code.
    if (code === null || item === undefined) return apiError(c, 404, 'not_found', 'No item has this tracking code')
    const unit = item.unitCode === null ? undefined : (await store.catalog()).units.find((u) => u.code === item.unitCode)
    c.header('Cache-Control', 'no-store')
    return c.json<PublicTracking>({
      trackingCode: item.trackingCode,
      status: item.status,
      category: item.category,
      unit: unit ? { code: unit.code, name: unit.name } : item.unitCode === null ? null : { code: item.unitCode, name: { vi: item.unitCode, en: item.unitCode } },
      receivedAt: iso(item.receivedAt),
      deadline: iso(item.resolveBy),
      publicAnswer: item.publicAnswer,
      answeredAt: item.answeredAt === null ? null : iso(item.answeredAt),
      history: item.history.map((e) => ({ at: iso(e.at), action: e.action, status: e.status, note: e.note })),
    })
  },
)
