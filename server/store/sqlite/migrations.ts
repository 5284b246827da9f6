import type Database from 'better-sqlite3'

/** The columns of responses and response_answers, in order: what a table rebuild copies. */
export const RESPONSE_TABLE_COLUMNS = `id, hash, counter_code, unit_code, procedure_code, dossier, questionnaire_key, questionnaire_version, level,
    score, max_score, lang, submitted_at, received_at, rated_at, local_day, week_start, hour, weekday, payload`
export const ANSWER_TABLE_COLUMNS = 'response_id, questionnaire_key, question_id, value, points, max_points, level, local_day'
const SESSION_TABLE_COLUMNS = 'id_hash, staff_id, csrf_token, created_at, last_seen_at, expires_at'

/**
 * The declarations of responses' and response_answers' columns as migration 1 wrote them. Migration 11
 * rebuilt both tables from the same lines, without the constraints it names. Two shipped migrations are
 * written from these: never edit them.
 */
const responseColumns = (dossier: 'dossier TEXT UNIQUE' | 'dossier TEXT') => `
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
const ANSWER_COLUMN_DECLARATIONS = `
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
function rebuildTable(table: string, version: number, declarations: string, columns: string, options: { withoutRowid?: boolean; orderBy?: string } = {}): string {
  const next = `${table}_v${version}`
  return `CREATE TABLE ${next} (${declarations}
  )${options.withoutRowid ? ' WITHOUT ROWID' : ''};
  INSERT INTO ${next} (${columns}) SELECT ${columns} FROM ${table}${options.orderBy ? ` ORDER BY ${options.orderBy}` : ''};
  DROP TABLE ${table};
  ALTER TABLE ${next} RENAME TO ${table};`
}

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
  CREATE TABLE responses (${responseColumns('dossier TEXT UNIQUE')}
  ) WITHOUT ROWID;
  CREATE INDEX responses_by_day ON responses(local_day);
  CREATE TABLE response_answers (${ANSWER_COLUMN_DECLARATIONS},
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
  `
  CREATE TABLE feedback (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL,
    tracking_code TEXT NOT NULL UNIQUE,
    category TEXT NOT NULL,
    legal_track TEXT NOT NULL CHECK (legal_track IN ('feedback', 'complaint', 'denunciation')),
    status TEXT NOT NULL CHECK (status IN ('received', 'acknowledged', 'in_progress', 'info_requested', 'answered',
      'closed', 'forwarded', 'duplicate', 'spam')),
    counter_code TEXT REFERENCES counters(code),
    procedure_code TEXT REFERENCES procedures(code),
    dossier TEXT,
    description TEXT NOT NULL,
    wants_answer INTEGER NOT NULL CHECK (wants_answer IN (0, 1)),
    -- Personal data: held only when an answer is wanted and consent was given (Nghị định 13/2023).
    contact_name TEXT,
    contact_phone TEXT,
    contact_email TEXT,
    hide_name INTEGER NOT NULL DEFAULT 0 CHECK (hide_name IN (0, 1)),
    consent_version TEXT,
    consent_at INTEGER,
    unit_code TEXT REFERENCES units(code),
    routed_by_rule TEXT,
    route_reason_vi TEXT,
    route_reason_en TEXT,
    received_at INTEGER NOT NULL,
    accept_by INTEGER,
    resolve_by INTEGER NOT NULL,
    public_answer TEXT,
    answered_at INTEGER,
    closed_at INTEGER,
    lang TEXT NOT NULL CHECK (lang IN ('vi', 'en')),
    submitted_at INTEGER NOT NULL,
    CHECK ((contact_name IS NULL AND contact_phone IS NULL AND contact_email IS NULL)
      OR (wants_answer = 1 AND consent_version IS NOT NULL AND consent_at IS NOT NULL)),
    CHECK ((consent_version IS NULL) = (consent_at IS NULL))
  );
  CREATE INDEX feedback_by_unit ON feedback(unit_code, status, resolve_by);
  CREATE INDEX feedback_by_deadline ON feedback(resolve_by) WHERE status IN ('received', 'acknowledged', 'in_progress', 'info_requested', 'forwarded');

  CREATE TABLE feedback_photos (
    feedback_id TEXT NOT NULL REFERENCES feedback(id),
    idx INTEGER NOT NULL CHECK (idx BETWEEN 0 AND 2),
    photo_id TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    bytes BLOB NOT NULL,
    size INTEGER NOT NULL CHECK (size = length(bytes) AND size BETWEEN 1 AND 2097152),
    PRIMARY KEY (feedback_id, idx),
    UNIQUE (feedback_id, photo_id)
  );

  -- Who did what to an item, and when; actor is null for the public (the citizen filing it).
  CREATE TABLE feedback_events (
    id INTEGER PRIMARY KEY,
    feedback_id TEXT NOT NULL REFERENCES feedback(id),
    at INTEGER NOT NULL,
    actor INTEGER REFERENCES staff(id),
    action TEXT NOT NULL,
    before TEXT CHECK (before IS NULL OR json_valid(before)),
    after TEXT CHECK (after IS NULL OR json_valid(after)),
    -- What the citizen sees on the tracking page ("forwarded to …"); null for internal events.
    public_note TEXT
  );
  CREATE INDEX feedback_events_by_item ON feedback_events(feedback_id, id);
  CREATE TRIGGER feedback_events_no_update BEFORE UPDATE ON feedback_events
  BEGIN SELECT RAISE(ABORT, 'feedback_events is append-only'); END;
  CREATE TRIGGER feedback_events_no_delete BEFORE DELETE ON feedback_events
  BEGIN SELECT RAISE(ABORT, 'feedback_events is append-only'); END;
  `,
  // Handling by staff: assignment, acceptance (thụ lý), the complex mark, duplicates, a version for
  // optimistic concurrency; full-text search over descriptions; routing, deadlines and the working calendar
  // as settings an administrator edits, each change kept in an append-only history.
  `
  ALTER TABLE feedback ADD COLUMN assigned_to INTEGER REFERENCES staff(id);
  ALTER TABLE feedback ADD COLUMN accepted_at INTEGER;
  ALTER TABLE feedback ADD COLUMN complex INTEGER NOT NULL DEFAULT 0 CHECK (complex IN (0, 1));
  ALTER TABLE feedback ADD COLUMN duplicate_of TEXT REFERENCES feedback(id);
  -- Bumped by every staff action: an action sent against an older version is refused, not merged.
  ALTER TABLE feedback ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
  CREATE INDEX feedback_by_received ON feedback(received_at);

  -- Its own copy of the text keyed by id: an external-content table would key on feedback's implicit rowid,
  -- which VACUUM may renumber. remove_diacritics 2 lets "tre han" find "trễ hạn".
  CREATE VIRTUAL TABLE feedback_search USING fts5(feedback_id UNINDEXED, description, tokenize = 'unicode61 remove_diacritics 2');
  INSERT INTO feedback_search (feedback_id, description) SELECT id, description FROM feedback;
  CREATE TRIGGER feedback_search_insert AFTER INSERT ON feedback
  BEGIN INSERT INTO feedback_search (feedback_id, description) VALUES (new.id, new.description); END;

  CREATE TABLE settings (
    key TEXT PRIMARY KEY CHECK (key IN ('routing_rules', 'deadlines', 'calendar')),
    value TEXT NOT NULL CHECK (json_valid(value)),
    version INTEGER NOT NULL CHECK (version >= 1),
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES staff(id)
  );
  CREATE TABLE settings_history (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL,
    version INTEGER NOT NULL,
    value TEXT NOT NULL CHECK (json_valid(value)),
    at INTEGER NOT NULL,
    actor INTEGER REFERENCES staff(id),
    UNIQUE (key, version)
  );
  CREATE TRIGGER settings_history_no_update BEFORE UPDATE ON settings_history
  BEGIN SELECT RAISE(ABORT, 'settings_history is append-only'); END;
  CREATE TRIGGER settings_history_no_delete BEFORE DELETE ON settings_history
  BEGIN SELECT RAISE(ABORT, 'settings_history is append-only'); END;
  `,
  // Rollups for the dashboard and reports: per day and per unit, counter, procedure and level, kept current by
  // triggers in the same transaction as each response, so a year over a million responses reads a few
  // thousand rows. Responses are never updated or deleted, so inserts are all the triggers follow. Sums and
  // counts are kept apart (score_sum / scored), so means come out exactly as AVG over the raw rows would.
  `
  CREATE TABLE response_rollup (
    local_day TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    counter_code TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    level TEXT NOT NULL,
    responses INTEGER NOT NULL,
    scored INTEGER NOT NULL,
    score_sum INTEGER NOT NULL,
    max_count INTEGER NOT NULL,
    max_sum INTEGER NOT NULL,
    PRIMARY KEY (local_day, unit_code, counter_code, procedure_code, level)
  ) WITHOUT ROWID;
  INSERT INTO response_rollup
    SELECT local_day, unit_code, counter_code, COALESCE(procedure_code, ''), COALESCE(level, ''), COUNT(*), COUNT(score),
      COALESCE(SUM(score), 0), COUNT(max_score), COALESCE(SUM(max_score), 0)
    FROM responses GROUP BY 1, 2, 3, 4, 5;

  -- The hour-of-day × weekday heat map (weekday follows from the day; kept to avoid computing it per row).
  CREATE TABLE response_hour_rollup (
    local_day TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    counter_code TEXT NOT NULL,
    weekday INTEGER NOT NULL,
    hour INTEGER NOT NULL,
    responses INTEGER NOT NULL,
    unsatisfied INTEGER NOT NULL,
    PRIMARY KEY (local_day, unit_code, counter_code, hour)
  ) WITHOUT ROWID;
  INSERT INTO response_hour_rollup
    SELECT local_day, unit_code, counter_code, weekday, hour, COUNT(*), SUM(level IS 'unsatisfied') FROM responses GROUP BY 1, 2, 3, 5;

  CREATE TABLE answer_rollup (
    local_day TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    counter_code TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    questionnaire_key TEXT NOT NULL,
    question_id TEXT NOT NULL,
    level TEXT NOT NULL,
    answers INTEGER NOT NULL,
    -- Responses answering the question: counted on the first answer row of each (response, question).
    responses INTEGER NOT NULL,
    points_count INTEGER NOT NULL,
    points_sum INTEGER NOT NULL,
    max_count INTEGER NOT NULL,
    max_sum INTEGER NOT NULL,
    PRIMARY KEY (local_day, unit_code, counter_code, procedure_code, questionnaire_key, question_id, level)
  ) WITHOUT ROWID;
  INSERT INTO answer_rollup
    SELECT a.local_day, r.unit_code, r.counter_code, COALESCE(r.procedure_code, ''), a.questionnaire_key, a.question_id,
      COALESCE(a.level, ''), COUNT(*), 0, COUNT(a.points), COALESCE(SUM(a.points), 0), COUNT(a.max_points), COALESCE(SUM(a.max_points), 0)
    FROM response_answers a JOIN responses r ON r.id = a.response_id GROUP BY 1, 2, 3, 4, 5, 6, 7;
  -- The distinct responses per question, put on one row of each group (the lowest level) for the backfill.
  UPDATE answer_rollup SET responses = (
    SELECT COUNT(DISTINCT a.response_id) FROM response_answers a JOIN responses r ON r.id = a.response_id
    WHERE a.local_day = answer_rollup.local_day AND r.unit_code = answer_rollup.unit_code AND r.counter_code = answer_rollup.counter_code
      AND COALESCE(r.procedure_code, '') = answer_rollup.procedure_code AND a.questionnaire_key = answer_rollup.questionnaire_key
      AND a.question_id = answer_rollup.question_id
  ) WHERE level = (
    SELECT MIN(b.level) FROM answer_rollup b WHERE b.local_day = answer_rollup.local_day AND b.unit_code = answer_rollup.unit_code
      AND b.counter_code = answer_rollup.counter_code AND b.procedure_code = answer_rollup.procedure_code
      AND b.questionnaire_key = answer_rollup.questionnaire_key AND b.question_id = answer_rollup.question_id
  );

  CREATE TRIGGER responses_rollup AFTER INSERT ON responses
  BEGIN
    INSERT INTO response_rollup (local_day, unit_code, counter_code, procedure_code, level, responses, scored, score_sum, max_count, max_sum)
    VALUES (NEW.local_day, NEW.unit_code, NEW.counter_code, COALESCE(NEW.procedure_code, ''), COALESCE(NEW.level, ''), 1,
      NEW.score IS NOT NULL, COALESCE(NEW.score, 0), NEW.max_score IS NOT NULL, COALESCE(NEW.max_score, 0))
    ON CONFLICT DO UPDATE SET responses = responses + 1, scored = scored + excluded.scored, score_sum = score_sum + excluded.score_sum,
      max_count = max_count + excluded.max_count, max_sum = max_sum + excluded.max_sum;
    INSERT INTO response_hour_rollup (local_day, unit_code, counter_code, weekday, hour, responses, unsatisfied)
    VALUES (NEW.local_day, NEW.unit_code, NEW.counter_code, NEW.weekday, NEW.hour, 1, NEW.level IS 'unsatisfied')
    ON CONFLICT DO UPDATE SET responses = responses + 1, unsatisfied = unsatisfied + excluded.unsatisfied;
  END;

  CREATE TRIGGER response_answers_rollup AFTER INSERT ON response_answers
  BEGIN
    INSERT INTO answer_rollup (local_day, unit_code, counter_code, procedure_code, questionnaire_key, question_id, level, answers, responses,
      points_count, points_sum, max_count, max_sum)
    SELECT NEW.local_day, r.unit_code, r.counter_code, COALESCE(r.procedure_code, ''), NEW.questionnaire_key, NEW.question_id,
      COALESCE(NEW.level, ''), 1,
      NOT EXISTS (SELECT 1 FROM response_answers o WHERE o.response_id = NEW.response_id AND o.question_id = NEW.question_id AND o.value <> NEW.value),
      NEW.points IS NOT NULL, COALESCE(NEW.points, 0), NEW.max_points IS NOT NULL, COALESCE(NEW.max_points, 0)
    FROM responses r WHERE r.id = NEW.response_id
    ON CONFLICT DO UPDATE SET answers = answers + 1, responses = responses + excluded.responses, points_count = points_count + excluded.points_count,
      points_sum = points_sum + excluded.points_sum, max_count = max_count + excluded.max_count, max_sum = max_sum + excluded.max_sum;
  END;
  `,
  // Staff handling: the internal note of an event (staff only; public_note is what the citizen sees), and
  // search that finds "địa chỉ" from "dia chi": unicode61 strips tone marks but keeps đ a letter of its own,
  // so the indexed copy folds đ/Đ to d/D and the server folds the query the same way.
  `
  ALTER TABLE feedback_events ADD COLUMN internal_note TEXT;
  DROP TRIGGER feedback_search_insert;
  DELETE FROM feedback_search;
  INSERT INTO feedback_search (feedback_id, description)
    SELECT id, replace(replace(description, 'đ', 'd'), 'Đ', 'D') FROM feedback;
  CREATE TRIGGER feedback_search_insert AFTER INSERT ON feedback
  BEGIN INSERT INTO feedback_search (feedback_id, description) VALUES (new.id, replace(replace(new.description, 'đ', 'd'), 'Đ', 'D')); END;
  `,
  // Administration: every change an administrator makes to the catalog, the questionnaires or the staff
  // accounts, append-only (never a password or its hash). A published questionnaire version is frozen, and
  // a counter's code never changes (it is printed on QR posters).
  `
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
  `,
  // The feedback summary (indicator 8, the dashboard, the reports) and the inbox over a hundred thousand items
  // a year. Two computed columns, kept in the indexes so that no query works them out row by row: the
  // deadline an item is marked by (acceptance while it waits for it, then resolution) and where its
  // handling stands: 0 open (the statuses of OPEN_STATUSES in shared/feedback.ts), 1 answered on time,
  // 2 answered late, 3 finished without an answer.
  `
  ALTER TABLE feedback ADD COLUMN due_at INTEGER
    GENERATED ALWAYS AS (CASE WHEN accepted_at IS NULL AND accept_by IS NOT NULL THEN accept_by ELSE resolve_by END) VIRTUAL;
  ALTER TABLE feedback ADD COLUMN handling INTEGER GENERATED ALWAYS AS (CASE
      WHEN status IN ('received', 'acknowledged', 'in_progress', 'info_requested', 'forwarded') THEN 0
      WHEN answered_at IS NULL THEN 3
      WHEN answered_at <= resolve_by THEN 1
      ELSE 2 END) VIRTUAL;
  -- In the order of the summary's GROUP BY: one pass over the index, no sort (a sort of the period's rows
  -- costs more than reading the whole index, up to a few hundred thousand items).
  CREATE INDEX feedback_summary ON feedback(unit_code, category, legal_track, handling, received_at, due_at);
  CREATE INDEX feedback_open_by_due ON feedback(due_at, received_at, id) WHERE handling = 0;
  `,
  // The median time to answer (issue 4): working days from receipt to the answer, written when the answer is
  // given, because the calendar that counts them is data the database cannot read. In the summary's index,
  // after handling, so that the summary still reads it in one pass and gets a histogram to take medians from.
  // Items answered before this migration are filled in at start-up (server/domain/answer-days.ts).
  `
  ALTER TABLE feedback ADD COLUMN answer_working_days INTEGER CHECK (answer_working_days IS NULL OR answer_working_days >= 0);
  DROP INDEX feedback_summary;
  CREATE INDEX feedback_summary ON feedback(unit_code, category, legal_track, handling, answer_working_days, received_at, due_at);
  `,
  // The rollups are added by the writer, once per distinct key of each committed group (sqlite/rollups.js),
  // instead of by a trigger run per response and per answer: the triggers were about a fifth of the CPU a
  // stored response cost under load. answers_by_day served no query and cost every answer an index entry.
  `
  DROP TRIGGER responses_rollup;
  DROP TRIGGER response_answers_rollup;
  DROP INDEX answers_by_day;
  `,
  // Fewer pages written per commit. A quick rating has no dossier, yet the column's UNIQUE constraint put an
  // entry for its NULL into an index: now only dossiers are indexed (a partial unique index, which needs the
  // table rebuilt). response_answers had a primary key that no query reads (validation already refuses an
  // option given twice); as a plain rowid table its rows are appended, not placed into a second b-tree. Both
  // together: about 30 → 21 pages written per commit of 42 quick ratings. The rebuild takes about 1 s per
  // 200,000 stored responses, once, at start-up.
  `
  ${rebuildTable('responses', 11, responseColumns('dossier TEXT'), RESPONSE_TABLE_COLUMNS, { withoutRowid: true })}
  CREATE INDEX responses_by_day ON responses(local_day);
  CREATE UNIQUE INDEX responses_by_dossier ON responses(dossier) WHERE dossier IS NOT NULL;

  ${rebuildTable('response_answers', 11, ANSWER_COLUMN_DECLARATIONS, ANSWER_TABLE_COLUMNS, { orderBy: 'response_id, question_id, value' })}
  `,
  // Indicator 7 of the official form asks about the staff's attitude, yet version 1's options spoke only of
  // when the result came. A published version never changes: a questionnaire whose active version still has
  // those options gets the reworded question (INDICATOR_7_WORDING in server/seed/questionnaires.ts, copied
  // here as it stood, since a shipped migration never changes) as its next version, made active. Points,
  // values and everything else stay; responses keep the version they were given under. Without an actor:
  // like the seeded versions, it has no admin_audit row and no published_by. A new database has no
  // questionnaire yet at this point and gets the reworded version from the seed.
  `
  CREATE TEMP TABLE reworded AS
    SELECT q.key, q.definition, MIN(i7.key) AS question,
      (SELECT MAX(version) FROM questionnaires later WHERE later.key = q.key) + 1 AS version
    FROM questionnaires q, json_each(q.definition, '$.questions') i7
    WHERE q.active = 1
      AND json_extract(i7.value, '$.indicator') = 7
      AND json_extract(i7.value, '$.options[0].label.vi') = 'Trả kết quả sớm, không có phản ánh'
      AND json_extract(i7.value, '$.options[1].label.vi') = 'Đúng hẹn, không có phản ánh'
      AND json_extract(i7.value, '$.options[2].label.vi') = 'Có phản ánh, kiến nghị'
    GROUP BY q.key;
  UPDATE questionnaires SET active = 0 WHERE key IN (SELECT key FROM reworded);
  INSERT INTO questionnaires (key, version, definition, active, published_at)
    SELECT key, version, json_set(definition,
        '$.version', version,
        '$.questions[' || question || '].text',
        json('{"vi":"Thái độ, cách ứng xử của cán bộ khi hướng dẫn, tiếp nhận và giải quyết hồ sơ","en":"How the staff treated you while guiding you, receiving and handling your dossier"}'),
        '$.questions[' || question || '].options[0].label',
        json('{"vi":"Không có gì phải phản ánh về cán bộ, và nhận kết quả sớm hơn ngày hẹn","en":"No complaint about the staff, and the result came before the appointed date"}'),
        '$.questions[' || question || '].options[1].label',
        json('{"vi":"Không có gì phải phản ánh về cán bộ, và nhận kết quả đúng ngày hẹn","en":"No complaint about the staff, and the result came on the appointed date"}'),
        '$.questions[' || question || '].options[2].label',
        json('{"vi":"Có điều cần phản ánh về thái độ, cách ứng xử của cán bộ","en":"I have a complaint about the staff''s attitude or conduct"}')),
      1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)
    FROM reworded;
  DROP TABLE reworded;
  `,
  // The staff second factor (issue 12): one TOTP secret per account, kept unconfirmed (enabled_at NULL) until
  // the first code from the app proves it was added; last_used_step refuses a code used once already. Ten
  // recovery codes, stored as SHA-256 hashes, each used once. A session past the password only (its second
  // factor still to come) is pending_second_factor = 1 and opens nothing but the second-factor endpoints.
  // Written so that it can run again over its own result (IF NOT EXISTS, sessions rebuilt from the columns
  // it had before): tests take a database back to an older version and migrate it forward again.
  `
  ${rebuildTable('sessions', 13, `
    id_hash TEXT PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    pending_second_factor INTEGER NOT NULL DEFAULT 0 CHECK (pending_second_factor IN (0, 1))`, SESSION_TABLE_COLUMNS, { withoutRowid: true })}
  CREATE INDEX sessions_by_staff ON sessions(staff_id);

  CREATE TABLE IF NOT EXISTS staff_totp (
    staff_id INTEGER PRIMARY KEY REFERENCES staff(id),
    secret TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    enabled_at INTEGER,
    last_used_step INTEGER
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS staff_recovery_codes (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    used_at INTEGER,
    UNIQUE (staff_id, hash)
  );
  `,
  // "Track" now names only the citizens' tracking page: what was an item's legal track (feedback, complaint,
  // denunciation, each with its own time limits) is its petition type (loại đơn). The column is renamed (its
  // CHECK and the summary's index follow it), and the saved deadlines take the new names: `rules` per type for
  // `tracks`, `petitionType` for each override's `track`. Append-only records keep the names they were written
  // with: settings_history's values (never read back) and feedback_events' states (read as the new name by
  // sqlite/feedback-store.ts). Not runnable twice: tests that take a database back before it rename the
  // column back first (tests/server/test-app.ts).
  `
  ALTER TABLE feedback RENAME COLUMN legal_track TO petition_type;
  UPDATE settings SET value = json_set(json_remove(value, '$.tracks'),
      '$.rules', json_extract(value, '$.tracks'),
      '$.overrides', (SELECT json_group_array(json_object(
          'petitionType', json_extract(o.value, '$.track'),
          'category', json_extract(o.value, '$.category'),
          'rule', json_extract(o.value, '$.rule')) ORDER BY o.key)
        FROM json_each(settings.value, '$.overrides') o))
    WHERE key = 'deadlines' AND json_type(value, '$.tracks') = 'object';
  `,
]

export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current >= MIGRATIONS.length) return MIGRATIONS.length
  // SQLite's procedure for rebuilding a table: foreign keys off (it cannot change inside a transaction, and
  // dropping a parent table would otherwise delete through its children), then checked before each commit.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number
  db.pragma('foreign_keys = OFF')
  try {
    for (let i = current; i < MIGRATIONS.length; i++) {
      db.transaction(() => {
        // Read again under the write lock: another process opening the file may have applied it meanwhile.
        if ((db.pragma('user_version', { simple: true }) as number) > i) return
        db.exec(MIGRATIONS[i]!)
        const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[]
        if (broken.length > 0) throw new Error(`migration ${i + 1} leaves ${broken.length} row(s) of ${broken[0]!.table} without their ${broken[0]!.parent}`)
        db.pragma(`user_version = ${i + 1}`)
      }).immediate() // see configure in writer-core.js
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys}`)
  }
  return MIGRATIONS.length
}
