import type { LocationQuery, RouteRecordRaw } from 'vue-router'
import { loadAdminMessages, loadDashboardMessages, loadStaffMessages } from './i18n-staff'

/** What of a bookmarked statistics view the dashboard can show: its period and its filters. */
const STATS_QUERY_KEPT = ['from', 'to', 'unit', 'counter', 'procedure']

/**
 * The staff, dashboard and administration pages' routes, added to the router (`router.ts`) when one of these
 * pages first opens. Each page is lazy; its texts are fetched and, for staff, the session asked before it
 * renders. Which role may use which page: role-pages.ts.
 */
export const staffRoutes: RouteRecordRaw[] = [
  {
    // Retired: the figures live on the dashboard (issue 13). An old bookmark opens the dashboard on the same
    // period and filters, whose guard sends a signed-out reader to sign in and back.
    path: '/admin/stats',
    redirect: (to) => ({
      name: 'dashboard',
      query: Object.fromEntries(Object.entries(to.query).filter(([key]) => STATS_QUERY_KEPT.includes(key))) as LocationQuery,
    }),
  },
  // Staff: lazy like administration; the guard asks /api/staff/me (stores/staff-session.ts) before any page.
  {
    path: '/staff/sign-in',
    name: 'staff-sign-in',
    component: () => import('./pages/staff/StaffSignInPage.vue'),
    beforeEnter: () => loadStaffMessages().then(() => true, () => true),
  },
  {
    // Adding an authenticator app: between the password and the first page for the roles that must have one,
    // from the staff menu for the others. No guard: the page asks where the session stands (it may be one past
    // the password only, which /api/staff/me refuses).
    path: '/staff/second-factor',
    name: 'staff-second-factor',
    component: () => import('./pages/staff/StaffSecondFactorPage.vue'),
    beforeEnter: () => loadStaffMessages().then(() => true, () => true),
  },
  {
    // The leadership dashboard: lazy, and chart.js only within its own chunk. Filters live in the query.
    path: '/staff/dashboard',
    name: 'dashboard',
    component: () => import('./pages/DashboardPage.vue'),
    beforeEnter: async (to) => {
      await Promise.all([loadDashboardMessages(), loadStaffMessages()]).catch(() => {})
      return (await import('./dashboard/access')).dashboardGuard(to)
    },
  },
  {
    path: '/staff',
    component: () => import('./pages/staff/StaffLayout.vue'),
    beforeEnter: async (to) => {
      await loadStaffMessages().catch(() => {})
      return (await import('./stores/staff-session')).staffGuard(to)
    },
    children: [
      { path: '', name: 'staff-inbox', component: () => import('./pages/staff/StaffInboxPage.vue') },
      { path: 'items/:id', name: 'staff-item', component: () => import('./pages/staff/StaffItemPage.vue'), props: true },
      { path: 'intake', name: 'staff-intake', component: () => import('./pages/staff/StaffIntakePage.vue') },
    ],
  },
  {
    // Administration: every page lazy, with its texts fetched and the session asked before the first renders.
    path: '/staff/admin',
    component: () => import('./pages/admin/AdminLayout.vue'),
    beforeEnter: async (to) => {
      // The staff texts too: the menu and the who's-who line are the staff pages' own.
      await Promise.all([loadAdminMessages(), loadStaffMessages()]).catch(() => {})
      return (await import('./stores/staff-session')).sessionGuard(to)
    },
    children: [
      { path: '', name: 'admin', component: () => import('./pages/admin/AdminHomePage.vue') },
      { path: 'catalog/:kind(units|counters|procedures)?', name: 'admin-catalog', component: () => import('./pages/admin/AdminCatalogPage.vue') },
      { path: 'import', name: 'admin-import', component: () => import('./pages/admin/AdminImportPage.vue') },
      { path: 'questionnaires', name: 'admin-questionnaires', component: () => import('./pages/admin/AdminQuestionnairesPage.vue') },
      { path: 'routing', name: 'admin-routing', component: () => import('./pages/admin/AdminRoutingPage.vue') },
      { path: 'deadlines', name: 'admin-deadlines', component: () => import('./pages/admin/AdminDeadlinesPage.vue') },
      { path: 'calendar', name: 'admin-calendar', component: () => import('./pages/admin/AdminCalendarPage.vue') },
      { path: 'accounts', name: 'admin-accounts', component: () => import('./pages/admin/AdminAccountsPage.vue') },
      { path: 'audit', name: 'admin-audit', component: () => import('./pages/admin/AdminAuditPage.vue') },
      { path: 'exports', name: 'admin-exports', component: () => import('./pages/admin/AdminExportsPage.vue') },
      { path: 'open311', name: 'admin-open311', component: () => import('./pages/admin/AdminOpen311Page.vue') },
      { path: 'webhooks', name: 'admin-webhooks', component: () => import('./pages/admin/AdminWebhooksPage.vue') },
      { path: 'embed', name: 'admin-embed', component: () => import('./pages/admin/AdminEmbedPage.vue') },
    ],
  },
]
