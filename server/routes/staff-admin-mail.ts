import { Hono } from 'hono'
import * as v from 'valibot'
import { type MailStatus, StaffEmail } from '../../shared/notifications'
import { requireRole, type StaffEnv } from '../auth/guards'
import { mailConfigured } from '../domain/mailer'
import type { Env } from '../env'
import { bodyLimit } from '../middleware/body-limit'
import { validate } from '../middleware/validate'
import { actorOf, refusalAnswer } from './staff-admin-errors'

const IdParam = v.object({ id: v.pipe(v.string(), v.regex(/^[1-9]\d{0,9}$/, 'must be an account id'), v.transform(Number)) })

/**
 * E-mail (administrators): whether a mail server is configured (without one nothing is sent, and the page
 * says so), the queue, and each staff account's address for the daily digest. The mail server itself is set
 * by environment variables only (server/config.ts): its password never passes through the API.
 */
export const staffAdminMail = new Hono<Env & StaffEnv>()
  .use(requireRole('admin'))
  .get('/', async (c) => {
    const config = c.var.config
    const configured = mailConfigured(config)
    const [queue, emails, accounts] = await Promise.all([c.var.store.notifications.mailCounts(), c.var.store.notifications.emails(), c.var.store.staff.list()])
    c.header('Cache-Control', 'no-store')
    return c.json<MailStatus>(
      {
        configured,
        from: configured ? (config.SMTP_FROM ?? null) : null,
        digestTime: configured && config.MAIL_DIGEST_TIME !== 'off' ? config.MAIL_DIGEST_TIME : null,
        queue,
        accounts: accounts.map((a) => ({ id: a.id, username: a.username, displayName: a.displayName, role: a.role, active: a.active, email: emails.get(a.id) ?? null })),
      },
      200,
    )
  })
  .put('/accounts/:id', bodyLimit, validate('param', IdParam), validate('json', StaffEmail), async (c) => {
    const { id } = c.req.valid('param')
    const { email } = c.req.valid('json')
    const saved = await c.var.store.notifications.setEmail(id, email === null || email === '' ? null : email, actorOf(c))
    if (!saved.ok) return refusalAnswer(c, saved, `account ${id}`, 'id')
    return c.json(saved.value, 200)
  })
