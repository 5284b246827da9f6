import { createMiddleware } from 'hono/factory'
import type { SessionRecord, StaffAccount } from '../store/staff-store'
import { refuse } from './audit'
import type { AuthEnv } from './context'
import type { Role } from './roles'
import { checkSession, clearSessionCookie } from './session'

export { canSeeUnit } from './roles'

/** What a handler behind requireStaff can reach: the signed-in account and its session. */
export type StaffEnv = { Variables: AuthEnv['Variables'] & { staff: StaffAccount; session: SessionRecord } }

/** 401 without a valid session (no cookie, unknown, timed out, or the account deactivated). */
export const requireStaff = createMiddleware<StaffEnv>(async (c, next) => {
  const check = await checkSession(c)
  if (!check.ok) {
    // Drop a dead cookie so the browser stops sending it.
    if (check.reason !== 'no_session') clearSessionCookie(c)
    const expired = check.reason === 'idle_timeout' || check.reason === 'absolute_timeout'
    return expired
      ? refuse(c, 401, 'session_expired', 'The session has expired; sign in again', check.reason, check.staffId)
      : refuse(c, 401, 'unauthenticated', 'Sign in first', check.reason, check.staffId)
  }
  c.set('staff', check.staff)
  c.set('session', check.session)
  await next()
})

/** After requireStaff: 403 unless the account has one of the roles. */
export function requireRole(...roles: Role[]) {
  return createMiddleware<StaffEnv>(async (c, next) => {
    const { staff } = c.var
    if (!roles.includes(staff.role)) return refuse(c, 403, 'forbidden', 'Your role does not allow this', `role ${staff.role}`, staff.id)
    await next()
  })
}
