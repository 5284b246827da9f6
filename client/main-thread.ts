/**
 * Keeping a phone's main thread free while the citizen page starts: work the first screen does not need
 * runs once the citizen has started to use the page, and in the browser's idle time, never in one block
 * with the first render (Lighthouse's total blocking time counts every task over 50 ms until the page is
 * quiet).
 */

/** Resolves in a new task, so that what follows does not lengthen the current one. */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (scheduler?.yield) return scheduler.yield()
  return new Promise((resolve) => setTimeout(resolve))
}

/** Runs `run` when the browser is idle, or after `timeoutMs` at the latest (Safari has no requestIdleCallback). */
export function whenIdle(run: () => void, timeoutMs = 2_000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => run(), { timeout: timeoutMs })
  else setTimeout(run, Math.min(timeoutMs, 200))
}

const INTERACTIONS = ['pointerdown', 'keydown', 'focusin'] as const
const waiting: (() => void)[] = []
let interacted = false

function onInteraction(): void {
  if (interacted) return
  interacted = true
  for (const type of INTERACTIONS) window.removeEventListener(type, onInteraction, true)
  // After the interaction's own handlers and paint: the citizen's tap answers first.
  whenIdle(() => waiting.splice(0).forEach((run) => run()), 500)
}

/**
 * Runs `run` once the citizen first touches, types in or focuses something on the page (then in idle time),
 * or at once in idle time if they already have: for what the page needs only when it is being used, such as
 * the outbox a rating is sent through or the other language's texts.
 */
export function afterFirstInteraction(run: () => void): void {
  if (interacted) return whenIdle(run, 500)
  if (waiting.push(run) === 1) {
    for (const type of INTERACTIONS) window.addEventListener(type, onInteraction, { capture: true, passive: true })
  }
}
