import type { ExportStore } from '../export-store'
import type { Database } from './database'

/** Items whose handling is over: nothing more will be sent to the citizen. */
const FINISHED = "('closed', 'duplicate', 'spam')"

/**
 * One statement: the items cleared and their audit events. Two instances purging at once cannot both clear
 * an item (the second's UPDATE re-reads the row once the first commits, finds no contact left and skips
 * it), so each purge is recorded once, without a lock of its own.
 */
const PURGE = `
WITH purged AS (
  UPDATE feedback f SET contact_name = NULL, contact_phone = NULL, contact_email = NULL
  WHERE status IN ${FINISHED} AND (contact_name IS NOT NULL OR contact_phone IS NOT NULL OR contact_email IS NOT NULL)
    AND COALESCE(closed_at, (SELECT MAX(at) FROM feedback_events e WHERE e.feedback_id = f.id)) < $1
  RETURNING id
)
INSERT INTO feedback_events (feedback_id, at, actor, action, after)
SELECT id, $2, NULL, 'contact_purged', '{"contact":"purged"}' FROM purged`

/**
 * The period exports and the purge of contact details. The exports are not here yet: ExportStore hands
 * them out as synchronous Iterables, which a network database cannot fill; they wait for the interface to
 * become AsyncIterable (and csvStream to read one).
 */
function notYet(): never {
  throw new Error('the period exports need ExportStore to give AsyncIterables before they can run on PostgreSQL')
}

export function postgresExportStore(db: Database): ExportStore {
  return {
    responses: notYet,
    feedback: notYet,
    async purgeContacts(finishedBefore, at) {
      return (await db.query(PURGE, [finishedBefore, at])).rowCount ?? 0
    },
  }
}
