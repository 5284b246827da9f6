import { adminAuditWriter } from './admin-audit'
import type Database from 'better-sqlite3'
import type { Actor } from '../admin-store'
import { KEY_COLUMNS, KEY_FROM, keySnapshot, type KeyRow, type Open311RequestFilter, type Open311Store, REQUEST_COLUMNS, type RequestRow, toKeyRecord, toRequestRow } from '../open311-store'

/** Open311 keys and the public view of items, through the store's own connection (few writes, read at once). */
export function sqliteOpen311Store(db: Database.Database): Open311Store {
  const keyById = db.prepare<[number], KeyRow>(`SELECT ${KEY_COLUMNS} FROM ${KEY_FROM} WHERE k.id = ?`)
  const allKeys = db.prepare<[], KeyRow>(`SELECT ${KEY_COLUMNS} FROM ${KEY_FROM} ORDER BY k.id DESC`)
  const byHash = db.prepare<[string], { id: number; revoked_at: number | null }>('SELECT id, revoked_at FROM open311_keys WHERE key_hash = ?')
  const insertKey = db.prepare('INSERT INTO open311_keys (name, key_hash, created_at, created_by) VALUES (?, ?, ?, ?)')
  const revoke = db.prepare('UPDATE open311_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL')
  const writeAudit = adminAuditWriter(db)
  const audit = (actor: Actor, id: number, action: string, before: unknown, after: unknown) => writeAudit(actor, 'open311_key', String(id), action, before, after)

  const create = db.transaction((name: string, keyHash: string, actor: Actor | null, at: number) => {
    const id = Number(insertKey.run(name, keyHash, at, actor?.id ?? null).lastInsertRowid)
    const record = toKeyRecord(keyById.get(id)!)
    if (actor) audit(actor, id, 'create', null, keySnapshot(record))
    return record
  })
  const revokeKey = db.transaction((id: number, actor: Actor) => {
    const before = keyById.get(id)
    if (!before) return undefined
    if (revoke.run(actor.at, id).changes === 0) return toKeyRecord(before)
    const after = toKeyRecord(keyById.get(id)!)
    audit(actor, id, 'revoke', keySnapshot(toKeyRecord(before)), keySnapshot(after))
    return after
  })

  return {
    async keys() {
      return allKeys.all().map(toKeyRecord)
    },
    async createKey({ name, keyHash }, actor, at) {
      return create.immediate(name, keyHash, actor, at)
    },
    async revokeKey(id, actor) {
      const record = revokeKey.immediate(id, actor)
      return record ? { ok: true, value: record } : { ok: false, reason: 'not_found' }
    },
    async keyByHash(keyHash) {
      const row = byHash.get(keyHash)
      return row ? { id: row.id, revokedAt: row.revoked_at } : undefined
    },
    async requests(filter: Open311RequestFilter) {
      const params: unknown[] = []
      const where: string[] = []
      if (filter.ids) {
        where.push(`f.id IN (${filter.ids.map(() => '?').join(', ')})`)
        params.push(...filter.ids)
      } else {
        where.push('f.received_at >= ?', 'f.received_at < ?')
        params.push(filter.from, filter.before)
        if (filter.categories) {
          where.push(`f.category IN (${filter.categories.map(() => '?').join(', ')})`)
          params.push(...filter.categories)
        }
        if (filter.open !== undefined) where.push(filter.open ? 'f.handling = 0' : 'f.handling <> 0')
      }
      const rows = db
        .prepare<unknown[], RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM feedback f WHERE ${where.join(' AND ')} ORDER BY f.received_at DESC, f.id LIMIT ?`)
        .all(...params, filter.limit)
      return rows.map(toRequestRow)
    },
  }
}
