/**
 * Channels (issue 16), as SQLite's migration 18: how each rating and feedback item reached the department,
 * qr for everything stored before but the feedback filed through Open311 (open311). Channel becomes a key of
 * the three rollup tables, rebuilt from the raw rows with the same sums, each under its responses' channel.
 */
const CHANNEL_CHECK = "CHECK (channel IN ('qr', 'kiosk', 'paper', 'phone', 'email', 'open311', 'portal'))"

export const sql = `
ALTER TABLE responses ADD COLUMN channel text COLLATE "C" NOT NULL DEFAULT 'qr' ${CHANNEL_CHECK};
ALTER TABLE feedback ADD COLUMN channel text COLLATE "C" NOT NULL DEFAULT 'qr' ${CHANNEL_CHECK};
UPDATE feedback SET channel = 'open311' WHERE open311_key_id IS NOT NULL;
-- The feedback summary is counted by channel too; its covering index gains the column.
DROP INDEX feedback_summary;
CREATE INDEX feedback_summary ON feedback (unit_code, category, petition_type, handling, answer_working_days, channel, received_at, due_at);

DROP TABLE response_rollup;
CREATE TABLE response_rollup (
  local_day date NOT NULL,
  unit_code text COLLATE "C" NOT NULL,
  counter_code text COLLATE "C" NOT NULL,
  procedure_code text COLLATE "C" NOT NULL,
  level text COLLATE "C" NOT NULL,
  channel text COLLATE "C" NOT NULL,
  responses integer NOT NULL,
  scored integer NOT NULL,
  score_sum bigint NOT NULL,
  max_count integer NOT NULL,
  max_sum bigint NOT NULL,
  PRIMARY KEY (local_day, unit_code, counter_code, procedure_code, level, channel)
);
INSERT INTO response_rollup
  SELECT local_day, unit_code, counter_code, COALESCE(procedure_code, ''), COALESCE(level, ''), channel, COUNT(*), COUNT(score),
    COALESCE(SUM(score), 0), COUNT(max_score), COALESCE(SUM(max_score), 0)
  FROM responses GROUP BY 1, 2, 3, 4, 5, 6;

DROP TABLE response_hour_rollup;
CREATE TABLE response_hour_rollup (
  local_day date NOT NULL,
  unit_code text COLLATE "C" NOT NULL,
  counter_code text COLLATE "C" NOT NULL,
  channel text COLLATE "C" NOT NULL,
  weekday smallint NOT NULL,
  hour smallint NOT NULL,
  responses integer NOT NULL,
  unsatisfied integer NOT NULL,
  PRIMARY KEY (local_day, unit_code, counter_code, channel, hour)
);
INSERT INTO response_hour_rollup
  SELECT local_day, unit_code, counter_code, channel, MIN(weekday), hour, COUNT(*), COUNT(*) FILTER (WHERE level = 'unsatisfied')
  FROM responses GROUP BY local_day, unit_code, counter_code, channel, hour;

DROP TABLE answer_rollup;
CREATE TABLE answer_rollup (
  local_day date NOT NULL,
  unit_code text COLLATE "C" NOT NULL,
  counter_code text COLLATE "C" NOT NULL,
  procedure_code text COLLATE "C" NOT NULL,
  channel text COLLATE "C" NOT NULL,
  questionnaire_key text COLLATE "C" NOT NULL,
  question_id text COLLATE "C" NOT NULL,
  level text COLLATE "C" NOT NULL,
  answers integer NOT NULL,
  -- Responses answering the question: counted on the first answer row of each (response, question).
  responses integer NOT NULL,
  points_count integer NOT NULL,
  points_sum bigint NOT NULL,
  max_count integer NOT NULL,
  max_sum bigint NOT NULL,
  PRIMARY KEY (local_day, unit_code, counter_code, procedure_code, channel, questionnaire_key, question_id, level)
);
-- The first answer row of each (response, question) in the order stored: answers are never updated or
-- deleted, so their physical order (ctid) is the order of their inserts.
INSERT INTO answer_rollup
  SELECT a.local_day, r.unit_code, r.counter_code, COALESCE(r.procedure_code, ''), r.channel, a.questionnaire_key, a.question_id,
    COALESCE(a.level, ''), COUNT(*), COUNT(*) FILTER (WHERE a.first), COUNT(a.points), COALESCE(SUM(a.points), 0), COUNT(a.max_points),
    COALESCE(SUM(a.max_points), 0)
  FROM (SELECT *, row_number() OVER (PARTITION BY response_id, question_id ORDER BY ctid) = 1 AS first FROM response_answers) a
    JOIN responses r ON r.id = a.response_id
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
`
