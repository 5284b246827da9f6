import { rebuildAdminAudit } from './helpers'

/**
 * Kiosk mode (issue 16, README "Kiosk set-up"): the device tokens an administrator issues to the tablets left
 * on counters, stored only as SHA-256 hashes (the token is shown once, in the set-up link), revoked rather
 * than deleted, each with the last heartbeat its tablet sent (when, the outbox's last sync and how many
 * ratings wait in it, the app's version, the battery). The administration audit learns the
 * entity `kiosk_device` (its CHECK is rebuilt, with its index and append-only triggers).
 */
export const sql = `
  CREATE TABLE kiosk_devices (
    id INTEGER PRIMARY KEY,
    counter_code TEXT NOT NULL REFERENCES counters(code),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    created_by INTEGER NOT NULL REFERENCES staff(id),
    revoked_at INTEGER,
    heartbeat_at INTEGER,
    last_sync_at INTEGER,
    waiting INTEGER,
    app_version TEXT,
    battery REAL
  );
  CREATE INDEX kiosk_devices_by_counter ON kiosk_devices(counter_code, id);
  CREATE TRIGGER kiosk_devices_never_deleted BEFORE DELETE ON kiosk_devices
  BEGIN SELECT RAISE(ABORT, 'kiosk device tokens are revoked, never deleted'); END;

  ${rebuildAdminAudit(19, ['unit', 'counter', 'procedure', 'questionnaire', 'staff', 'open311_key', 'webhook', 'kiosk_device'])}
  `
