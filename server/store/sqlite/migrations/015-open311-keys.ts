import { rebuildTable } from './helpers'

/**
 * Open311 GeoReport v2 (issue 15): the API keys its clients file requests with, stored only as SHA-256 hashes
 * (the key itself is shown once, to whoever created it), revoked rather than deleted since items point at
 * them; created_by is null for a key made with `npm run open311-key`. Each feedback item records the key it
 * was filed with (null for the citizen pages) and what the client said about where: lat/long, an address,
 * a photo's URL. The key column carries no REFERENCES clause: SQLite could not drop it again when tests take
 * a database back to an older version (tests/server/test-app.ts migrateBackTo); the store writes only the id
 * of a key it has just read. The administration audit learns the entity `open311_key` (its CHECK is rebuilt,
 * with its index and append-only triggers).
 */
export const sql = `
  CREATE TABLE open311_keys (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    key_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    created_by INTEGER REFERENCES staff(id),
    revoked_at INTEGER
  );
  CREATE TRIGGER open311_keys_never_deleted BEFORE DELETE ON open311_keys
  BEGIN SELECT RAISE(ABORT, 'Open311 keys are revoked, never deleted: items point at them'); END;
  ALTER TABLE feedback ADD COLUMN open311_key_id INTEGER;
  ALTER TABLE feedback ADD COLUMN open311_lat REAL;
  ALTER TABLE feedback ADD COLUMN open311_long REAL;
  ALTER TABLE feedback ADD COLUMN open311_address TEXT;
  ALTER TABLE feedback ADD COLUMN open311_media_url TEXT;

  ${rebuildTable('admin_audit', 15, `
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor INTEGER NOT NULL REFERENCES staff(id),
    entity TEXT NOT NULL CHECK (entity IN ('unit', 'counter', 'procedure', 'questionnaire', 'staff', 'open311_key')),
    entity_key TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after TEXT CHECK (after IS NULL OR json_valid(after)),
    note TEXT`, 'id, at, actor, entity, entity_key, action, before, after, note', { orderBy: 'id' })}
  CREATE INDEX admin_audit_by_entity ON admin_audit(entity, entity_key, id);
  CREATE TRIGGER admin_audit_no_update BEFORE UPDATE ON admin_audit
  BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;
  CREATE TRIGGER admin_audit_no_delete BEFORE DELETE ON admin_audit
  BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;
  `
