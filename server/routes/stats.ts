import { Hono } from 'hono'
import { StatsQuery } from '../../shared/stats'
import type { Env } from '../env'
import { validate } from '../middleware/validate'

export const stats = new Hono<Env>().get('/satisfaction', validate('query', StatsQuery), async (c) =>
  c.json(await c.var.store.satisfaction(c.req.valid('query'))),
)
