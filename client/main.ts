import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'
import './styles.css'

document.documentElement.lang = i18n.global.locale.value
createApp(App).use(createPinia()).use(router).use(i18n).mount('#app')

// After the first paint: the service worker, so it never competes with the page for the network.
window.addEventListener('load', () => {
  void import('./pwa').then((m) => m.registerServiceWorker())
})
