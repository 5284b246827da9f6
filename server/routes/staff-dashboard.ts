import { Hono } from 'hono'
import { DashboardQuery } from '../../shared/dashboard'
import { refuse } from '../auth/audit'
import { requireRole, type StaffEnv } from '../auth/guards'
import { buildDashboard } from '../domain/dashboard'
import { feedbackSummary } from '../domain/feedback-summary'
import type { Env } from '../env'
import { validate } from '../middleware/validate'

/**
 * The leadership dashboard's data in one answer. Leadership, the inspectorate and administrators see the
 * department; a unit head sees their own unit (the unit filter is set for them, another unit is refused).
 */
export const staffDashboard = new Hono<Env & StaffEnv>().get(
  '/',
  requireRole('leadership', 'inspector', 'admin', 'unit_head'),
  validate('query', DashboardQuery),
  async (c) => {
    const { staff, store } = c.var
    const query = c.req.valid('query')
    if (staff.role === 'unit_head') {
      if (query.unit !== undefined && query.unit !== staff.unitCode) {
        return refuse(c, 403, 'forbidden', 'unit: a unit head sees only their own unit', 'dashboard of another unit', staff.id)
      }
      query.unit = staff.unitCode ?? undefined
    }
    // Feedback figures follow the unit filter; counters and procedures filter the ratings only.
    const viewer = query.unit === undefined ? { role: 'leadership' as const, unitCode: null } : { role: 'unit_head' as const, unitCode: query.unit }
    const summary = await feedbackSummary(store, viewer, { from: query.from, to: query.to }, c.var.auth.now())
    c.header('Cache-Control', 'private, no-store')
    return c.json(await buildDashboard(store, query, summary), 200)
  },
)
