import type { Actor } from '../admin-store'
import { COUNTER_REFUSAL, DEVICE_COLUMNS, DEVICE_FROM, deviceSnapshot, type DeviceRow, type KioskStore, toDeviceRecord } from '../kiosk-store'
import { recordAudit } from './admin-audit'
import type { Database, Queryable } from './database'

async function deviceById(client: Queryable, id: number) {
  const { rows } = await client.query<DeviceRow & Record<string, unknown>>(`SELECT ${DEVICE_COLUMNS} FROM ${DEVICE_FROM} WHERE d.id = $1`, [id])
  return rows[0] ? toDeviceRecord(rows[0]) : undefined
}

const audit = (client: Queryable, actor: Actor, id: number, action: string, before: unknown, after: unknown) =>
  recordAudit(client, actor, 'kiosk_device', String(id), action, before, after)

/** Kiosk devices, shared by every instance on the database. */
export function postgresKioskStore(db: Database): KioskStore {
  return {
    async devices() {
      return (await db.rows<DeviceRow & Record<string, unknown>>(`SELECT ${DEVICE_COLUMNS} FROM ${DEVICE_FROM} ORDER BY d.id DESC`)).map(toDeviceRecord)
    },
    async createDevice({ counter, name, tokenHash }, actor) {
      const record = await db.transaction(async (client) => {
        // FOR SHARE: a counter deactivated meanwhile waits for this insert, or this insert sees it inactive.
        const { rows: found } = await client.query('SELECT code FROM counters WHERE code = $1 AND active FOR SHARE', [counter])
        if (found.length === 0) return undefined
        const { rows } = await client.query<{ id: number }>(
          'INSERT INTO kiosk_devices (counter_code, name, token_hash, created_at, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
          [counter, name, tokenHash, actor.at, actor.id],
        )
        const created = (await deviceById(client, rows[0]!.id))!
        await audit(client, actor, created.id, 'create', null, deviceSnapshot(created))
        return created
      })
      return record ? { ok: true, value: record } : COUNTER_REFUSAL(counter)
    },
    async revokeDevice(id, actor) {
      const record = await db.transaction(async (client) => {
        const before = await deviceById(client, id)
        if (!before) return undefined
        const { rowCount } = await client.query('UPDATE kiosk_devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [actor.at, id])
        if (rowCount === 0) return before
        const after = (await deviceById(client, id))!
        await audit(client, actor, id, 'revoke', deviceSnapshot(before), deviceSnapshot(after))
        return after
      })
      return record ? { ok: true, value: record } : { ok: false, reason: 'not_found' }
    },
    async deviceByHash(tokenHash) {
      const [row] = await db.rows<{ id: number; counter_code: string; name: string; revoked_at: number | null }>(
        'SELECT id, counter_code, name, revoked_at FROM kiosk_devices WHERE token_hash = $1',
        [tokenHash],
      )
      return row ? { id: row.id, counter: row.counter_code, name: row.name, revokedAt: row.revoked_at === null ? null : Number(row.revoked_at) } : undefined
    },
    async recordHeartbeat(id, h) {
      await db.query('UPDATE kiosk_devices SET heartbeat_at = $1, last_sync_at = $2, waiting = $3, app_version = $4, battery = $5 WHERE id = $6', [
        h.at,
        h.lastSyncAt,
        h.waiting,
        h.version,
        h.battery,
        id,
      ])
    },
  }
}
