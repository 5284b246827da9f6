/**
 * A fourth setting: the origins allowed to frame the public widget (embed_origins). SQLite cannot change a
 * CHECK in place, so the settings table is rebuilt with the wider key list, its rows copied as they are.
 */
export const sql = `
  CREATE TABLE settings_new (
    key TEXT PRIMARY KEY CHECK (key IN ('routing_rules', 'deadlines', 'calendar', 'embed_origins')),
    value TEXT NOT NULL CHECK (json_valid(value)),
    version INTEGER NOT NULL CHECK (version >= 1),
    updated_at INTEGER NOT NULL,
    updated_by INTEGER REFERENCES staff(id)
  );
  INSERT INTO settings_new (key, value, version, updated_at, updated_by) SELECT key, value, version, updated_at, updated_by FROM settings;
  DROP TABLE settings;
  ALTER TABLE settings_new RENAME TO settings;
  `
