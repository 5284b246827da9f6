import type Database from 'better-sqlite3'

/**
 * Forward-only migrations; PRAGMA user_version records how many ran. Never edit a shipped one: add the
 * next. Each runs in its own transaction, so a failed upgrade leaves the previous schema intact.
 */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE units (
    code TEXT PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    is_inspectorate INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1
  );
  CREATE TABLE counters (
    code TEXT PRIMARY KEY,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    location_vi TEXT NOT NULL,
    location_en TEXT NOT NULL,
    unit_code TEXT NOT NULL REFERENCES units(code),
    questionnaire_key TEXT NOT NULL DEFAULT 'quick',
    active INTEGER NOT NULL DEFAULT 1
  );
  CREATE TABLE procedures (
    code TEXT PRIMARY KEY,
    national_code TEXT,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    unit_code TEXT NOT NULL REFERENCES units(code),
    time_limit_days INTEGER,
    active INTEGER NOT NULL DEFAULT 1
  );
  -- A published version is immutable; responses point at (key, version).
  CREATE TABLE questionnaires (
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    definition TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 0,
    published_at INTEGER NOT NULL,
    PRIMARY KEY (key, version)
  );
  CREATE TABLE responses (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    counter_code TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    procedure_code TEXT,
    dossier TEXT UNIQUE,
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
    FOREIGN KEY (questionnaire_key, questionnaire_version) REFERENCES questionnaires(key, version)
  ) WITHOUT ROWID;
  CREATE INDEX responses_by_day ON responses(local_day);
  CREATE TABLE response_answers (
    response_id TEXT NOT NULL REFERENCES responses(id),
    questionnaire_key TEXT NOT NULL,
    question_id TEXT NOT NULL,
    value TEXT NOT NULL,
    points INTEGER,
    max_points INTEGER,
    level TEXT,
    local_day TEXT NOT NULL,
    PRIMARY KEY (response_id, question_id, value)
  ) WITHOUT ROWID;
  CREATE INDEX answers_by_day ON response_answers(local_day, questionnaire_key, question_id);
  `,
  // Staff accounts, sessions and the audit of authentication events.
  `
  CREATE TABLE staff (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('unit_staff', 'unit_head', 'inspector', 'leadership', 'admin')),
    unit_code TEXT REFERENCES units(code),
    password_hash TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1,
    demo INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    deactivated_at INTEGER,
    CHECK (unit_code IS NOT NULL OR role IN ('leadership', 'admin'))
  );
  -- Items and the audit trail point at accounts: they are deactivated, never deleted.
  CREATE TRIGGER staff_never_deleted BEFORE DELETE ON staff
  BEGIN SELECT RAISE(ABORT, 'staff accounts are deactivated, never deleted'); END;

  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX sessions_by_staff ON sessions(staff_id);

  CREATE TABLE auth_events (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    kind TEXT NOT NULL,
    staff_id INTEGER,
    subject TEXT,
    client TEXT,
    method TEXT,
    path TEXT,
    status INTEGER,
    reason TEXT
  );
  CREATE INDEX auth_events_by_subject ON auth_events(subject, kind, at) WHERE subject IS NOT NULL;
  CREATE INDEX auth_events_by_client ON auth_events(client, kind, at) WHERE kind = 'sign_in_failed';
  CREATE TRIGGER auth_events_no_update BEFORE UPDATE ON auth_events
  BEGIN SELECT RAISE(ABORT, 'auth_events is append-only'); END;
  CREATE TRIGGER auth_events_no_delete BEFORE DELETE ON auth_events
  BEGIN SELECT RAISE(ABORT, 'auth_events is append-only'); END;

  -- Keys the hashes of typed usernames in auth_events: without it they could be reversed by hashing a list
  -- of likely names (or of passwords typed into the username field by mistake).
  INSERT INTO meta (key, value) VALUES ('auth_subject_key', lower(hex(randomblob(32))));
  `,
  // Feedback items (phản ánh, kiến nghị), their photos and their append-only audit trail. Routing rules,
  // deadline config and the working calendar still come from server/seed; they become tables later.
]

export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number
  for (let i = current; i < MIGRATIONS.length; i++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[i]!)
      db.pragma(`user_version = ${i + 1}`)
    })()
  }
  return MIGRATIONS.length
}
