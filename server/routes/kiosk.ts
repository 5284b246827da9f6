import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import * as v from 'valibot'
import { Code } from '../../shared/catalog'
import { type KioskDeviceCheck, KioskHeartbeat } from '../../shared/kiosk'
import { ResponseBatch } from '../../shared/response'
import type { AuthEnv } from '../auth/context'
import { authenticateKiosk } from '../domain/kiosk'
import { bodyLimit } from '../middleware/body-limit'
import { apiError } from '../middleware/errors'
import { rateLimit } from '../middleware/rate-limit'
import { validate } from '../middleware/validate'
import { answerResponseBatch } from './responses'

type KioskEnv = { Variables: AuthEnv['Variables'] & { kioskDevice: { id: number; counter: string; name: string } } }


/**
 * The device behind `Authorization: Bearer <token>`, for the counter in the path; otherwise the 401 or 403
 * the tablet shows (keeping its ratings queued). Checked before the body is read.
 */
const requireKioskDevice = createMiddleware<KioskEnv>(async (c, next) => {
  const counter = c.req.param('counter') ?? ''
  if (!v.is(Code, counter)) return apiError(c, 400, 'invalid', 'counter: may only hold letters, digits, dot, dash and underscore', 'counter')
  const auth = await authenticateKiosk(c.get('store'), c.req.header('authorization'), counter)
  if (!auth.ok) return apiError(c, auth.status, auth.code, auth.message, 'authorization')
  c.set('kioskDevice', auth.device)
  await next()
})

/**
 * What a counter's tablet calls (README "Kiosk set-up"): a check of its token when it is set up; its ratings,
 * stored with channel `kiosk` by the same code as the public form's; its heartbeat. Not under /api/staff: no
 * session, no CSRF (a browser never sends a bearer token on its own).
 */
export const kiosk = new Hono<KioskEnv>()
  .use('/:counter/*', requireKioskDevice)
  .get('/:counter/device', (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json<KioskDeviceCheck>(c.var.kioskDevice, 200)
  })
  .post('/:counter/responses', rateLimit('responses'), bodyLimit, validate('json', ResponseBatch), (c) =>
    answerResponseBatch(c, c.req.valid('json').responses, 'kiosk', c.var.kioskDevice.counter),
  )
  .post('/:counter/heartbeat', rateLimit('kiosk-heartbeat'), bodyLimit, validate('json', KioskHeartbeat), async (c) => {
    await c.var.store.kiosks.recordHeartbeat(c.var.kioskDevice.id, { ...c.req.valid('json'), at: c.var.auth.now() })
    return c.body(null, 204)
  })
