import type { AuditEntity } from '../../../shared/admin'
import type { Actor } from '../admin-store'
import type { Queryable } from './database'

/** Appends one admin_audit row in the caller's transaction: every audited administration change writes it so. */
export async function recordAudit(
  client: Queryable,
  actor: Actor,
  entity: AuditEntity,
  key: string,
  action: string,
  before: unknown,
  after: unknown,
  note: string | null = null,
): Promise<void> {
  await client.query(`INSERT INTO admin_audit (at, actor, entity, entity_key, action, before, after, note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
    actor.at,
    actor.id,
    entity,
    key,
    action,
    before === null ? null : JSON.stringify(before),
    after === null ? null : JSON.stringify(after),
    note,
  ])
}
