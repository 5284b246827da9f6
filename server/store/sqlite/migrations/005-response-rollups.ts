/**
 * Rollups for the dashboard and reports: per day and per unit, counter, procedure and level, kept current by
 * triggers in the same transaction as each response, so a year over a million responses reads a few
 * thousand rows. Responses are never updated or deleted, so inserts are all the triggers follow. Sums and
 * counts are kept apart (score_sum / scored), so means come out exactly as AVG over the raw rows would.
 */
export const sql = `
  CREATE TABLE response_rollup (
    local_day TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    counter_code TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    level TEXT NOT NULL,
    responses INTEGER NOT NULL,
    scored INTEGER NOT NULL,
    score_sum INTEGER NOT NULL,
    max_count INTEGER NOT NULL,
    max_sum INTEGER NOT NULL,
    PRIMARY KEY (local_day, unit_code, counter_code, procedure_code, level)
  ) WITHOUT ROWID;
  INSERT INTO response_rollup
    SELECT local_day, unit_code, counter_code, COALESCE(procedure_code, ''), COALESCE(level, ''), COUNT(*), COUNT(score),
      COALESCE(SUM(score), 0), COUNT(max_score), COALESCE(SUM(max_score), 0)
    FROM responses GROUP BY 1, 2, 3, 4, 5;

  -- The hour-of-day × weekday heat map (weekday follows from the day; kept to avoid computing it per row).
  CREATE TABLE response_hour_rollup (
    local_day TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    counter_code TEXT NOT NULL,
    weekday INTEGER NOT NULL,
    hour INTEGER NOT NULL,
    responses INTEGER NOT NULL,
    unsatisfied INTEGER NOT NULL,
    PRIMARY KEY (local_day, unit_code, counter_code, hour)
  ) WITHOUT ROWID;
  INSERT INTO response_hour_rollup
    SELECT local_day, unit_code, counter_code, weekday, hour, COUNT(*), SUM(level IS 'unsatisfied') FROM responses GROUP BY 1, 2, 3, 5;

  CREATE TABLE answer_rollup (
    local_day TEXT NOT NULL,
    unit_code TEXT NOT NULL,
    counter_code TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
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
    PRIMARY KEY (local_day, unit_code, counter_code, procedure_code, questionnaire_key, question_id, level)
  ) WITHOUT ROWID;
  INSERT INTO answer_rollup
    SELECT a.local_day, r.unit_code, r.counter_code, COALESCE(r.procedure_code, ''), a.questionnaire_key, a.question_id,
      COALESCE(a.level, ''), COUNT(*), 0, COUNT(a.points), COALESCE(SUM(a.points), 0), COUNT(a.max_points), COALESCE(SUM(a.max_points), 0)
    FROM response_answers a JOIN responses r ON r.id = a.response_id GROUP BY 1, 2, 3, 4, 5, 6, 7;
  -- The distinct responses per question, put on one row of each group (the lowest level) for the backfill.
  UPDATE answer_rollup SET responses = (
    SELECT COUNT(DISTINCT a.response_id) FROM response_answers a JOIN responses r ON r.id = a.response_id
    WHERE a.local_day = answer_rollup.local_day AND r.unit_code = answer_rollup.unit_code AND r.counter_code = answer_rollup.counter_code
      AND COALESCE(r.procedure_code, '') = answer_rollup.procedure_code AND a.questionnaire_key = answer_rollup.questionnaire_key
      AND a.question_id = answer_rollup.question_id
  ) WHERE level = (
    SELECT MIN(b.level) FROM answer_rollup b WHERE b.local_day = answer_rollup.local_day AND b.unit_code = answer_rollup.unit_code
      AND b.counter_code = answer_rollup.counter_code AND b.procedure_code = answer_rollup.procedure_code
      AND b.questionnaire_key = answer_rollup.questionnaire_key AND b.question_id = answer_rollup.question_id
  );

  CREATE TRIGGER responses_rollup AFTER INSERT ON responses
  BEGIN
    INSERT INTO response_rollup (local_day, unit_code, counter_code, procedure_code, level, responses, scored, score_sum, max_count, max_sum)
    VALUES (NEW.local_day, NEW.unit_code, NEW.counter_code, COALESCE(NEW.procedure_code, ''), COALESCE(NEW.level, ''), 1,
      NEW.score IS NOT NULL, COALESCE(NEW.score, 0), NEW.max_score IS NOT NULL, COALESCE(NEW.max_score, 0))
    ON CONFLICT DO UPDATE SET responses = responses + 1, scored = scored + excluded.scored, score_sum = score_sum + excluded.score_sum,
      max_count = max_count + excluded.max_count, max_sum = max_sum + excluded.max_sum;
    INSERT INTO response_hour_rollup (local_day, unit_code, counter_code, weekday, hour, responses, unsatisfied)
    VALUES (NEW.local_day, NEW.unit_code, NEW.counter_code, NEW.weekday, NEW.hour, 1, NEW.level IS 'unsatisfied')
    ON CONFLICT DO UPDATE SET responses = responses + 1, unsatisfied = unsatisfied + excluded.unsatisfied;
  END;

  CREATE TRIGGER response_answers_rollup AFTER INSERT ON response_answers
  BEGIN
    INSERT INTO answer_rollup (local_day, unit_code, counter_code, procedure_code, questionnaire_key, question_id, level, answers, responses,
      points_count, points_sum, max_count, max_sum)
    SELECT NEW.local_day, r.unit_code, r.counter_code, COALESCE(r.procedure_code, ''), NEW.questionnaire_key, NEW.question_id,
      COALESCE(NEW.level, ''), 1,
      NOT EXISTS (SELECT 1 FROM response_answers o WHERE o.response_id = NEW.response_id AND o.question_id = NEW.question_id AND o.value <> NEW.value),
      NEW.points IS NOT NULL, COALESCE(NEW.points, 0), NEW.max_points IS NOT NULL, COALESCE(NEW.max_points, 0)
    FROM responses r WHERE r.id = NEW.response_id
    ON CONFLICT DO UPDATE SET answers = answers + 1, responses = responses + excluded.responses, points_count = points_count + excluded.points_count,
      points_sum = points_sum + excluded.points_sum, max_count = max_count + excluded.max_count, max_sum = max_sum + excluded.max_sum;
  END;
  `
