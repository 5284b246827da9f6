import { createRouter, createWebHistory } from 'vue-router'
import { ensureFeedbackMessages, ensureKioskMessages } from './i18n'
import SurveyPage from './pages/SurveyPage.vue'
import { useAppUpdateStore } from './stores/app-update'

/** What stands for the staff area until its routes are added: never shown, its guard always sends on. */
const Routing = { render: () => null }

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
    // A counter's tablet in kiosk mode (README "Kiosk set-up"): the quick rating in a loop.
    {
      path: '/kiosk/:counter',
      name: 'kiosk',
      component: () => import('./pages/KioskPage.vue'),
      props: true,
      beforeEnter: () => ensureKioskMessages().then(() => true, () => true),
    },
    // The staff, dashboard and administration pages are routed once one of them first opens (below): the
    // citizen page on a phone neither builds their matchers nor carries them and their chunks' names.
    { path: '/admin/:rest(.*)*', name: 'admin-area', component: Routing, beforeEnter: (to) => routeStaffArea(to.fullPath) },
    { path: '/staff/:rest(.*)*', name: 'staff-area', component: Routing, beforeEnter: (to) => routeStaffArea(to.fullPath) },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})

let staffArea: Promise<void> | undefined

/**
 * Adds the staff area's routes (`staff-routes.ts`) in place of the two that stand for it, and sends the
 * navigation to the same URL again, which now finds its page (or, like any unknown URL, the home page).
 */
function routeStaffArea(fullPath: string): Promise<string | false> {
  staffArea ??= import('./staff-routes').then(({ staffRoutes }) => {
    router.removeRoute('admin-area')
    router.removeRoute('staff-area')
    for (const route of staffRoutes) router.addRoute(route)
  })
  return staffArea.then(
    () => fullPath,
    (error: unknown) => {
      // The chunk did not load (a flaky network): stay, and try again at the next navigation.
      staffArea = undefined
      console.error('router: cannot load the staff pages', error)
      return false as const
    },
  )
}

// A new version waiting takes over at the next navigation, so no page runs old code against new chunks.
router.beforeEach((to, from) => !(from.matched.length > 0 && useAppUpdateStore().takeOverAt(to.fullPath)))
router.afterEach(() => useAppUpdateStore().navigated())
