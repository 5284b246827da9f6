/**
 * Staff handling: the internal note of an event (staff only; public_note is what the citizen sees), and
 * search that finds "địa chỉ" from "dia chi": unicode61 strips tone marks but keeps đ a letter of its own,
 * so the indexed copy folds đ/Đ to d/D and the server folds the query the same way.
 */
export const sql = `
  ALTER TABLE feedback_events ADD COLUMN internal_note TEXT;
  DROP TRIGGER feedback_search_insert;
  DELETE FROM feedback_search;
  INSERT INTO feedback_search (feedback_id, description)
    SELECT id, replace(replace(description, 'đ', 'd'), 'Đ', 'D') FROM feedback;
  CREATE TRIGGER feedback_search_insert AFTER INSERT ON feedback
  BEGIN INSERT INTO feedback_search (feedback_id, description) VALUES (new.id, replace(replace(new.description, 'đ', 'd'), 'Đ', 'D')); END;
  `
