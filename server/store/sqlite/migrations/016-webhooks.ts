import { rebuildTable } from './helpers'

/**
 * Webhooks for the province's systems (README "Webhooks"): the hooks an administrator registers, and the
 * durable queue of their deliveries. A delivery row is written in the same transaction as the change it
 * reports (feedback filed, assigned, answered), one per subscribed hook, and leaves the queue only as
 * delivered (a 2xx) or failed (24 h of retries). `webhook_overdue` remembers which items were reported
 * overdue, so that each is reported once. The administration audit admits the hooks as an entity: the
 * table is rebuilt for its CHECK (ALTER TABLE cannot change one), its index and triggers with it.
 */
export const sql = `
  CREATE TABLE webhooks (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    -- The events subscribed to, comma-separated (e.g. feedback.filed,feedback.answered).
    events TEXT NOT NULL,
    -- The signing key: stored as given, as it must be used to sign (shown to the administrator once).
    secret TEXT NOT NULL,
    enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY,
    hook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
    event TEXT NOT NULL,
    -- The event's own id: one delivery per hook and event, whatever enqueues it twice.
    event_id TEXT NOT NULL,
    payload TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    next_at INTEGER NOT NULL,
    give_up_at INTEGER NOT NULL,
    -- The claim of the dispatcher sending it now: another may take it only once lease_until has passed.
    lease_until INTEGER,
    lease_token TEXT,
    last_attempt_at INTEGER,
    last_status INTEGER,
    last_error TEXT,
    delivered_at INTEGER,
    UNIQUE (hook_id, event_id)
  );
  CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_at) WHERE status = 'pending';
  CREATE INDEX webhook_deliveries_by_hook ON webhook_deliveries(hook_id, created_at);
  CREATE TABLE webhook_overdue (
    feedback_id TEXT PRIMARY KEY REFERENCES feedback(id),
    at INTEGER NOT NULL
  );

  ${rebuildTable(
    'admin_audit',
    16,
    `
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor INTEGER NOT NULL REFERENCES staff(id),
    entity TEXT NOT NULL CHECK (entity IN ('unit', 'counter', 'procedure', 'questionnaire', 'staff', 'open311_key', 'webhook')),
    entity_key TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after TEXT CHECK (after IS NULL OR json_valid(after)),
    note TEXT`,
    'id, at, actor, entity, entity_key, action, before, after, note',
    { orderBy: 'id' },
  )}
  CREATE INDEX admin_audit_by_entity ON admin_audit(entity, entity_key, id);
  CREATE TRIGGER admin_audit_no_update BEFORE UPDATE ON admin_audit
  BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;
  CREATE TRIGGER admin_audit_no_delete BEFORE DELETE ON admin_audit
  BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;
  `
