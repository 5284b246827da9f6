/**
 * What the shipped migrations are written from: the column lists a table rebuild copies and the declarations
 * migrations 1, 11 and 13 wrote. Each shipped migration's SQL is frozen (tests/server/migrations-frozen.test.ts),
 * so an edit here changes shipped migrations: never edit these, add new ones beside them.
 */

/** The columns of responses and response_answers, in order: what a table rebuild copies. */
export const RESPONSE_TABLE_COLUMNS = `id, hash, counter_code, unit_code, procedure_code, dossier, questionnaire_key, questionnaire_version, level,
    score, max_score, lang, submitted_at, received_at, rated_at, local_day, week_start, hour, weekday, payload`
export const ANSWER_TABLE_COLUMNS = 'response_id, questionnaire_key, question_id, value, points, max_points, level, local_day'
export const SESSION_TABLE_COLUMNS = 'id_hash, staff_id, csrf_token, created_at, last_seen_at, expires_at'

/**
 * The declarations of responses' and response_answers' columns as migration 1 wrote them. Migration 11
 * rebuilt both tables from the same lines, without the constraints it names. Two shipped migrations are
 * written from these: never edit them.
 */
export const responseColumns = (dossier: 'dossier TEXT UNIQUE' | 'dossier TEXT') => `
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    counter_code TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    procedure_code TEXT,
    ${dossier},
    questionnaire_key TEXT NOT NULL,
    questionnaire_version INTEGER NOT NULL,
    level TEXT,
    score INTEGER,
    max_score INTEGER,
    lang TEXT NOT NULL,
    submitted_at INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    rated_at INTEGER NOT NULL,
    local_day TEXT NOT NULL,
    week_start TEXT NOT NULL,
    hour INTEGER NOT NULL,
    weekday INTEGER NOT NULL,
    payload TEXT NOT NULL,
    FOREIGN KEY (questionnaire_key, questionnaire_version) REFERENCES questionnaires(key, version)`
export const ANSWER_COLUMN_DECLARATIONS = `
    response_id TEXT NOT NULL REFERENCES responses(id),
    questionnaire_key TEXT NOT NULL,
    question_id TEXT NOT NULL,
    value TEXT NOT NULL,
    points INTEGER,
    max_points INTEGER,
    level TEXT,
    local_day TEXT NOT NULL`

/**
 * SQLite's procedure for what ALTER TABLE cannot change (https://sqlite.org/lang_altertable.html#otheralter):
 * the new table beside the old one, the rows copied over, the old table dropped and the new one renamed. The
 * old table's indexes go with it: the caller creates them again.
 */
export function rebuildTable(table: string, version: number, declarations: string, columns: string, options: { withoutRowid?: boolean; orderBy?: string } = {}): string {
  const next = `${table}_v${version}`
  return `CREATE TABLE ${next} (${declarations}
  )${options.withoutRowid ? ' WITHOUT ROWID' : ''};
  INSERT INTO ${next} (${columns}) SELECT ${columns} FROM ${table}${options.orderBy ? ` ORDER BY ${options.orderBy}` : ''};
  DROP TABLE ${table};
  ALTER TABLE ${next} RENAME TO ${table};`
}

/**
 * admin_audit rebuilt for a new CHECK on its entities (ALTER TABLE cannot change one), with its index and
 * append-only triggers, as migrations 15 and 16 wrote it by hand. `entities` lists every entity, old and new.
 * A migration from 19 on is written from it: never edit it.
 */
export function rebuildAdminAudit(version: number, entities: readonly string[]): string {
  return `${rebuildTable(
    'admin_audit',
    version,
    `
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    actor INTEGER NOT NULL REFERENCES staff(id),
    entity TEXT NOT NULL CHECK (entity IN (${entities.map((e) => `'${e}'`).join(', ')})),
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
  BEGIN SELECT RAISE(ABORT, 'admin_audit is append-only'); END;`
}
