/**
 * Handling by staff: assignment, acceptance (thụ lý), the complex mark, duplicates, a version for
 * optimistic concurrency; full-text search over descriptions; routing, deadlines and the working calendar
 * as settings an administrator edits, each change kept in an append-only history.
 */
export const sql = `
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
  `
