import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import { setSignedOutHandler } from '../api/admin'
import { signInLocation, useStaffSessionStore } from './staff-session'

/**
 * The administration pages share the staff session (stores/staff-session.ts). The admin API client keeps
 * its own CSRF copy, so its 401s are handed to the same store here: the admin frame then sends the reader
 * to sign in, and back afterwards.
 */
export function adoptStaffSession(): ReturnType<typeof useStaffSessionStore> {
  const session = useStaffSessionStore()
  setSignedOutHandler(() => {
    if (session.me) session.expired = true
    session.me = null
  })
  return session
}

/**
 * Before any administration page: a session, or the sign-in page that comes back here. Another role gets
 * the page, which tells them it is for administrators (the API refuses them anyway); an unreachable server
 * lets the page open and say so.
 */
export async function adminGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const state = await adoptStaffSession().ensure()
  if (state === 'signed_out') return signInLocation(to.fullPath)
  if (state === 'expired') return signInLocation(to.fullPath, 'expired')
  return true
}
