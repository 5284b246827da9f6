/**
 * Channels (issue 16): how each rating and feedback item reached the department (shared/channels.ts; the list
 * is written out here, as a shipped migration never changes when the code's list does). Everything stored
 * before came through the citizen's own phone (qr), but for the feedback filed through Open311, which has its
 * key. Statistics by channel come from the rollups like every other figure, so channel becomes a key of the
 * three rollup tables: they are rebuilt from the raw rows, as migration 5 first filled them (the same sums,
 * each now under the one channel its responses had).
 */
const CHANNEL_CHECK = "CHECK (channel IN ('qr', 'kiosk', 'paper', 'phone', 'email', 'open311', 'portal'))"

export const sql = `
  ALTER TABLE responses ADD COLUMN channel TEXT NOT NULL DEFAULT 'qr' ${CHANNEL_CHECK};
  ALTER TABLE feedback ADD COLUMN channel TEXT NOT NULL DEFAULT 'qr' ${CHANNEL_CHECK};
  UPDATE feedback SET channel = 'open311' WHERE open311_key_id IS NOT NULL;
  -- The feedback summary is counted by channel too; its covering index (migration 9) gains the column.
  DROP INDEX feedback_summary;
  CREATE INDEX feedback_summary ON feedback(unit_code, category, petition_type, handling, answer_working_days, channel, received_at, due_at);

  DROP TABLE response_rollup;
  CREATE TABLE response_rollup (
    local_day TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    counter_code TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    level TEXT NOT NULL,
    channel TEXT NOT NULL,
    responses INTEGER NOT NULL,
    scored INTEGER NOT NULL,
    score_sum INTEGER NOT NULL,
    max_count INTEGER NOT NULL,
    max_sum INTEGER NOT NULL,
    PRIMARY KEY (local_day, unit_code, counter_code, procedure_code, level, channel)
  ) WITHOUT ROWID;
  INSERT INTO response_rollup
    SELECT local_day, unit_code, counter_code, COALESCE(procedure_code, ''), COALESCE(level, ''), channel, COUNT(*), COUNT(score),
      COALESCE(SUM(score), 0), COUNT(max_score), COALESCE(SUM(max_score), 0)
    FROM responses GROUP BY 1, 2, 3, 4, 5, 6;

  DROP TABLE response_hour_rollup;
  CREATE TABLE response_hour_rollup (
    local_day TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    counter_code TEXT NOT NULL,
    channel TEXT NOT NULL,
    weekday INTEGER NOT NULL,
    hour INTEGER NOT NULL,
    responses INTEGER NOT NULL,
    unsatisfied INTEGER NOT NULL,
    PRIMARY KEY (local_day, unit_code, counter_code, channel, hour)
  ) WITHOUT ROWID;
  INSERT INTO response_hour_rollup
    SELECT local_day, unit_code, counter_code, channel, MIN(weekday), hour, COUNT(*), SUM(level IS 'unsatisfied')
    FROM responses GROUP BY local_day, unit_code, counter_code, channel, hour;

  DROP TABLE answer_rollup;
  CREATE TABLE answer_rollup (
    local_day TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    counter_code TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    channel TEXT NOT NULL,
    questionnaire_key TEXT NOT NULL,
    question_id TEXT NOT NULL,
    level TEXT NOT NULL,
    answers INTEGER NOT NULL,
    -- Responses answering the question: counted on the first answer row of each (response, question).
    responses INTEGER NOT NULL,
    points_count INTEGER NOT NULL,
    points_sum INTEGER NOT NULL,
    max_count INTEGER NOT NULL,
    max_sum INTEGER NOT NULL,
    PRIMARY KEY (local_day, unit_code, counter_code, procedure_code, channel, questionnaire_key, question_id, level)
  ) WITHOUT ROWID;
  -- Each (response, question) counted once, on its first answer row in the order the writer stored them (rowid).
  INSERT INTO answer_rollup
    SELECT a.local_day, r.unit_code, r.counter_code, COALESCE(r.procedure_code, ''), r.channel, a.questionnaire_key, a.question_id,
      COALESCE(a.level, ''), COUNT(*), SUM(a.first), COUNT(a.points), COALESCE(SUM(a.points), 0), COUNT(a.max_points),
      COALESCE(SUM(a.max_points), 0)
    FROM (SELECT *, row_number() OVER (PARTITION BY response_id, question_id ORDER BY rowid) = 1 AS first FROM response_answers) a
      JOIN responses r ON r.id = a.response_id
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  `
