import { Hono } from 'hono'
import { MarkRead, NOTIFIED_ROLES, type NotificationList } from '../../shared/notifications'
import { requireRole, type StaffEnv } from '../auth/guards'
import { visibleNotifications } from '../domain/notifications'
import type { Env } from '../env'
import { bodyLimit } from '../middleware/body-limit'
import { validate } from '../middleware/validate'

/**
 * The signed-in officer's own notifications (README "Notifications and e-mail (SMTP)"): the list behind the
 * staff menu's badge, and marking them read. Only the roles that are told about items have any.
 */
export const staffNotifications = new Hono<Env & StaffEnv>()
  .use(requireRole(...NOTIFIED_ROLES))
  .get('/', async (c) => {
    const notifications = await visibleNotifications(c.var.store, c.var.staff)
    c.header('Cache-Control', 'no-store')
    return c.json<NotificationList>({ unread: notifications.filter((n) => n.readAt === null).length, notifications }, 200)
  })
  .post('/read', bodyLimit, validate('json', MarkRead), async (c) => {
    const body = c.req.valid('json')
    const changed = await c.var.store.notifications.markRead(c.var.staff.id, 'all' in body ? 'all' : body.ids, c.var.auth.now())
    return c.json({ read: changed }, 200)
  })
