/** A fourth setting: the origins allowed to frame the public widget (embed_origins). */
export const sql = `
ALTER TABLE settings DROP CONSTRAINT settings_key_check;
ALTER TABLE settings ADD CONSTRAINT settings_key_check CHECK (key IN ('routing_rules', 'deadlines', 'calendar', 'embed_origins'));
`
