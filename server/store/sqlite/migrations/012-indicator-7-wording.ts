/**
 * Indicator 7 of the official form asks about the staff's attitude, yet version 1's options spoke only of
 * when the result came. A published version never changes: a questionnaire whose active version still has
 * those options gets the reworded question (INDICATOR_7_WORDING in server/defaults/questionnaires.ts, copied
 * here as it stood, since a shipped migration never changes) as its next version, made active. Points,
 * values and everything else stay; responses keep the version they were given under. Without an actor:
 * like the seeded versions, it has no admin_audit row and no published_by. A new database has no
 * questionnaire yet at this point and gets the reworded version from the seed.
 */
export const sql = `
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
  `
