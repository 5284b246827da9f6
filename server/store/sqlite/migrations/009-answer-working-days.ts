/**
 * The median time to answer (issue 4): working days from receipt to the answer, written when the answer is
 * given, because the calendar that counts them is data the database cannot read. In the summary's index,
 * after handling, so that the summary still reads it in one pass and gets a histogram to take medians from.
 * Items answered before this migration are filled in at start-up (server/domain/answer-days.ts).
 */
export const sql = `
  ALTER TABLE feedback ADD COLUMN answer_working_days INTEGER CHECK (answer_working_days IS NULL OR answer_working_days >= 0);
  DROP INDEX feedback_summary;
  CREATE INDEX feedback_summary ON feedback(unit_code, category, legal_track, handling, answer_working_days, received_at, due_at);
  `
