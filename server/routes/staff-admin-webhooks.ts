import { randomBytes } from 'node:crypto'
import { Hono } from 'hono'
import * as v from 'valibot'
import type { CreatedWebhook, Webhook, WebhookDelivery } from '../../shared/webhooks'
import { WebhookCreate, WebhookUpdate } from '../../shared/webhooks'
import { requireRole, type StaffEnv } from '../auth/guards'
import { webhookUrlProblem } from '../domain/webhook-target'
import { forgetSubscriptions } from '../domain/webhooks'
import type { Env } from '../env'
import { bodyLimit } from '../middleware/body-limit'
import { apiError } from '../middleware/errors'
import { validate } from '../middleware/validate'
import type { DeliveryRecord, HookRecord } from '../store/webhook-store'
import { actorOf, refusalAnswer } from './staff-admin-errors'

const IdParam = v.object({ id: v.pipe(v.string(), v.regex(/^[1-9]\d{0,9}$/, 'must be a webhook id'), v.transform(Number)) })
const DeliveryParam = v.object({
  id: v.pipe(v.string(), v.regex(/^[1-9]\d{0,9}$/, 'must be a webhook id'), v.transform(Number)),
  delivery: v.pipe(v.string(), v.regex(/^[0-9a-f]{32}$/, 'must be a delivery id')),
})
/** The recent deliveries a hook's page shows. */
const DELIVERIES_SHOWN = 50

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
const hookJson = (h: HookRecord): Webhook => ({ ...h, createdAt: iso(h.createdAt)!, updatedAt: iso(h.updatedAt)! })
const deliveryJson = (d: DeliveryRecord): WebhookDelivery => ({
  ...d,
  createdAt: iso(d.createdAt)!,
  nextAt: iso(d.nextAt),
  lastAttemptAt: iso(d.lastAttemptAt),
  deliveredAt: iso(d.deliveredAt),
})

/**
 * Webhooks (administrators): register, change, disable and delete hooks, see each one's recent deliveries,
 * and send a failed one again. Every change is audited (entity `webhook`), never with the secret, which is
 * made here and shown once, in the answer to the creation.
 */
export const staffAdminWebhooks = new Hono<Env & StaffEnv>()
  .use(requireRole('admin'))
  .get('/', async (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json({ webhooks: (await c.var.store.webhooks.list()).map(hookJson) }, 200)
  })
  .post('/', bodyLimit, validate('json', WebhookCreate), async (c) => {
    const body = c.req.valid('json')
    const problem = webhookUrlProblem(body.url, c.var.config.WEBHOOK_ALLOW_PRIVATE)
    if (problem) return apiError(c, 400, 'invalid', problem, 'url')
    const secret = `whsec_${randomBytes(32).toString('hex')}`
    const created = await c.var.store.webhooks.create({ ...body, secret }, actorOf(c))
    forgetSubscriptions(c.var.store)
    c.header('Cache-Control', 'no-store')
    return c.json<CreatedWebhook>({ ...hookJson(created), secret }, 201)
  })
  .patch('/:id', bodyLimit, validate('param', IdParam), validate('json', WebhookUpdate), async (c) => {
    const { id } = c.req.valid('param')
    const changes = c.req.valid('json')
    const problem = changes.url === undefined ? undefined : webhookUrlProblem(changes.url, c.var.config.WEBHOOK_ALLOW_PRIVATE)
    if (problem) return apiError(c, 400, 'invalid', problem, 'url')
    const updated = await c.var.store.webhooks.update(id, changes, actorOf(c))
    forgetSubscriptions(c.var.store)
    if (!updated.ok) return refusalAnswer(c, updated, `webhook ${id}`, 'id')
    return c.json(hookJson(updated.value), 200)
  })
  .delete('/:id', validate('param', IdParam), async (c) => {
    const { id } = c.req.valid('param')
    const removed = await c.var.store.webhooks.remove(id, actorOf(c))
    forgetSubscriptions(c.var.store)
    if (!removed.ok) return refusalAnswer(c, removed, `webhook ${id}`, 'id')
    return c.body(null, 204)
  })
  .get('/:id/deliveries', validate('param', IdParam), async (c) => {
    const { id } = c.req.valid('param')
    c.header('Cache-Control', 'no-store')
    return c.json({ deliveries: (await c.var.store.webhooks.deliveries(id, DELIVERIES_SHOWN)).map(deliveryJson) }, 200)
  })
  .post('/:id/deliveries/:delivery/resend', validate('param', DeliveryParam), async (c) => {
    const { id, delivery } = c.req.valid('param')
    const resent = await c.var.store.webhooks.resend(id, delivery, actorOf(c))
    if (!resent.ok && resent.reason === 'invalid') return apiError(c, 409, 'not_failed', resent.message, 'delivery')
    if (!resent.ok) return refusalAnswer(c, resent, `delivery ${delivery} of webhook ${id}`, 'delivery')
    return c.json(deliveryJson(resent.value), 200)
  })
