/**
 * "Track" now names only the citizens' tracking page: what was an item's legal track (feedback, complaint,
 * denunciation, each with its own time limits) is its petition type (loại đơn). The column is renamed (its
 * CHECK and the summary's index follow it), and the saved deadlines take the new names: `rules` per type for
 * `tracks`, `petitionType` for each override's `track`. Append-only records keep the names they were written
 * with: settings_history's values (never read back) and feedback_events' states (read as the new name by
 * sqlite/feedback-store.ts). Not runnable twice: tests that take a database back before it rename the
 * column back first (tests/server/test-app.ts).
 */
export const sql = `
  ALTER TABLE feedback RENAME COLUMN legal_track TO petition_type;
  UPDATE settings SET value = json_set(json_remove(value, '$.tracks'),
      '$.rules', json_extract(value, '$.tracks'),
      '$.overrides', (SELECT json_group_array(json_object(
          'petitionType', json_extract(o.value, '$.track'),
          'category', json_extract(o.value, '$.category'),
          'rule', json_extract(o.value, '$.rule')) ORDER BY o.key)
        FROM json_each(settings.value, '$.overrides') o))
    WHERE key = 'deadlines' AND json_type(value, '$.tracks') = 'object';
  `
