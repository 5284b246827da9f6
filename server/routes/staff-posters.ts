import { Hono } from 'hono'
import * as v from 'valibot'
import { Code } from '../../shared/catalog'
import { requireRole, type StaffEnv } from '../auth/guards'
import { publicOrigin } from '../auth/request-info'
import type { Env } from '../env'
import { apiError } from '../middleware/errors'
import { validate } from '../middleware/validate'
import { counterUrl, POSTER_SIZES, posterPage } from '../pages/poster'

const PosterQuery = v.strictObject({
  /** One counter's poster; all active counters, one a page, without it. */
  counter: v.optional(Code),
  size: v.optional(v.picklist(POSTER_SIZES, 'must be a4 or a5'), 'a4'),
})

/**
 * Printable QR posters (administrators). The QR code holds only `<PUBLIC_URL>/q/<counter code>`, a URL every
 * version of the app keeps serving, so a printed poster never needs reprinting after an update.
 */
export const staffPosters = new Hono<Env & StaffEnv>().get('/', requireRole('admin'), validate('query', PosterQuery), async (c) => {
  const { counter, size } = c.req.valid('query')
  const catalog = await c.var.store.catalog()
  const counters = counter === undefined ? catalog.counters : catalog.counters.filter((x) => x.code === counter)
  if (counters.length === 0) {
    return counter === undefined
      ? apiError(c, 404, 'not_found', 'The catalog has no counters yet')
      : apiError(c, 404, 'not_found', `counter: no active counter has the code ${counter}`, 'counter')
  }
  const origin = c.var.config.PUBLIC_URL ?? publicOrigin(c)
  c.header('Cache-Control', 'no-store')
  return c.html(await posterPage(counters.map((x) => ({ agency: catalog.agency, counter: x, url: counterUrl(origin, x.code) })), size))
})
