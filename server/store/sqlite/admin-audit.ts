import type Database from 'better-sqlite3'
import type { AuditEntity } from '../../../shared/admin'
import type { Actor } from '../admin-store'
import { snapshotColumns } from './snapshots'

/** Appends admin_audit rows, inside the caller's transaction: every audited administration change writes it so. */
export function adminAuditWriter(db: Database.Database) {
  const insert = db.prepare(`INSERT INTO admin_audit (at, actor, entity, entity_key, action, before, after, note)
    VALUES (@at, @actor, @entity, @key, @action, @before, @after, @note)`)
  return (actor: Actor, entity: AuditEntity, key: string, action: string, before: unknown, after: unknown, note: string | null = null) => {
    insert.run({ at: actor.at, actor: actor.id, entity, key, action, ...snapshotColumns(before, after), note })
  }
}
