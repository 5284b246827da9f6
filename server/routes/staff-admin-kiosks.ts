import { Hono } from 'hono'
import * as v from 'valibot'
import { KioskDeviceIn, type KioskDeviceCreated, kioskSetupPath } from '../../shared/kiosk'
import { requireRole, type StaffEnv } from '../auth/guards'
import { generateKioskToken, hashKioskToken, kioskDeviceJson } from '../domain/kiosk'
import type { Env } from '../env'
import { bodyLimit } from '../middleware/body-limit'
import { validate } from '../middleware/validate'
import { actorOf, refusalAnswer } from './staff-admin-errors'

const IdParam = v.object({ id: v.pipe(v.string(), v.regex(/^[1-9]\d{0,14}$/, 'must be a device id'), v.transform(Number)) })

/**
 * Kiosk devices (administrators): list, issue (the token and its set-up link are in this one answer, never
 * again: only the token's SHA-256 is stored), revoke. Kiosk mode is on for a counter while it has a device in
 * force. Each change is audited (entity kiosk_device); devices are never deleted.
 */
export const staffAdminKiosks = new Hono<Env & StaffEnv>()
  .use(requireRole('admin'))
  .get('/', async (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json({ devices: (await c.var.store.kiosks.devices()).map(kioskDeviceJson) }, 200)
  })
  .post('/', bodyLimit, validate('json', KioskDeviceIn), async (c) => {
    const input = c.req.valid('json')
    const token = generateKioskToken()
    const created = await c.var.store.kiosks.createDevice({ ...input, tokenHash: hashKioskToken(token) }, actorOf(c))
    if (!created.ok) return refusalAnswer(c, created, `counter ${input.counter}`, 'counter')
    c.header('Cache-Control', 'no-store')
    return c.json<KioskDeviceCreated>({ token, setupPath: kioskSetupPath(input.counter, token), info: kioskDeviceJson(created.value) }, 201)
  })
  .post('/:id/revoke', validate('param', IdParam), async (c) => {
    const { id } = c.req.valid('param')
    const revoked = await c.var.store.kiosks.revokeDevice(id, actorOf(c))
    if (!revoked.ok) return refusalAnswer(c, revoked, `kiosk device ${id}`, 'id')
    return c.json(kioskDeviceJson(revoked.value), 200)
  })
