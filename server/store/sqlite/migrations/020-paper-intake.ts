/**
 * Paper intake (issue 16): each paper rating form an officer keys waits here for a second officer's keying of
 * the same paper; only a matching pair becomes a response (its id is response_id, its channel paper). The row
 * stays as the record of who keyed it and who checked it. The pending entry of a dossier is unique, so that
 * the one-evaluation-per-dossier rule holds before the response exists.
 */
export const sql = `
  CREATE TABLE paper_entries (
    id INTEGER PRIMARY KEY,
    response_id TEXT NOT NULL UNIQUE,
    counter_code TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    questionnaire_key TEXT NOT NULL,
    questionnaire_version INTEGER NOT NULL,
    dossier TEXT,
    paper_day TEXT NOT NULL,
    form TEXT NOT NULL CHECK (json_valid(form)),
    keyed_by INTEGER NOT NULL REFERENCES staff(id),
    keyed_at INTEGER NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'stored', 'discarded')),
    mismatches INTEGER NOT NULL DEFAULT 0,
    checked_by INTEGER REFERENCES staff(id),
    checked_at INTEGER,
    discarded_by INTEGER REFERENCES staff(id),
    discarded_at INTEGER,
    CHECK (checked_by IS NULL OR checked_by <> keyed_by),
    CHECK ((status = 'stored') = (checked_by IS NOT NULL AND checked_at IS NOT NULL)),
    CHECK ((status = 'discarded') = (discarded_by IS NOT NULL AND discarded_at IS NOT NULL))
  );
  CREATE UNIQUE INDEX paper_entries_pending_dossier ON paper_entries(dossier) WHERE dossier IS NOT NULL AND status = 'pending';
  CREATE INDEX paper_entries_by_unit ON paper_entries(unit_code, status, keyed_at);
  `
