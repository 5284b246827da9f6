import { Hono } from 'hono'
import { FIGURE_READERS } from '../../shared/staff'
import { StatsQuery } from '../../shared/stats'
import { requireRole, requireStaff, type StaffEnv, unitInScope } from '../auth/guards'
import type { Env } from '../env'
import { rateLimit } from '../middleware/rate-limit'
import { validate } from '../middleware/validate'

/**
 * The raw satisfaction figures (the dashboard's own request is /api/staff/dashboard; this one is documented
 * for other readers), for the roles that read the dashboard and with its scope: a day's figures for one
 * counter can name the citizen who rated, so they are not public. The rate limit comes first, so that probing
 * without a session is bounded too.
 */
export const stats = new Hono<Env & StaffEnv>().get(
  '/satisfaction',
  rateLimit('stats'),
  requireStaff,
  requireRole(...FIGURE_READERS),
  validate('query', StatsQuery),
  async (c) => {
    const query = c.req.valid('query')
    const scope = await unitInScope(c, query.unit, 'statistics')
    if (!scope.ok) return scope.response
    query.unit = scope.unit
    c.header('Cache-Control', 'private, no-store')
    return c.json(await c.var.store.satisfaction(query), 200)
  },
)
