import { Hono } from 'hono'
import { AuditQuery, type AuditPage } from '../../shared/admin'
import { requireRole, type StaffEnv } from '../auth/guards'
import type { Env } from '../env'
import { validate } from '../middleware/validate'

/**
 * The administration audit (administrators): every change to the catalog, the questionnaires and the staff
 * accounts, newest first, with its before and after. Read only: the table refuses updates and deletes.
 */
export const staffAdminAudit = new Hono<Env & StaffEnv>().use(requireRole('admin')).get('/', validate('query', AuditQuery), async (c) => {
  const query = c.req.valid('query')
  const events = await c.var.store.admin.audit(query)
  c.header('Cache-Control', 'no-store')
  const page: AuditPage = {
    events: events.map((e) => ({ ...e, at: new Date(e.at).toISOString() })),
    // The cursor of the next (older) page, when this one is full.
    next: events.length === query.limit ? events.at(-1)!.id : null,
  }
  return c.json(page, 200)
})
