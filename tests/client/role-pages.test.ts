import { describe, expect, it } from 'vitest'
import type { StaffRole } from '../../client/api/staff'
import { mayUse, pagesOf, ROLE_PAGES, rolesOf, startPageOf } from '../../client/role-pages'
import { afterSignIn } from '../../client/stores/staff-session'
import { FEEDBACK_READERS, FIGURE_READERS, ROLES } from '../../server/auth/roles'

const sorted = (roles: readonly string[]) => [...roles].sort()

describe('the pages each role may use', () => {
  it('agree with the server guards: the menu never offers a page whose API refuses the reader', () => {
    expect(sorted(rolesOf('staff-inbox'))).toEqual(sorted(FEEDBACK_READERS))
    expect(sorted(rolesOf('dashboard'))).toEqual(sorted(FIGURE_READERS))
    // Every administration page's API is requireRole('admin').
    for (const page of ROLE_PAGES.filter((p) => p.area === 'admin')) expect(page.roles, page.name).toEqual(['admin'])
    expect(sorted(rolesOf('staff-second-factor'))).toEqual(sorted(ROLES))
  })

  it('land each role on its own start page, the first of its menu', () => {
    const starts = Object.fromEntries(ROLES.map((role) => [role, startPageOf(role).path]))
    expect(starts).toEqual({
      unit_staff: '/staff',
      unit_head: '/staff',
      inspector: '/staff',
      leadership: '/staff/dashboard',
      admin: '/staff/admin',
    })
    for (const role of ROLES) {
      const menu = pagesOf(role)
      expect(menu[0]).toBe(startPageOf(role))
      expect(mayUse(role, menu[0]!.name)).toBe(true)
      // Each page the role may use, once.
      expect(sorted(menu.map((p) => p.name))).toEqual(sorted(ROLE_PAGES.filter((p) => p.roles.includes(role)).map((p) => p.name)))
    }
  })

  it('give leadership the dashboard and the inbox, and administrators every administration page but no inbox', () => {
    expect(pagesOf('leadership').map((p) => p.path)).toEqual(['/staff/dashboard', '/staff', '/staff/second-factor'])
    expect(pagesOf('unit_staff').map((p) => p.path)).toEqual(['/staff', '/staff/second-factor'])
    const admin = pagesOf('admin').map((p) => p.path)
    expect(admin).toHaveLength(12)
    expect(admin).toContain('/staff/admin/routing')
    expect(admin).toContain('/staff/dashboard')
    expect(admin).not.toContain('/staff')
  })
})

describe('afterSignIn', () => {
  it('goes back to the page asked for, or else to the start page of the role', () => {
    expect(afterSignIn('/staff/items/abc', 'leadership')).toBe('/staff/items/abc')
    const roles: [StaffRole, string][] = [['leadership', '/staff/dashboard'], ['admin', '/staff/admin'], ['unit_staff', '/staff']]
    for (const [role, start] of roles) {
      expect(afterSignIn(undefined, role)).toBe(start)
      expect(afterSignIn('//evil.example', role)).toBe(start)
    }
  })
})
