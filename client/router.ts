import { createRouter, createWebHistory } from 'vue-router'
import { ensureFeedbackMessages, loadAdminMessages, loadDashboardMessages, loadStaffMessages } from './i18n'
import SurveyPage from './pages/SurveyPage.vue'

/** /q/<counter> is printed on posters: it must keep working across every version of the app. */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    // Only the citizen page is in the first paint: it is what a QR code opens on a weak connection.
    { path: '/', name: 'home', component: () => import('./pages/HomePage.vue') },
    { path: '/q/:counter', name: 'survey', component: SurveyPage, props: true },
    // Feedback and tracking: lazy, so neither they nor the photo code weigh on the rating's first paint.
    {
      path: '/q/:counter/phan-anh',
      name: 'feedback',
      component: () => import('./pages/FeedbackPage.vue'),
      props: true,
      beforeEnter: () => ensureFeedbackMessages().then(() => true, () => true),
    },
    {
      path: '/t/:code?',
      name: 'track',
      component: () => import('./pages/TrackPage.vue'),
      props: true,
      beforeEnter: () => ensureFeedbackMessages().then(() => true, () => true),
    },
    { path: '/admin/stats', name: 'stats', component: () => import('./pages/StatsPage.vue') },
    // Staff: lazy like administration; the guard asks /api/staff/me (stores/staff-session.ts) before any page.
    {
      path: '/staff/sign-in',
      name: 'staff-sign-in',
      component: () => import('./pages/staff/StaffSignInPage.vue'),
      beforeEnter: () => loadStaffMessages().then(() => true, () => true),
    },
    {
      // The leadership dashboard: lazy, and chart.js only within its own chunk. Filters live in the query.
      path: '/staff/dashboard',
      name: 'dashboard',
      component: () => import('./pages/DashboardPage.vue'),
      beforeEnter: async (to) => {
        await Promise.all([loadDashboardMessages(), loadStaffMessages()]).catch(() => {})
        return (await import('./stores/dashboard-access')).dashboardGuard(to)
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
      ],
    },
    {
      // Administration: every page lazy, with its texts fetched and the session asked before the first renders.
      path: '/staff/admin',
      component: () => import('./pages/admin/AdminLayout.vue'),
      beforeEnter: async (to) => {
        await loadAdminMessages().catch(() => {})
        return (await import('./stores/admin-session')).adminGuard(to)
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
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})
