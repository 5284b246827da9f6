import type { Store } from '../store/store'

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

const fail = (error: unknown) => console.error('retention: purge failed:', error instanceof Error ? error.message : 'unknown error')

/**
 * Contact details are kept only as long as they serve the answer: once an item is finished (closed,
 * duplicate or spam) and `days` have passed, they are cleared. The item, its history and its statistics
 * stay. Runs at start and then every hour; logs a count, never what was cleared.
 */
export function startContactRetention(store: Store, days: number, now: () => number = Date.now): { stop: () => void; run: () => Promise<number> } {
  const run = async () => {
    const at = now()
    const purged = await store.exports.purgeContacts(at - days * DAY_MS, at)
    if (purged > 0) console.log(`retention: cleared the contact details of ${purged} finished feedback item(s) older than ${days} days`)
    return purged
  }
  void run().catch(fail)
  const timer = setInterval(() => void run().catch(fail), HOUR_MS)
  timer.unref()
  return { stop: () => clearInterval(timer), run }
}
