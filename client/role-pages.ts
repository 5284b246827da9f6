import { FEEDBACK_READERS, FIGURE_READERS, INTAKE_OFFICERS, ROLES, type StaffRole } from '../shared/staff'

/**
 * The staff pages each role may use: the one list behind the menu (components/nav/TheStaffMenu.vue), the
 * start page after signing in, the guards of the staff routes and the browser test that walks every page a
 * role's menu offers (tests/e2e/role-pages.test.ts). The roles are the groups the server's guards admit
 * (shared/staff.ts; tests/client/role-pages.test.ts asks the server): the menu never offers a page whose API
 * would refuse the reader. Plain data, no Vue: the tests import it in Node.
 */

/** Whose texts name the page: the menu loads that area's texts (i18n-staff.ts) before it shows the link. */
export type StaffArea = 'staff' | 'dashboard' | 'admin'

export interface RolePage {
  /** The route's name (staff-routes.ts). */
  name: string
  path: string
  /** The page's title, a key of its area's texts: the menu names a page as its heading does. */
  title: string
  area: StaffArea
  roles: readonly StaffRole[]
}

const ADMIN_SECTIONS = ['catalog', 'import', 'questionnaires', 'routing', 'deadlines', 'calendar', 'accounts', 'audit', 'exports', 'open311', 'webhooks', 'embed'] as const

/** In the menu's order; each role's start page comes first in its own menu. */
export const ROLE_PAGES: readonly RolePage[] = [
  { name: 'staff-inbox', path: '/staff', title: 'staff.inbox.title', area: 'staff', roles: FEEDBACK_READERS },
  { name: 'admin', path: '/staff/admin', title: 'admin.titles.admin', area: 'admin', roles: ['admin'] },
  ...ADMIN_SECTIONS.map((section) => ({
    name: `admin-${section}`,
    path: `/staff/admin/${section}`,
    title: `admin.titles.admin-${section}`,
    area: 'admin' as const,
    roles: ['admin'] as const,
  })),
  { name: 'dashboard', path: '/staff/dashboard', title: 'dashboard.title', area: 'dashboard', roles: FIGURE_READERS },
  // Adding an authenticator app: required of some roles at sign-in, open to every account.
  { name: 'staff-second-factor', path: '/staff/second-factor', title: 'staff.secondFactor.title', area: 'staff', roles: ROLES },
  // Paper rating forms and feedback received by phone, letter or e-mail, keyed by the officers who receive citizens.
  { name: 'staff-intake', path: '/staff/intake', title: 'staff.intake.title', area: 'staff', roles: INTAKE_OFFICERS },
]

/** Where each role lands after signing in (when no page was asked for): the page its work starts from. */
const START_PAGES: Record<StaffRole, string> = {
  unit_staff: 'staff-inbox',
  unit_head: 'staff-inbox',
  inspector: 'staff-inbox',
  leadership: 'dashboard',
  admin: 'admin',
}

export function mayUse(role: StaffRole, pageName: string): boolean {
  return ROLE_PAGES.some((page) => page.name === pageName && page.roles.includes(role))
}

/** The roles that may use a page. */
export function rolesOf(pageName: string): readonly StaffRole[] {
  return ROLE_PAGES.find((page) => page.name === pageName)?.roles ?? []
}

export function startPageOf(role: StaffRole): RolePage {
  return ROLE_PAGES.find((page) => page.name === START_PAGES[role])!
}

/** The role's menu: its start page, then the other pages it may use in the list's order. */
export function pagesOf(role: StaffRole): RolePage[] {
  const start = startPageOf(role)
  return [start, ...ROLE_PAGES.filter((page) => page !== start && page.roles.includes(role))]
}
