import { createPinia } from 'pinia'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './i18n'
import { nextTask } from './main-thread'
import { router } from './router'
import { useAppUpdateStore } from './stores/app-update'
import './styles.css'

const pinia = createPinia()

const appUpdate = useAppUpdateStore(pinia)
appUpdate.watch()
window.addEventListener('load', () => appUpdate.start())

// Evaluating the modules above is one task, making the app the next and mounting it a third (below): a phone
// is never busy for long at a stretch while the page starts, so a tap on the server-drawn screen is answered
// sooner (Lighthouse's total blocking time counts each task's time beyond 50 ms). Not a top-level await: with
// one, rolldown gives every lazily loaded module a chunk of its own that re-exports it.
void nextTask().then(start)

function start(): void {
  document.documentElement.lang = i18n.global.locale.value
  const app = createApp(App).use(pinia).use(router).use(i18n)
  const root = document.getElementById('app')!
  if (root.firstElementChild) {
    // The server drew the first screen of /q/<counter> (server/pages/survey-shell.ts). Let the browser paint it
    // before the app replaces it with the same markup, so the first paint never waits for the app to run; the
    // timer covers a tab opened in the background, where frames do not come.
    let mounted = false
    const mount = () => {
      if (!mounted) app.mount(root)
      mounted = true
    }
    if (PerformanceObserver.supportedEntryTypes?.includes('largest-contentful-paint')) {
      // Wait until the browser has reported that paint, not just for the next frame: the report comes once the
      // frame is on screen, and an element removed before then no longer counts, so the app's copy of it, drawn
      // after the script, would become the largest contentful paint (Lighthouse saw 2.3 s instead of 1.1 s).
      new PerformanceObserver((_, observer) => {
        observer.disconnect()
        setTimeout(mount)
      }).observe({ type: 'largest-contentful-paint', buffered: true })
    } else {
      requestAnimationFrame(() => setTimeout(mount))
    }
    setTimeout(mount, 250)
  } else {
    app.mount(root)
  }
}
