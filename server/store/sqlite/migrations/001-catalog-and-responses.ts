import { ANSWER_COLUMN_DECLARATIONS, responseColumns } from './helpers'

/**
 * The first schema: the catalog (units, counters, procedures), the questionnaire versions, and the responses
 * with their answers.
 */
export const sql = `
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
  CREATE TABLE responses (${responseColumns('dossier TEXT UNIQUE')}
  ) WITHOUT ROWID;
  CREATE INDEX responses_by_day ON responses(local_day);
  CREATE TABLE response_answers (${ANSWER_COLUMN_DECLARATIONS},
    PRIMARY KEY (response_id, question_id, value)
  ) WITHOUT ROWID;
  CREATE INDEX answers_by_day ON response_answers(local_day, questionnaire_key, question_id);
  `
