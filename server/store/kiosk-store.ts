import type { Actor, Written } from './admin-store'

/**
 * Kiosk devices: the tokens administrators issue to the tablets left on counters (kept as SHA-256 hashes
 * only, revoked and never deleted, each issue and revocation audited in admin_audit as entity `kiosk_device`
 * in the same transaction) and the last heartbeat each tablet sent, which is not audited: it is the device's
 * own report, overwritten every few minutes.
 */

export interface KioskHeartbeatRecord {
  /** Epoch ms, as every instant here. */
  at: number
  lastSyncAt: number | null
  waiting: number
  version: string
  battery: number | null
}

export interface KioskDeviceRecord {
  id: number
  counter: string
  name: string
  createdAt: number
  createdBy: { id: number; displayName: string }
  revokedAt: number | null
  heartbeat: KioskHeartbeatRecord | null
}

export interface KioskStore {
  /** Every device, newest first. */
  devices(): Promise<KioskDeviceRecord[]>
  /** Refuses (`invalid`, field `counter`) a counter that does not exist or is inactive. */
  createDevice(input: { counter: string; name: string; tokenHash: string }, actor: Actor): Promise<Written<KioskDeviceRecord>>
  /** Refuses (`not_found`) an unknown device; revoking a revoked one leaves it as it was. */
  revokeDevice(id: number, actor: Actor): Promise<Written<KioskDeviceRecord>>
  /** The device with this token hash, revoked or not. */
  deviceByHash(tokenHash: string): Promise<{ id: number; counter: string; name: string; revokedAt: number | null } | undefined>
  /** Keeps the device's latest heartbeat (the previous one is overwritten). */
  recordHeartbeat(id: number, heartbeat: KioskHeartbeatRecord): Promise<void>
}

/** A device's row as both stores read it (`d.*` and the issuer's display name). */
export interface DeviceRow {
  id: number
  counter_code: string
  name: string
  created_at: number
  created_by: number
  creator_name: string | null
  revoked_at: number | null
  heartbeat_at: number | null
  last_sync_at: number | null
  waiting: number | null
  app_version: string | null
  battery: number | null
}

export const DEVICE_COLUMNS = `d.id, d.counter_code, d.name, d.created_at, d.created_by, s.display_name AS creator_name, d.revoked_at,
  d.heartbeat_at, d.last_sync_at, d.waiting, d.app_version, d.battery`
export const DEVICE_FROM = 'kiosk_devices d JOIN staff s ON s.id = d.created_by'

const ms = (value: number | null) => (value === null ? null : Number(value))

export const toDeviceRecord = (r: DeviceRow): KioskDeviceRecord => ({
  id: Number(r.id),
  counter: r.counter_code,
  name: r.name,
  createdAt: Number(r.created_at),
  createdBy: { id: Number(r.created_by), displayName: r.creator_name ?? '' },
  revokedAt: ms(r.revoked_at),
  heartbeat:
    r.heartbeat_at === null
      ? null
      : { at: Number(r.heartbeat_at), lastSyncAt: ms(r.last_sync_at), waiting: Number(r.waiting ?? 0), version: r.app_version ?? '', battery: r.battery === null ? null : Number(r.battery) },
})

/** What the audit keeps of a device: never its token's hash. */
export const deviceSnapshot = (d: KioskDeviceRecord) => ({ counter: d.counter, name: d.name, revokedAt: d.revokedAt })

export const COUNTER_REFUSAL = (counter: string) => ({ ok: false as const, reason: 'invalid' as const, field: 'counter', message: `counter: there is no active counter ${counter}` })
