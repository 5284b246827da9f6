import type Database from 'better-sqlite3'
import type { Actor } from '../admin-store'
import { COUNTER_REFUSAL, DEVICE_COLUMNS, DEVICE_FROM, deviceSnapshot, type DeviceRow, type KioskStore, toDeviceRecord } from '../kiosk-store'
import { adminAuditWriter } from './admin-audit'

/** Kiosk devices through the store's own connection: a few writes an hour per tablet, read at once. */
export function sqliteKioskStore(db: Database.Database): KioskStore {
  const byId = db.prepare<[number], DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM ${DEVICE_FROM} WHERE d.id = ?`)
  const all = db.prepare<[], DeviceRow>(`SELECT ${DEVICE_COLUMNS} FROM ${DEVICE_FROM} ORDER BY d.id DESC`)
  const byHash = db.prepare<[string], { id: number; counter_code: string; name: string; revoked_at: number | null }>(
    'SELECT id, counter_code, name, revoked_at FROM kiosk_devices WHERE token_hash = ?',
  )
  const activeCounter = db.prepare<[string], { code: string }>('SELECT code FROM counters WHERE code = ? AND active = 1')
  const insert = db.prepare('INSERT INTO kiosk_devices (counter_code, name, token_hash, created_at, created_by) VALUES (?, ?, ?, ?, ?)')
  const revoke = db.prepare('UPDATE kiosk_devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
  const beat = db.prepare('UPDATE kiosk_devices SET heartbeat_at = ?, last_sync_at = ?, waiting = ?, app_version = ?, battery = ? WHERE id = ?')
  const writeAudit = adminAuditWriter(db)
  const audit = (actor: Actor, id: number, action: string, before: unknown, after: unknown) => writeAudit(actor, 'kiosk_device', String(id), action, before, after)

  const create = db.transaction((counter: string, name: string, tokenHash: string, actor: Actor) => {
    if (!activeCounter.get(counter)) return undefined
    const id = Number(insert.run(counter, name, tokenHash, actor.at, actor.id).lastInsertRowid)
    const record = toDeviceRecord(byId.get(id)!)
    audit(actor, id, 'create', null, deviceSnapshot(record))
    return record
  })
  const revokeDevice = db.transaction((id: number, actor: Actor) => {
    const before = byId.get(id)
    if (!before) return undefined
    if (revoke.run(actor.at, id).changes === 0) return toDeviceRecord(before)
    const after = toDeviceRecord(byId.get(id)!)
    audit(actor, id, 'revoke', deviceSnapshot(toDeviceRecord(before)), deviceSnapshot(after))
    return after
  })

  return {
    async devices() {
      return all.all().map(toDeviceRecord)
    },
    async createDevice({ counter, name, tokenHash }, actor) {
      const record = create.immediate(counter, name, tokenHash, actor)
      return record ? { ok: true, value: record } : COUNTER_REFUSAL(counter)
    },
    async revokeDevice(id, actor) {
      const record = revokeDevice.immediate(id, actor)
      return record ? { ok: true, value: record } : { ok: false, reason: 'not_found' }
    },
    async deviceByHash(tokenHash) {
      const row = byHash.get(tokenHash)
      return row ? { id: row.id, counter: row.counter_code, name: row.name, revokedAt: row.revoked_at } : undefined
    },
    async recordHeartbeat(id, h) {
      beat.run(h.at, h.lastSyncAt, h.waiting, h.version, h.battery, id)
    },
  }
}
