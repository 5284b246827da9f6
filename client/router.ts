import { createRouter, createWebHistory } from 'vue-router'
import HomePage from './pages/HomePage.vue'
import SurveyPage from './pages/SurveyPage.vue'

/** /q/<counter> is printed on posters: it must keep working across every version of the app. */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'home', component: HomePage },
    { path: '/q/:counter', name: 'survey', component: SurveyPage, props: true },
    { path: '/admin/stats', name: 'stats', component: () => import('./pages/StatsPage.vue') },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
})
