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
