import { openOutboxDb, type OutboxDb } from './db'

let db: OutboxDb | undefined

/** One database connection per page, shared by the responses and the feedback outboxes. */
export function deviceDb(): OutboxDb {
  db ??= openOutboxDb()
  return db
}

/** Tabs of one origin share an outbox: the lock keeps two of them from posting the same entries at once. */
export function webLock(name: string): (<T>(run: () => Promise<T>) => Promise<T>) | undefined {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks
  if (!locks) return undefined
  return (run) => locks.request(name, run)
}

/** How often a page with items waiting asks whether the server is back: they leave within about 2 s of its return. */
const PROBE_EVERY_MS = 1_500

/**
 * The cheapest request the server answers (`GET /api/health`, a few bytes, never cached), made only while the
 * page is visible: a hidden page flushes when it is shown again anyway.
 */
export const serverProbe = {
  everyMs: PROBE_EVERY_MS,
  active: () => document.visibilityState === 'visible',
  check: () =>
    fetch('/api/health', { cache: 'no-store', signal: AbortSignal.timeout(5_000) }).then(
      (res) => res.ok,
      () => false,
    ),
}
