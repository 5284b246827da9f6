import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import type { StaffRole } from '../../shared/staff'
import { rolesOf } from '../role-pages'
import { signInLocation, useStaffSessionStore } from '../stores/staff-session'

/**
 * Who the server lets see the dashboard and the statistics (shared/staff.ts FIGURE_READERS); a unit
 * head only their unit.
 */
export const DASHBOARD_ROLES: readonly StaffRole[] = rolesOf('dashboard')

/**
 * The guard of the dashboard (and of the retired /admin/stats, which leads here): a session, or the staff
 * sign-in page that comes back to this very view (filters included). A role without the dashboard, or an
 * unreachable server, opens the page, which says so.
 */
export async function dashboardGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const state = await useStaffSessionStore().ensure()
  if (state === 'signed_out') return signInLocation(to.fullPath)
  if (state === 'expired') return signInLocation(to.fullPath, 'expired')
  return true
}
