import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mayUse, pagesOf, ROLE_PAGES, startPageOf } from '../../client/role-pages'
import { afterSignIn } from '../../client/stores/staff-session'
import { ROLES, type StaffRole } from '../../shared/staff'
import { addStaff, createTestApp, type Session, signIn, staffRequest, type TestApp } from '../server/test-app'

const sorted = (roles: readonly string[]) => [...roles].sort()

/** For each page, a request it makes whose answer the server's role guards decide. */
const PAGE_REQUESTS: Record<string, { method: string; path: string; body?: unknown }> = {
  'staff-inbox': { method: 'GET', path: '/api/staff/feedback' },
  // The administration home lists the sections and asks for nothing itself: the catalog stands for it.
  admin: { method: 'GET', path: '/api/staff/admin/catalog' },
  'admin-catalog': { method: 'GET', path: '/api/staff/admin/catalog' },
  'admin-import': { method: 'POST', path: '/api/staff/admin/catalog/procedures/import?dryRun=true' },
  'admin-questionnaires': { method: 'GET', path: '/api/staff/admin/questionnaires' },
  'admin-routing': { method: 'POST', path: '/api/staff/settings/routing-rules/test', body: { category: 'facilities', counter: 'HCC-01' } },
  // Every role may read the settings; saving them is what the page is for.
  'admin-deadlines': { method: 'PUT', path: '/api/staff/settings/deadlines', body: {} },
  'admin-calendar': { method: 'PUT', path: '/api/staff/settings/calendar', body: {} },
  'admin-accounts': { method: 'GET', path: '/api/staff/admin/accounts' },
  'admin-audit': { method: 'GET', path: '/api/staff/admin/audit' },
  'admin-exports': { method: 'GET', path: '/api/staff/exports/responses.csv?from=2026-01-01&to=2026-01-31' },
  'admin-open311': { method: 'GET', path: '/api/staff/admin/open311-keys' },
  'admin-webhooks': { method: 'GET', path: '/api/staff/admin/webhooks' },
  'admin-embed': { method: 'PUT', path: '/api/staff/settings/embed-origins', body: {} },
  dashboard: { method: 'GET', path: '/api/staff/dashboard?from=2026-01-01&to=2026-01-31' },
  'staff-second-factor': { method: 'GET', path: '/api/auth/second-factor' },
  'staff-intake': { method: 'GET', path: '/api/staff/intake/paper' },
}

const UNITS: Record<StaffRole, string | null> = { unit_staff: 'LS', unit_head: 'LS', inspector: 'VP-TT', leadership: null, admin: null }

describe('the pages each role may use', () => {
  let t: TestApp
  const sessions = {} as Record<StaffRole, Session>
  beforeAll(async () => {
    t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
    for (const role of ROLES) {
      await addStaff(t, { username: `menu.${role}`, role, unitCode: UNITS[role] })
      sessions[role] = await signIn(t.app, `menu.${role}`)
    }
  })
  afterAll(() => t.close())

  it('agree with the server guards: the menu offers a page to exactly the roles its API lets in', async () => {
    expect(sorted(Object.keys(PAGE_REQUESTS))).toEqual(sorted(ROLE_PAGES.map((p) => p.name)))
    const offered: Record<string, string[]> = {}
    const admitted: Record<string, string[]> = {}
    for (const page of ROLE_PAGES) {
      const { method, path, body } = PAGE_REQUESTS[page.name]!
      offered[page.name] = sorted(page.roles)
      admitted[page.name] = []
      for (const role of ROLES) {
        const res = await staffRequest(t.app, method, path, sessions[role], { body })
        expect(res.status, `${role} ${method} ${path}`).not.toBe(401)
        if (res.status !== 403) admitted[page.name]!.push(role)
      }
      admitted[page.name]!.sort()
    }
    expect(offered).toEqual(admitted)
    // The second factor is open to every account; the inbox to all but administrators.
    expect(offered['staff-second-factor']).toEqual(sorted(ROLES))
    expect(offered['staff-inbox']).toEqual(sorted(['unit_staff', 'unit_head', 'inspector', 'leadership']))
    expect(offered.dashboard).toEqual(sorted(['unit_head', 'inspector', 'leadership', 'admin']))
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
    expect(pagesOf('unit_staff').map((p) => p.path)).toEqual(['/staff', '/staff/second-factor', '/staff/intake'])
    expect(pagesOf('leadership').map((p) => p.path)).not.toContain('/staff/intake')
    const admin = pagesOf('admin').map((p) => p.path)
    expect(admin).toHaveLength(15)
    expect(admin).toContain('/staff/admin/routing')
    expect(admin).toContain('/staff/admin/open311')
    expect(admin).toContain('/staff/admin/webhooks')
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
