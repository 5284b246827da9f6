/**
 * The feedback summary (indicator 8, the dashboard, the reports) and the inbox over a hundred thousand items
 * a year. Two computed columns, kept in the indexes so that no query works them out row by row: the
 * deadline an item is marked by (acceptance while it waits for it, then resolution) and where its
 * handling stands: 0 open (the statuses of OPEN_STATUSES in shared/feedback.ts), 1 answered on time,
 * 2 answered late, 3 finished without an answer.
 */
export const sql = `
  ALTER TABLE feedback ADD COLUMN due_at INTEGER
    GENERATED ALWAYS AS (CASE WHEN accepted_at IS NULL AND accept_by IS NOT NULL THEN accept_by ELSE resolve_by END) VIRTUAL;
  ALTER TABLE feedback ADD COLUMN handling INTEGER GENERATED ALWAYS AS (CASE
      WHEN status IN ('received', 'acknowledged', 'in_progress', 'info_requested', 'forwarded') THEN 0
      WHEN answered_at IS NULL THEN 3
      WHEN answered_at <= resolve_by THEN 1
      ELSE 2 END) VIRTUAL;
  -- In the order of the summary's GROUP BY: one pass over the index, no sort (a sort of the period's rows
  -- costs more than reading the whole index, up to a few hundred thousand items).
  CREATE INDEX feedback_summary ON feedback(unit_code, category, legal_track, handling, received_at, due_at);
  CREATE INDEX feedback_open_by_due ON feedback(due_at, received_at, id) WHERE handling = 0;
  `
