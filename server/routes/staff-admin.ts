import { Hono } from 'hono'
import type { StaffEnv } from '../auth/guards'
import type { Env } from '../env'
import { staffAdminAccounts } from './staff-admin-accounts'
import { staffAdminAudit } from './staff-admin-audit'
import { staffAdminCatalog } from './staff-admin-catalog'
import { staffAdminKiosks } from './staff-admin-kiosks'
import { staffAdminOpen311Keys } from './staff-admin-open311-keys'
import { staffAdminQuestionnaires } from './staff-admin-questionnaires'
import { staffAdminWebhooks } from './staff-admin-webhooks'
import { staffAdminMail } from './staff-admin-mail'

/**
 * Administration under /api/staff/admin: one sub-app per resource, each of which admits administrators only
 * (so that none depends on where it is mounted). Routing rules, deadlines and the calendar are the versioned
 * settings under /api/staff/settings.
 */
export const staffAdmin = new Hono<Env & StaffEnv>()
  .route('/catalog', staffAdminCatalog)
  .route('/questionnaires', staffAdminQuestionnaires)
  .route('/accounts', staffAdminAccounts)
  .route('/audit', staffAdminAudit)
  .route('/open311-keys', staffAdminOpen311Keys)
  .route('/webhooks', staffAdminWebhooks)
  .route('/kiosks', staffAdminKiosks)
  .route('/mail', staffAdminMail)
