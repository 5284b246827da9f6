/**
 * Staff accounts, sessions and the audit of authentication events.
 */
export const sql = `
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
  `
