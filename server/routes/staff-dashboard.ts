import { Hono } from 'hono'
import { DashboardQuery } from '../../shared/dashboard'
import { FIGURE_READERS } from '../../shared/staff'
import { requireRole, type StaffEnv, unitInScope } from '../auth/guards'
import { buildDashboard } from '../domain/dashboard'
import { unitViewer } from '../domain/feedback-access'
import { feedbackSummary } from '../domain/feedback-summary'
import type { Env } from '../env'
import { validate } from '../middleware/validate'

/**
 * The leadership dashboard's data in one answer. Leadership, the inspectorate and administrators see the
 * department; a unit head sees their own unit (the unit filter is set for them, another unit is refused).
 */
export const staffDashboard = new Hono<Env & StaffEnv>().get(
  '/',
  requireRole(...FIGURE_READERS),
  validate('query', DashboardQuery),
  async (c) => {
    const { store } = c.var
    const query = c.req.valid('query')
    const scope = await unitInScope(c, query.unit, 'dashboard')
    if (!scope.ok) return scope.response
    query.unit = scope.unit
    // Feedback figures follow the unit and channel filters; counters and procedures filter the ratings only.
    const summary = await feedbackSummary(store, unitViewer(query.unit), { from: query.from, to: query.to }, c.var.auth.now(), query.channel)
    c.header('Cache-Control', 'private, no-store')
    return c.json(await buildDashboard(store, query, summary), 200)
  },
)
