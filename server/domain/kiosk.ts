import { createHash, randomBytes } from 'node:crypto'
import { KIOSK_TOKEN_PREFIX, type KioskDeviceInfo, type KioskStatus, kioskSilent } from '../../shared/kiosk'
import type { WorkingCalendar } from '../../shared/working-days'
import type { KioskDeviceRecord } from '../store/kiosk-store'
import type { Store } from '../store/store'

/** A new device token: 32 random bytes, base64url, after a prefix that makes a leaked one easy to recognise. */
export function generateKioskToken(): string {
  return KIOSK_TOKEN_PREFIX + randomBytes(32).toString('base64url')
}

/** What the store keeps of a token: its SHA-256 (random and long: no slow hash needed). */
export function hashKioskToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}

/** A tablet's request, judged by its token: the device, or why it is refused (401 unknown, 403 revoked or another counter). */
export type KioskAuth =
  | { ok: true; device: { id: number; counter: string; name: string } }
  | { ok: false; status: 401 | 403; code: 'kiosk_token' | 'kiosk_revoked' | 'kiosk_counter'; message: string }

/** The token from `Authorization: Bearer kiosk_…`, checked against the counter the request is for. */
export async function authenticateKiosk(store: Store, authorization: string | undefined, counter: string): Promise<KioskAuth> {
  const token = /^Bearer (\S{1,200})$/.exec(authorization ?? '')?.[1]
  const device = token?.startsWith(KIOSK_TOKEN_PREFIX) ? await store.kiosks.deviceByHash(hashKioskToken(token)) : undefined
  if (!device) return { ok: false, status: 401, code: 'kiosk_token', message: 'authorization: the kiosk token is missing or not valid; set the tablet up again with a new link' }
  if (device.revokedAt !== null) return { ok: false, status: 403, code: 'kiosk_revoked', message: 'authorization: this kiosk token was revoked; ask an administrator for a new set-up link' }
  if (device.counter !== counter) return { ok: false, status: 403, code: 'kiosk_counter', message: `authorization: this kiosk token is for counter ${device.counter}, not ${counter}` }
  return { ok: true, device: { id: device.id, counter: device.counter, name: device.name } }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export function kioskDeviceJson(d: KioskDeviceRecord): KioskDeviceInfo {
  return {
    id: d.id,
    counter: d.counter,
    name: d.name,
    createdAt: iso(d.createdAt)!,
    createdBy: d.createdBy.displayName,
    revokedAt: iso(d.revokedAt),
    heartbeat: d.heartbeat && { ...d.heartbeat, at: iso(d.heartbeat.at)!, lastSyncAt: iso(d.heartbeat.lastSyncAt) },
  }
}

/** The devices in force, each with whether it has been silent for a working day (since issued, before its first heartbeat). */
export function kioskStatuses(devices: KioskDeviceRecord[], now: number, calendar: WorkingCalendar): KioskStatus[] {
  return devices
    .filter((d) => d.revokedAt === null)
    .map((d) => ({ ...kioskDeviceJson(d), silent: kioskSilent(d.heartbeat?.at ?? d.createdAt, now, calendar) }))
    .sort((a, b) => a.counter.localeCompare(b.counter) || a.id - b.id)
}
