import { addDays, localDayStart } from '../../../shared/dates'
import { type ExportRecord, type ExportStore, feedbackExportRecord } from '../export-store'
import type { Database } from './database'

/** Rows per query: each chunk is a query of its own, so no connection is held while the download is sent. */
const CHUNK = 1000

/**
 * The same columns, values and order as the SQLite store's export: text ids, numbers as numbers, booleans as
 * 0/1, and the answers as the device sent them (the `json` type keeps a value's text as stored, where `jsonb`
 * would reorder and respace it).
 */
const RESPONSES = `SELECT r.id::text AS id, r.local_day, r.hour, r.counter_code, r.unit_code, r.procedure_code, r.dossier,
    r.questionnaire_key, r.questionnaire_version, r.level, r.score, r.max_score, r.lang, r.rated_at, r.received_at,
    (r.payload::json -> 'answers')::text AS answers, r.channel
  FROM responses r WHERE r.local_day BETWEEN $1::date AND $2::date AND (r.local_day, r.id) > ($3::date, $4::uuid)
  ORDER BY r.local_day, r.id LIMIT ${CHUNK}`

const FEEDBACK = `SELECT id, tracking_code, category, petition_type, status, counter_code, procedure_code, dossier,
    unit_code, routed_by_rule, description, wants_answer::int AS wants_answer,
    (contact_name IS NOT NULL OR contact_phone IS NOT NULL OR contact_email IS NOT NULL)::int AS has_contact,
    received_at, accept_by, resolve_by, answered_at, closed_at, public_answer,
    (SELECT count(*) FROM feedback_photos p WHERE p.feedback_id = feedback.id) AS photos, channel
  FROM feedback WHERE received_at >= $1 AND received_at < $2 AND (received_at, id) > ($3, $4)
  ORDER BY received_at, id LIMIT ${CHUNK}`

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

/** The period exports, a keyset page at a time, and the purge of contact details. */
export function postgresExportStore(db: Database): ExportStore {
  return {
    async *responses(from, to) {
      let after: [string, string] = ['0001-01-01', '00000000-0000-0000-0000-000000000000']
      for (;;) {
        const rows = await db.rows<ExportRecord>(RESPONSES, [from, to, ...after])
        yield* rows
        if (rows.length < CHUNK) return
        const last = rows.at(-1)!
        after = [last.local_day as string, last.id as string]
      }
    },
    async *feedback(from, to) {
      const [start, end] = [localDayStart(from), localDayStart(addDays(to, 1))]
      let after: [number, string] = [0, '']
      for (;;) {
        const rows = await db.rows<ExportRecord>(FEEDBACK, [start, end, ...after])
        for (const row of rows) yield feedbackExportRecord(row)
        if (rows.length < CHUNK) return
        const last = rows.at(-1)!
        after = [last.received_at as number, last.id as string]
      }
    },
    async purgeContacts(finishedBefore, at) {
      return (await db.query(PURGE, [finishedBefore, at])).rowCount ?? 0
    },
  }
}
