import type Database from 'better-sqlite3'
import { addDays, localDayStart } from '../../../shared/dates'
import { type ExportRecord, type ExportStore, feedbackExportRecord } from '../export-store'

/** The first instant of a local day, and the first instant after the last day. */
function localDayBounds(from: string, to: string): [number, number] {
  return [localDayStart(from), localDayStart(addDays(to, 1))]
}

/**
 * Rows are read a chunk at a time, each chunk one complete query: an open better-sqlite3 iterator would keep
 * the connection busy between chunks, while the request that streams them waits on the client.
 */
const CHUNK = 1000

/** Items whose handling is over: nothing more will be sent to the citizen. */
const FINISHED = "('closed', 'duplicate', 'spam')"

export function sqliteExportStore(db: Database.Database): ExportStore {
  const responses = db.prepare<[{ from: string; to: string; day: string; id: string }], ExportRecord>(`SELECT r.id, r.local_day, r.hour, r.counter_code, r.unit_code, r.procedure_code, r.dossier,
      r.questionnaire_key, r.questionnaire_version, r.level, r.score, r.max_score, r.lang, r.rated_at, r.received_at,
      -- As the device sent them, free text included (response_answers holds the chosen options only).
      json_extract(r.payload, '$.answers') AS answers, r.channel
    FROM responses r WHERE r.local_day BETWEEN @from AND @to AND (r.local_day, r.id) > (@day, @id) ORDER BY r.local_day, r.id LIMIT ${CHUNK}`)
  const feedback = db.prepare<[{ start: number; end: number; at: number; id: string }], ExportRecord>(`SELECT id, tracking_code, category, petition_type, status, counter_code, procedure_code, dossier,
      unit_code, routed_by_rule, description, wants_answer, (contact_name IS NOT NULL OR contact_phone IS NOT NULL OR contact_email IS NOT NULL) AS has_contact,
      received_at, accept_by, resolve_by, answered_at, closed_at, public_answer,
      (SELECT COUNT(*) FROM feedback_photos p WHERE p.feedback_id = feedback.id) AS photos, channel
    FROM feedback WHERE received_at >= @start AND received_at < @end AND (received_at, id) > (@at, @id) ORDER BY received_at, id LIMIT ${CHUNK}`)
  const due = db.prepare<[number], { id: string }>(`SELECT id FROM feedback f
    WHERE status IN ${FINISHED} AND (contact_name IS NOT NULL OR contact_phone IS NOT NULL OR contact_email IS NOT NULL)
      AND COALESCE(closed_at, (SELECT MAX(at) FROM feedback_events e WHERE e.feedback_id = f.id)) < ?`)
  const clear = db.prepare('UPDATE feedback SET contact_name = NULL, contact_phone = NULL, contact_email = NULL WHERE id = ?')
  const event = db.prepare(`INSERT INTO feedback_events (feedback_id, at, actor, action, before, after, public_note)
    VALUES (?, ?, NULL, 'contact_purged', NULL, '{"contact":"purged"}', NULL)`)
  const purge = db.transaction((finishedBefore: number, at: number) => {
    const ids = due.all(finishedBefore)
    for (const { id } of ids) {
      clear.run(id)
      event.run(id, at)
    }
    return ids.length
  })

  return {
    async *responses(from, to) {
      let after = { day: '', id: '' }
      for (;;) {
        const rows = responses.all({ from, to, ...after })
        yield* rows
        if (rows.length < CHUNK) return
        const last = rows.at(-1)!
        after = { day: last.local_day as string, id: last.id as string }
      }
    },
    async *feedback(from, to) {
      const [start, end] = localDayBounds(from, to)
      let after = { at: 0, id: '' }
      for (;;) {
        const rows = feedback.all({ start, end, ...after })
        for (const row of rows) yield feedbackExportRecord(row)
        if (rows.length < CHUNK) return
        const last = rows.at(-1)!
        after = { at: last.received_at as number, id: last.id as string }
      }
    },
    async purgeContacts(finishedBefore, at) {
      // Immediate: it reads which items are due before it clears them (see configure in writer-core.js).
      return purge.immediate(finishedBefore, at)
    },
  }
}
