import { registerSW } from 'virtual:pwa-register'

/** A counter's tablet can stay on one page for days: look for a new version hourly and whenever it is shown again. */
const UPDATE_CHECK_MS = 60 * 60_000

export interface ServiceWorkerHooks {
  /** A new version is installed and waiting; `skipWaiting` tells it to take over (the page reloads on controllerchange). */
  onWaiting: (skipWaiting: () => Promise<void>) => void
}

/**
 * The waiting worker is told directly: workbox-window's messageSkipWaiting did not reach a worker found by
 * `registration.update()` (the tab stayed on the old version until it was reloaded).
 */
async function skipWaiting(): Promise<void> {
  const registration = await navigator.serviceWorker.getRegistration()
  registration?.waiting?.postMessage({ type: 'SKIP_WAITING' })
}

export function registerServiceWorker({ onWaiting }: ServiceWorkerHooks): void {
  if (!('serviceWorker' in navigator)) return
  // The new worker waits (registerType "prompt"): it takes over only when the page says so, never in the
  // middle of a form.
  registerSW({
    immediate: true,
    onNeedRefresh: () => onWaiting(skipWaiting),
    // Without this, the plugin reloads the page as soon as a new worker controls it, even when another tab
    // let it in while this one has a form half filled in; the page decides (app-update's controllerchange).
    onNeedReload: () => {},
    onRegisteredSW(_url, registration) {
      if (!registration) return
      const check = () => void registration.update().catch(() => {})
      setInterval(check, UPDATE_CHECK_MS)
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') check()
      })
    },
  })
}
