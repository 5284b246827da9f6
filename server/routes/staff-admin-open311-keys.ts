import { Hono } from 'hono'
import * as v from 'valibot'
import { Open311KeyIn, type Open311KeyCreated, type Open311KeyInfo } from '../../shared/open311'
import { requireRole, type StaffEnv } from '../auth/guards'
import { createOpen311Key } from '../domain/open311'
import type { Env } from '../env'
import { bodyLimit } from '../middleware/body-limit'
import { validate } from '../middleware/validate'
import type { Open311KeyRecord } from '../store/open311-store'
import { actorOf, refusalAnswer } from './staff-admin-errors'

const IdParam = v.object({ id: v.pipe(v.string(), v.regex(/^[1-9]\d{0,14}$/, 'must be a key id'), v.transform(Number)) })

const keyJson = (k: Open311KeyRecord): Open311KeyInfo => ({
  id: k.id,
  name: k.name,
  createdAt: new Date(k.createdAt).toISOString(),
  createdBy: k.createdBy?.displayName ?? null,
  revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString(),
})

/**
 * Open311 API keys (administrators): list, create (the key is in this one answer, never again: only its
 * SHA-256 is stored), revoke. Each change is audited (entity open311_key). Keys are never deleted.
 */
export const staffAdminOpen311Keys = new Hono<Env & StaffEnv>()
  .use(requireRole('admin'))
  .get('/', async (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json({ keys: (await c.var.store.open311.keys()).map(keyJson) }, 200)
  })
  .post('/', bodyLimit, validate('json', Open311KeyIn), async (c) => {
    const { key, record } = await createOpen311Key(c.var.store, c.req.valid('json').name, actorOf(c))
    c.header('Cache-Control', 'no-store')
    return c.json<Open311KeyCreated>({ key, info: keyJson(record) }, 201)
  })
  .post('/:id/revoke', validate('param', IdParam), async (c) => {
    const { id } = c.req.valid('param')
    const revoked = await c.var.store.open311.revokeKey(id, actorOf(c))
    if (!revoked.ok) return refusalAnswer(c, revoked, `Open311 key ${id}`, 'id')
    return c.json(keyJson(revoked.value), 200)
  })
