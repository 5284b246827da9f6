import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref } from 'vue'
import { whenIdle } from '../main-thread'

/** How long a takeover waits for the new worker to take control before it reloads the page itself. */
const TAKE_OVER_RELOAD_MS = 10_000
/** Long enough for the requests a tap starts (modules served by the worker) to be answered. */
const SETTLE_MS = 500

/** The page's own requests answered and its main thread idle. */
function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(() => whenIdle(resolve, 1_000), SETTLE_MS))
}

function isFormField(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('form, input, select, textarea') !== null
}

/**
 * A new version of the app, deployed while this tab is open. The service worker keeps it waiting; it takes
 * over at the next navigation (the router asks `takeOverAt`), when the page is hidden with no form in
 * progress, or when the person taps the prompt — never while someone is typing into a form. Queued ratings
 * and feedback stay in IndexedDB through the reload and leave at the next start.
 */
export const useAppUpdateStore = defineStore('app-update', () => {
  /** A new version is waiting, or already controls this page while it still runs the old code. */
  const waiting = ref(false)
  /** Something was typed or chosen in a form that has not been sent since. */
  const editing = ref(false)
  let skipWaiting: (() => Promise<void>) | undefined
  /** The new worker took control of this page (another tab let it): only a reload brings its code. */
  let isSuperseded = false
  let watching = false
  let started = false

  async function takeOver(): Promise<void> {
    if (isSuperseded) return location.reload()
    if (!skipWaiting) return
    const run = skipWaiting
    skipWaiting = undefined
    // Chromium activates a worker told to skip waiting once the old one has stopped, and stops it as soon as
    // it is idle; a request the page makes in that moment (the tap that asked for the update also loads the
    // modules deferred to the first interaction) starts it again, and it then stays in charge for its whole
    // idle timeout, half a minute. So the page lets its requests settle before telling the new worker, and
    // reloads once it controls the page (the controllerchange listener in `watch`), or after a while anyway.
    await settle()
    setTimeout(() => location.reload(), TAKE_OVER_RELOAD_MS)
    await run()
  }

  /**
   * The router's hook: with a new version waiting, a navigation loads the target page from it instead of
   * continuing in the old code, whose lazy chunks the new worker no longer holds. False: navigate as usual.
   */
  function takeOverAt(fullPath: string): boolean {
    if (!waiting.value) return false
    history.pushState(history.state, '', fullPath)
    void takeOver()
    return true
  }

  function markEditing(event: Event): void {
    if (isFormField(event.target)) editing.value = true
  }

  /** This page runs the old code under the new worker: reload into the new version unless a form is open. */
  function superseded(): void {
    isSuperseded = true
    waiting.value = true
    if (!editing.value) location.reload()
  }

  /**
   * Called as the page's modules are evaluated, before anything else can run: a page reloaded during a
   * takeover may still have been answered by the old worker, which the new one replaces a moment later.
   */
  function watch(): void {
    if (watching || !('serviceWorker' in navigator)) return
    watching = true
    // Any field changed marks a form in progress; sending it (or leaving the page) ends that.
    document.addEventListener('input', markEditing, true)
    document.addEventListener('change', markEditing, true)
    document.addEventListener('submit', () => (editing.value = false), true)
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden' && waiting.value && !editing.value) void takeOver()
    })
    const servedBy = navigator.serviceWorker.controller
    // Without a controller this is the first visit: the worker installed now does not claim the page.
    if (!servedBy) return
    navigator.serviceWorker.addEventListener('controllerchange', superseded)
    if (servedBy.state === 'redundant') superseded()
    // Old code asking for a chunk the new version no longer has (vite's event for a failed lazy import).
    window.addEventListener('vite:preloadError', (event) => {
      event.preventDefault()
      superseded()
    })
  }

  /** After the first paint: the service worker, so it never competes with the page for the network. */
  function start(): void {
    if (started || !('serviceWorker' in navigator)) return
    started = true
    void import('../pwa').then(({ registerServiceWorker }) =>
      registerServiceWorker({
        onWaiting(run) {
          skipWaiting = run
          waiting.value = true
        },
      }),
    )
  }

  /** A navigation happened inside the app: whatever form was open is left behind. */
  function navigated(): void {
    editing.value = false
  }

  return { waiting, editing, watch, start, takeOver, takeOverAt, navigated }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAppUpdateStore, import.meta.hot))
