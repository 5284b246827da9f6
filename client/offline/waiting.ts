/**
 * What the device holds for the server, read with IndexedDB itself rather than Dexie (about 30 kB gzip to
 * fetch and as much main-thread time to start on a phone): at app start the page opens an outbox only when
 * there is something to send or a refusal to tell, and most visits have neither. Reads the stores that
 * `db.ts` declares, under the same database name; never creates or upgrades the database.
 */
export interface WaitingOnDevice {
  /** Responses in the outbox. */
  responses: number
  /** Ids of the responses the server refused (the page tells each until the citizen has seen it). */
  rejected: string[]
  /** Feedback items in their outbox. */
  feedback: number
}

export const NOTHING_WAITING: WaitingOnDevice = { responses: 0, rejected: [], feedback: 0 }

/** The database `db.ts` opens (Dexie names the IndexedDB database as it is named). */
export const DEVICE_DB_NAME = 'hailong'

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.addEventListener('success', () => resolve(req.result))
    req.addEventListener('error', () => reject(req.error ?? new Error('IndexedDB request failed')))
  })
}

/**
 * Resolves what waits on this device; rejects when it cannot tell (no IndexedDB, a read refused), and the
 * caller then opens the outboxes as if something waited.
 */
export function waitingOnDevice(indexedDB: IDBFactory = globalThis.indexedDB, name = DEVICE_DB_NAME): Promise<WaitingOnDevice> {
  return new Promise<IDBDatabase | null>((resolve, reject) => {
    const open = indexedDB.open(name)
    // No database yet (a first visit): abandon the creation, so that Dexie later creates it as it declares it.
    open.addEventListener('upgradeneeded', () => {
      open.transaction?.abort()
      resolve(null)
    })
    open.addEventListener('success', () => resolve(open.result))
    open.addEventListener('error', (event) => {
      // The abort above ends here as an AbortError: already resolved.
      event.preventDefault()
      reject(open.error ?? new Error('IndexedDB open failed'))
    })
    open.addEventListener('blocked', () => reject(new Error('IndexedDB open blocked')))
  }).then(async (db) => {
    if (!db) return NOTHING_WAITING
    try {
      // An upgrade elsewhere (a new version of the app in another tab) must not wait on this connection.
      db.addEventListener('versionchange', () => db.close())
      const stores = ['outbox', 'rejected', 'feedbackOutbox'].filter((store) => db.objectStoreNames.contains(store))
      if (stores.length === 0) return NOTHING_WAITING
      const tx = db.transaction(stores, 'readonly')
      const count = (store: string) => (stores.includes(store) ? request(tx.objectStore(store).count()) : Promise.resolve(0))
      const [responses, rejected, feedback] = await Promise.all([
        count('outbox'),
        stores.includes('rejected') ? request(tx.objectStore('rejected').getAllKeys()) : Promise.resolve([]),
        count('feedbackOutbox'),
      ])
      return { responses, rejected: rejected.filter((id): id is string => typeof id === 'string'), feedback }
    } finally {
      db.close()
    }
  })
}
