import { Hono } from 'hono'
import { meOf } from '../auth/accounts'
import { requireCsrf } from '../auth/csrf'
import { requireStaff } from '../auth/guards'
import type { Env } from '../env'
import { staffAdmin } from './staff-admin'
import { staffDashboard } from './staff-dashboard'
import { staffExports } from './staff-exports'
import { staffFeedback } from './staff-feedback'
import { staffKiosks } from './staff-kiosks'
import { staffIntake } from './staff-intake'
import { staffPosters } from './staff-posters'
import { staffReports } from './staff-reports'
import { staffSettings } from './staff-settings'
import { staffNotifications } from './staff-notifications'

/**
 * Everything for staff lives under /api/staff: a session for every request, and the CSRF check for every
 * unsafe one, applied here once so that no later endpoint can forget them.
 */
export const staff = new Hono<Env>()
  .use(requireStaff)
  .use(requireCsrf)
  .get('/me', (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json(meOf(c.var.staff, c.var.session), 200)
  })
  .route('/settings', staffSettings)
  .route('/posters', staffPosters)
  .route('/feedback', staffFeedback)
  .route('/exports', staffExports)
  .route('/admin', staffAdmin)
  .route('/reports', staffReports)
  .route('/dashboard', staffDashboard)
  .route('/kiosks', staffKiosks)
  .route('/intake', staffIntake)
  .route('/notifications', staffNotifications)
