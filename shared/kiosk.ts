import * as v from 'valibot'
import { Code } from './catalog'
import { addWorkingDays, type WorkingCalendar } from './working-days'

/**
 * Kiosk mode (README "Kiosk set-up"): a tablet left on a counter runs the quick rating in a loop, locked to
 * that counter by a device token an administrator issues. Ratings it sends are stored with channel `kiosk`;
 * every few minutes it reports a heartbeat the inspector sees per counter.
 */

/** What starts every device token: a leaked one is easy to recognise. */
export const KIOSK_TOKEN_PREFIX = 'kiosk_'

/** Where the set-up link carries the token: after `#`, so it never reaches a server log or a Referer. */
export const KIOSK_TOKEN_FRAGMENT = 'token'

/** The page a tablet opens: `/kiosk/<counter>`; the set-up link adds `#token=…`. */
export const kioskPath = (counter: string) => `/kiosk/${encodeURIComponent(counter)}`
export const kioskSetupPath = (counter: string, token: string) => `${kioskPath(counter)}#${KIOSK_TOKEN_FRAGMENT}=${token}`

// The administrators' section (/api/staff/admin/kiosks).

export const KioskDeviceIn = v.strictObject({
  counter: Code,
  /** Which tablet: "Máy tính bảng quầy 1". */
  name: v.pipe(v.string('must be text'), v.normalize('NFC'), v.trim(), v.minLength(1, 'is required'), v.maxLength(100, 'is too long (at most 100 characters)')),
})
export type KioskDeviceIn = v.InferOutput<typeof KioskDeviceIn>

/** The last heartbeat a device sent; instants in ISO 8601. */
export interface KioskHeartbeatInfo {
  at: string
  lastSyncAt: string | null
  waiting: number
  version: string
  /** 0 to 1; null when the browser does not tell. */
  battery: number | null
}

export interface KioskDeviceInfo {
  id: number
  counter: string
  name: string
  createdAt: string
  createdBy: string
  revokedAt: string | null
  heartbeat: KioskHeartbeatInfo | null
}

/** The answer to issuing a token: the token and its set-up path, shown this once; only the hash is stored. */
export interface KioskDeviceCreated {
  token: string
  setupPath: string
  info: KioskDeviceInfo
}

/** The inspector's view (/api/staff/kiosks): each device in force, and whether it has gone silent. */
export interface KioskStatus extends KioskDeviceInfo {
  /** No heartbeat (or, before the first, no set-up) for a whole working day. */
  silent: boolean
}

// What the tablet sends (/api/kiosk/<counter>/…).

const Instant = v.pipe(v.number('must be a number (epoch milliseconds)'), v.integer('must be a whole number'), v.minValue(0, 'must not be negative'))

export const KioskHeartbeat = v.strictObject({
  /** When the outbox last emptied (epoch ms); null before the first rating left. */
  lastSyncAt: v.nullable(Instant),
  /** Ratings still in the device's outbox. */
  waiting: v.pipe(v.number('must be a number'), v.integer('must be a whole number'), v.minValue(0, 'must not be negative'), v.maxValue(1_000_000, 'is too large')),
  version: v.pipe(v.string('must be text'), v.minLength(1, 'is required'), v.maxLength(40, 'is too long (at most 40 characters)')),
  /** navigator.getBattery's level, 0 to 1; null where the browser does not give it. */
  battery: v.nullable(v.pipe(v.number('must be a number'), v.minValue(0, 'must be between 0 and 1'), v.maxValue(1, 'must be between 0 and 1'))),
})
export type KioskHeartbeat = v.InferOutput<typeof KioskHeartbeat>

/** What GET /api/kiosk/<counter>/device answers a set-up tablet: which device it is. */
export interface KioskDeviceCheck {
  id: number
  counter: string
  name: string
}

/**
 * Whether a kiosk last heard from at `lastSeen` has been silent for a working day at `now`: the closing time
 * of the working day after the one it was last seen on (a heartbeat after hours or on a day off counts from
 * the next working day) has passed. A weekend or Tết is not silence; a whole Monday without a word after
 * Friday is.
 */
export function kioskSilent(lastSeen: number, now: number, calendar: WorkingCalendar): boolean {
  return now >= addWorkingDays(lastSeen, 1, calendar)
}
