import { recordAudit } from './admin-audit'
import type { Actor } from '../admin-store'
import { KEY_COLUMNS, KEY_FROM, keySnapshot, type KeyRow, type Open311RequestFilter, type Open311Store, REQUEST_COLUMNS, type RequestRow, toKeyRecord, toRequestRow } from '../open311-store'
import type { Database, Queryable } from './database'

async function keyById(client: Queryable, id: number) {
  const { rows } = await client.query<KeyRow & Record<string, unknown>>(`SELECT ${KEY_COLUMNS} FROM ${KEY_FROM} WHERE k.id = $1`, [id])
  return rows[0] ? toKeyRecord(rows[0]) : undefined
}

const audit = (client: Queryable, actor: Actor, id: number, action: string, before: unknown, after: unknown) =>
  recordAudit(client, actor, 'open311_key', String(id), action, before, after)

/** Open311 keys and the public view of items, shared by every instance on the database. */
export function postgresOpen311Store(db: Database): Open311Store {
  return {
    async keys() {
      return (await db.rows<KeyRow & Record<string, unknown>>(`SELECT ${KEY_COLUMNS} FROM ${KEY_FROM} ORDER BY k.id DESC`)).map(toKeyRecord)
    },
    async createKey({ name, keyHash }, actor, at) {
      return db.transaction(async (client) => {
        const { rows } = await client.query<{ id: number }>('INSERT INTO open311_keys (name, key_hash, created_at, created_by) VALUES ($1, $2, $3, $4) RETURNING id', [
          name,
          keyHash,
          at,
          actor?.id ?? null,
        ])
        const record = (await keyById(client, rows[0]!.id))!
        if (actor) await audit(client, actor, record.id, 'create', null, keySnapshot(record))
        return record
      })
    },
    async revokeKey(id, actor) {
      const record = await db.transaction(async (client) => {
        const before = await keyById(client, id)
        if (!before) return undefined
        const { rowCount } = await client.query('UPDATE open311_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [actor.at, id])
        if (rowCount === 0) return before
        const after = (await keyById(client, id))!
        await audit(client, actor, id, 'revoke', keySnapshot(before), keySnapshot(after))
        return after
      })
      return record ? { ok: true, value: record } : { ok: false, reason: 'not_found' }
    },
    async keyByHash(keyHash) {
      const [row] = await db.rows<{ id: number; revoked_at: number | null }>('SELECT id, revoked_at FROM open311_keys WHERE key_hash = $1', [keyHash])
      return row ? { id: row.id, revokedAt: row.revoked_at === null ? null : Number(row.revoked_at) } : undefined
    },
    async requests(filter: Open311RequestFilter) {
      const params: unknown[] = []
      const where: string[] = []
      const param = (value: unknown) => {
        params.push(value)
        return `$${params.length}`
      }
      if (filter.ids) {
        where.push(`f.id = ANY(${param(filter.ids)}::text[])`)
      } else {
        where.push(`f.received_at >= ${param(filter.from)}`, `f.received_at < ${param(filter.before)}`)
        if (filter.categories) where.push(`f.category = ANY(${param(filter.categories)}::text[])`)
        if (filter.open !== undefined) where.push(filter.open ? 'f.handling = 0' : 'f.handling <> 0')
      }
      const rows = await db.rows<RequestRow & Record<string, unknown>>(
        `SELECT ${REQUEST_COLUMNS} FROM feedback f WHERE ${where.join(' AND ')} ORDER BY f.received_at DESC, f.id LIMIT ${param(filter.limit)}`,
        params,
      )
      return rows.map(toRequestRow)
    },
  }
}
