import { createRouter, createWebHistory } from 'vue-router'
import SurveyPage from './pages/SurveyPage.vue'

/** /q/<counter> is printed on posters: it must keep working across every version of the app. */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    // Only the citizen page is in the first paint: it is what a QR code opens on a weak connection.
    { path: '/', name: 'home', component: () => import('./pages/HomePage.vue') },
    { path: '/q/:counter', name: 'survey', component: SurveyPage, props: true },
    { path: '/admin/stats', name: 'stats', component: () => import('./pages/StatsPage.vue') },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})
