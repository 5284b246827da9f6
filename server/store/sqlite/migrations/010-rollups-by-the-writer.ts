/**
 * The rollups are added by the writer, once per distinct key of each committed group (sqlite/rollups.js),
 * instead of by a trigger run per response and per answer: the triggers were about a fifth of the CPU a
 * stored response cost under load. answers_by_day served no query and cost every answer an index entry.
 */
export const sql = `
  DROP TRIGGER responses_rollup;
  DROP TRIGGER response_answers_rollup;
  DROP INDEX answers_by_day;
  `
