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
