/**
 * Feedback items (phản ánh, kiến nghị), their photos and their append-only audit trail. Routing rules,
 * deadline config and the working calendar still come from server/seed; they become tables later.
 */
export const sql = `
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
  `
