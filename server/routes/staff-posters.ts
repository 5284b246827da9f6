import { Hono } from 'hono'
import * as v from 'valibot'
import { Code } from '../../shared/catalog'
import { requireRole, type StaffEnv } from '../auth/guards'
import type { Env } from '../env'
import { apiError } from '../middleware/errors'
import { validate } from '../middleware/validate'
import { counterUrl, POSTER_SIZES, posterPage } from '../pages/poster'

/** `scheme://host[:port]` and nothing else, as `URL.origin` writes it. */
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value)
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value
  } catch {
    return false
  }
}

const PosterQuery = v.strictObject({
  /** One counter's poster; all active counters, one a page, without it. */
  counter: v.optional(Code),
  size: v.optional(v.picklist(POSTER_SIZES, 'must be a4 or a5'), 'a4'),
  /** The origin the administrator's browser shows (the page that opens the poster sends it); ignored with PUBLIC_URL. */
  origin: v.optional(v.pipe(v.string(), v.check(isOrigin, 'must be an origin such as https://hailong.example.gov.vn'))),
})

/**
 * Printable QR posters (administrators). The QR code holds only `<PUBLIC_URL>/q/<counter code>`, a URL every
 * version of the app keeps serving, so a printed poster never needs reprinting after an update. Without
 * PUBLIC_URL it holds the origin the administrator's own browser shows, which the administration page sends
 * along, never the request's Host header: whoever sends a request chooses that, and a proxy may rewrite it.
 */
export const staffPosters = new Hono<Env & StaffEnv>()
  .use(requireRole('admin'))
  .get('/', validate('query', PosterQuery), async (c) => {
    const { counter, size, origin: shown } = c.req.valid('query')
    const origin = c.var.config.PUBLIC_URL ?? shown
    if (origin === undefined) {
      return apiError(c, 400, 'invalid', 'origin: PUBLIC_URL is not set; open the poster from the administration page, which sends the address your browser shows', 'origin')
    }
    const catalog = await c.var.store.catalog()
    const counters = counter === undefined ? catalog.counters : catalog.counters.filter((x) => x.code === counter)
    if (counters.length === 0) {
      return counter === undefined
        ? apiError(c, 404, 'not_found', 'The catalog has no counters yet')
        : apiError(c, 404, 'not_found', `counter: no active counter has the code ${counter}`, 'counter')
    }
    c.header('Cache-Control', 'no-store')
    return c.html(await posterPage(counters.map((x) => ({ agency: catalog.agency, counter: x, url: counterUrl(origin, x.code) })), size))
  })
  /** Whether PUBLIC_URL is set: the administration page says so beside the poster buttons when it is not. */
  .get('/public-url', (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json({ publicUrl: c.var.config.PUBLIC_URL ?? null }, 200)
  })
