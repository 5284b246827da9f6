/**
 * Telling people (README "Notifications and e-mail (SMTP)"): staff accounts get an e-mail address; in-app
 * notifications per officer; `notice_marks` remembers which item was announced for which reason (a new item
 * once per unit it is routed to, due soon and overdue once per item), so that no restart nor second instance
 * announces it twice; `mail_outbox` is the durable queue of e-mails (leases, retries, give-up) and
 * `mail_digests` the daily digest each officer was given. Items filed before this migration count as announced:
 * nobody is told at once about a backlog as if it were new.
 */
export const sql = `
  ALTER TABLE staff ADD COLUMN email TEXT;
  CREATE TABLE notice_marks (
    feedback_id TEXT NOT NULL REFERENCES feedback(id),
    kind TEXT NOT NULL CHECK (kind IN ('new', 'due_soon', 'overdue')),
    -- The unit a new item was routed to ('' for none); '' for the other kinds.
    unit_key TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (feedback_id, kind, unit_key)
  );
  INSERT INTO notice_marks (feedback_id, kind, unit_key, at)
    SELECT id, 'new', COALESCE(unit_code, ''), CAST(unixepoch('subsec') * 1000 AS INTEGER) FROM feedback;
  CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    feedback_id TEXT NOT NULL REFERENCES feedback(id),
    kind TEXT NOT NULL CHECK (kind IN ('new', 'due_soon', 'overdue')),
    created_at INTEGER NOT NULL,
    read_at INTEGER,
    UNIQUE (staff_id, feedback_id, kind)
  );
  CREATE INDEX notifications_by_staff ON notifications(staff_id, id);
  CREATE TABLE mail_outbox (
    -- The mail's own key (digest:<staff>:<day>, answer:<item>): queued once however often it is asked for.
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('digest', 'answer')),
    -- Whom it goes to, looked up when it is sent: the address itself is never copied here.
    staff_id INTEGER REFERENCES staff(id),
    feedback_id TEXT REFERENCES feedback(id),
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    next_at INTEGER NOT NULL,
    give_up_at INTEGER NOT NULL,
    lease_until INTEGER,
    lease_token TEXT,
    last_attempt_at INTEGER,
    last_error TEXT,
    sent_at INTEGER,
    CHECK ((staff_id IS NULL) <> (feedback_id IS NULL))
  );
  CREATE INDEX mail_outbox_due ON mail_outbox(next_at) WHERE status = 'pending';
  CREATE TABLE mail_digests (
    staff_id INTEGER NOT NULL REFERENCES staff(id),
    -- The local day (YYYY-MM-DD) the digest is of.
    day TEXT NOT NULL,
    items INTEGER NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (staff_id, day)
  );
  `
