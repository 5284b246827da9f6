import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { StaffRole } from '../../shared/staff'
import type { SessionRecord, StaffAccount } from '../store/staff-store'
import { refuse } from './audit'
import type { AuthEnv } from './context'
import { checkSession, clearSessionCookie } from './session'

export { canSeeUnit } from './roles'

/** What a handler behind requireStaff can reach: the signed-in account and its session. */
export type StaffEnv = { Variables: AuthEnv['Variables'] & { staff: StaffAccount; session: SessionRecord } }

/** `pending`: whether a session still waiting for its second factor is let through. */
function sessionGuard(pending: 'admit' | 'refuse') {
  return createMiddleware<StaffEnv>(async (c, next) => {
    const check = await checkSession(c)
    if (!check.ok) {
      // Drop a dead cookie so the browser stops sending it.
      if (check.reason !== 'no_session') clearSessionCookie(c)
      const expired = check.reason === 'idle_timeout' || check.reason === 'absolute_timeout'
      return expired
        ? refuse(c, 401, 'session_expired', 'The session has expired; sign in again', check.reason, check.staffId)
        : refuse(c, 401, 'unauthenticated', 'Sign in first', check.reason, check.staffId)
    }
    if (check.session.pendingSecondFactor && pending === 'refuse') {
      return refuse(c, 401, 'second_factor_required', 'Enter the code of your second factor first', 'second_factor_pending', check.staff.id)
    }
    c.set('staff', check.staff)
    c.set('session', check.session)
    await next()
  })
}

/**
 * 401 without a valid session (no cookie, unknown, timed out, or the account deactivated), and for a session
 * past the password only whose second factor is still to come (`second_factor_required`).
 */
export const requireStaff = sessionGuard('refuse')

/**
 * Any valid session, a pending one too: for the second-factor endpoints and sign-out only. Handlers behind
 * it read `session.pendingSecondFactor` before they give anything away.
 */
export const requireSession = sessionGuard('admit')

/**
 * After requireStaff, for figures that cover the department or one unit: the unit asked for (undefined for
 * the whole department). A unit head's figures are always their own unit's; another unit is refused, and so
 * is a unit head account without a unit. `what` names the figures in the message and the audit.
 */
export async function unitInScope(
  c: Context<StaffEnv>,
  requested: string | undefined,
  what: string,
): Promise<{ ok: true; unit: string | undefined } | { ok: false; response: Response }> {
  const { staff } = c.var
  if (staff.role !== 'unit_head') return { ok: true, unit: requested }
  if (staff.unitCode === null) {
    return { ok: false, response: await refuse(c, 403, 'forbidden', 'unit: this unit head account has no unit', `${what} without a unit`, staff.id) }
  }
  if (requested !== undefined && requested !== staff.unitCode) {
    return { ok: false, response: await refuse(c, 403, 'forbidden', `unit: a unit head sees only their own unit's ${what}`, `${what} of another unit`, staff.id) }
  }
  return { ok: true, unit: staff.unitCode }
}

/** After requireStaff: 403 unless the account has one of the roles. */
export function requireRole(...roles: StaffRole[]) {
  return createMiddleware<StaffEnv>(async (c, next) => {
    const { staff } = c.var
    if (!roles.includes(staff.role)) return refuse(c, 403, 'forbidden', 'Your role does not allow this', `role ${staff.role}`, staff.id)
    await next()
  })
}
