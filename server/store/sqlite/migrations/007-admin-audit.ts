/**
 * Administration: every change an administrator makes to the catalog, the questionnaires or the staff
 * accounts, append-only (never a password or its hash). A published questionnaire version is frozen, and
 * a counter's code never changes (it is printed on QR posters).
 */
export const sql = `
  CREATE TABLE admin_audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor INTEGER NOT NULL REFERENCES staff(id),
    entity TEXT NOT NULL CHECK (entity IN ('unit', 'counter', 'procedure', 'questionnaire', 'staff')),
    entity_key TEXT NOT NULL,
    action TEXT NOT NULL,
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after TEXT CHECK (after IS NULL OR json_valid(after)),
    note TEXT
  );
  CREATE INDEX admin_audit_by_entity ON admin_audit(entity, entity_key, id);
  CREATE TRIGGER admin_audit_no_update BEFORE UPDATE ON admin_audit
  BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;
  CREATE TRIGGER admin_audit_no_delete BEFORE DELETE ON admin_audit
  BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;

  ALTER TABLE questionnaires ADD COLUMN published_by INTEGER REFERENCES staff(id);
  CREATE TRIGGER questionnaires_frozen BEFORE UPDATE OF key, version, definition, published_at, published_by ON questionnaires
  BEGIN SELECT RAISE(ABORT, 'a published questionnaire version never changes; publish a new version'); END;
  CREATE TRIGGER questionnaires_never_deleted BEFORE DELETE ON questionnaires
  BEGIN SELECT RAISE(ABORT, 'questionnaire versions are never deleted: responses point at them'); END;
  CREATE TRIGGER counters_code_stable BEFORE UPDATE OF code ON counters WHEN NEW.code IS NOT OLD.code
  BEGIN SELECT RAISE(ABORT, 'a counter code never changes: it is printed on QR posters'); END;
  `
