import { version } from '../../package.json'
import type { KioskHeartbeat } from '../../shared/kiosk'
import type { ResponseIn } from '../../shared/response'
import { serverProbe, webLock } from './browser'
import { openOutboxDb } from './db'
import { enqueueResponse, watchPending } from './outbox'
import { createSync, type FetchLike } from './sync'

/**
 * A counter kiosk's outbox: the responses outbox and its Sync, as the citizen's (written before sent, one
 * flush at a time, back-off, probe), in a database of its own so that the citizen pages' outbox never sends
 * a kiosk's rating without its token (as channel qr), and posting to `/api/kiosk/<counter>/responses` with the
 * device token. A refused token (401/403) leaves every rating queued: they leave once the tablet is set up
 * again. Also the heartbeat: every few minutes and when the network comes back.
 */
export const KIOSK_DB_NAME = 'hailong-kiosk'

export interface KioskProblem {
  status: number
  code: string
  message: string
}

export interface KioskHooks {
  onPending: (count: number) => void
  onSyncing: (syncing: boolean) => void
  /** The server refused the token (null once it accepts it again). */
  onRefused: (problem: KioskProblem | null) => void
  /** When the server last acknowledged a batch (epoch ms). */
  onSynced: (at: number) => void
}

export interface KioskOutbox {
  /** Queues the rating and asks for a flush without waiting for it: the tablet thanks the citizen at once. */
  submit: (response: ResponseIn) => Promise<boolean>
  /** Sends a heartbeat now; resolves whether the server took it. */
  heartbeat: () => Promise<boolean>
  close: () => void
}

/** Where the last acknowledged batch's time is kept across reloads, per counter. */
const syncedKey = (counter: string) => `hailong.kiosk.synced.${counter}`

function readNumber(key: string): number | null {
  const value = Number(localStorage.getItem(key))
  return Number.isFinite(value) && value > 0 ? value : null
}

/** navigator.getBattery's level where the browser gives it (Chromium), else null. */
async function batteryLevel(): Promise<number | null> {
  try {
    const nav = navigator as Navigator & { getBattery?: () => Promise<{ level: number }> }
    const battery = await nav.getBattery?.()
    return typeof battery?.level === 'number' ? battery.level : null
  } catch {
    return null
  }
}

async function problemOf(res: Response): Promise<KioskProblem> {
  const body = (await res.clone().json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null
  return {
    status: res.status,
    code: typeof body?.error?.code === 'string' ? body.error.code : 'kiosk_token',
    message: typeof body?.error?.message === 'string' ? body.error.message : res.statusText,
  }
}

export function openKioskOutbox(counter: string, token: string, hooks: KioskHooks, options: { heartbeatMs: number }): KioskOutbox {
  const db = openOutboxDb(KIOSK_DB_NAME)
  const base = `/api/kiosk/${encodeURIComponent(counter)}`
  let lastSyncAt = readNumber(syncedKey(counter))

  /** Every request of the tablet: the token in, what the server says of it out. */
  const send: FetchLike = async (url, init) => {
    const res = await fetch(url, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` } })
    if (res.status === 401 || res.status === 403) hooks.onRefused(await problemOf(res))
    else if (res.ok) {
      hooks.onRefused(null)
      if (url.endsWith('/responses')) {
        lastSyncAt = Date.now()
        localStorage.setItem(syncedKey(counter), String(lastSyncAt))
        hooks.onSynced(lastSyncAt)
      }
    }
    return res
  }

  const sync = createSync({ db, endpoint: `${base}/responses`, fetch: send, exclusive: webLock('hailong-kiosk-flush'), onSyncing: hooks.onSyncing, probe: serverProbe })
  const unwatch = watchPending(db, hooks.onPending)
  if (lastSyncAt !== null) hooks.onSynced(lastSyncAt)

  async function heartbeat(): Promise<boolean> {
    if (!navigator.onLine) return false
    const body: KioskHeartbeat = { lastSyncAt, waiting: await db.outbox.count(), version, battery: await batteryLevel() }
    try {
      const res = await send(`${base}/heartbeat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      return res.ok
    } catch {
      return false
    }
  }

  const onOnline = () => {
    void sync.triggerSync('online')
    void heartbeat()
  }
  const onVisibility = () => {
    if (document.visibilityState === 'visible') void sync.triggerSync('visible')
  }
  window.addEventListener('online', onOnline)
  document.addEventListener('visibilitychange', onVisibility)
  const beats = setInterval(() => void heartbeat(), options.heartbeatMs)
  void navigator.storage?.persist?.().catch(() => false)
  void sync.triggerSync('start')
  void heartbeat()

  return {
    async submit(response) {
      const queued = await enqueueResponse(db, response)
      if (queued.ok) void sync.triggerSync('submit')
      return queued.ok
    },
    heartbeat,
    close() {
      clearInterval(beats)
      sync.stop()
      unwatch()
      window.removeEventListener('online', onOnline)
      document.removeEventListener('visibilitychange', onVisibility)
      db.close()
    },
  }
}
