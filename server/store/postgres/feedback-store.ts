import { OPEN_STATUSES } from '../../../shared/feedback'
import { type DetailRow, EXCERPT_LENGTH, type PublicEventRow, trackedRecord, type TrackRow, HANDLING_COLUMNS, type StaffEventRow, type StaffRow, staffRecord, type SummaryLine, summaryCounts, toStaffRow } from '../feedback-rows'
import type { FeedbackHandling, FeedbackInsertResult, FeedbackStore, InboxFilter, NewFeedback, StaffFeedbackRecord } from '../feedback-store'
import type { Database, Queryable } from './database'
import { feedbackEventOf } from '../webhook-store'
import { queueFeedbackEvent } from './webhook-store'
import { searchPhrases, searchText } from './feedback-search'

const STAFF_COLUMNS = `f.id, f.tracking_code, f.category, f.petition_type, f.status, f.unit_code, f.counter_code, f.procedure_code, f.channel,
  f.received_at, f.accept_by, f.resolve_by, f.accepted_at, f.complex, f.assigned_to, s.display_name AS assignee_name, f.public_answer,
  f.answered_at, f.answer_working_days, f.closed_at, f.duplicate_of, f.lang, f.version, substr(f.description, 1, ${EXCERPT_LENGTH + 1}) AS excerpt,
  (SELECT COUNT(*) FROM feedback_photos p WHERE p.feedback_id = f.id)::int AS photo_count`

/** Open items: the generated column `handling` (the statuses of OPEN_STATUSES), which the inbox's index covers. */
const OPEN = 'f.handling = 0'
const OPEN_STATUS = `f.status IN (${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})`

// Nulls never reach these sorts' keys where their place would differ between SQLite (first) and PostgreSQL
// (last): open items all have a deadline, and the finished ones share the null.
const ORDER: Record<InboxFilter['view'], string> = {
  open: 'f.due_at, f.received_at, f.id',
  overdue: 'f.due_at, f.received_at, f.id',
  // Open items first by deadline, then the finished ones, newest first.
  all: `(${OPEN_STATUS}) DESC, CASE WHEN ${OPEN_STATUS} THEN f.due_at END, f.received_at DESC, f.id`,
}

const INSERT_ITEM = `INSERT INTO feedback (id, hash, tracking_code, category, petition_type, status, counter_code, procedure_code, dossier,
    description, search_text, wants_answer, contact_name, contact_phone, contact_email, hide_name, consent_version, consent_at,
    unit_code, routed_by_rule, route_reason_vi, route_reason_en, received_at, accept_by, resolve_by, lang, submitted_at,
    open311_key_id, open311_lat, open311_long, open311_address, open311_media_url, channel)
  VALUES ($1, $2, $3, $4, $5, 'received', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26,
    $27, $28, $29, $30, $31, $32)
  ON CONFLICT DO NOTHING RETURNING id`

async function insertOne(client: Queryable, item: NewFeedback): Promise<FeedbackInsertResult> {
  const existing = async () => (await client.query<{ hash: string; tracking_code: string }>('SELECT hash, tracking_code FROM feedback WHERE id = $1', [item.id])).rows[0]
  const judged = (row: { hash: string; tracking_code: string }): FeedbackInsertResult =>
    row.hash === item.hash ? { status: 'duplicate', trackingCode: row.tracking_code } : { status: 'conflict', trackingCode: item.trackingCode }
  const known = await existing()
  if (known) return judged(known)
  // The table's CHECK refuses contact details without consent too; this keeps the rule visible here.
  const contact = item.wantsAnswer && item.consent !== null ? item.contact : null
  const { rows } = await client.query(INSERT_ITEM, [
    item.id, item.hash, item.trackingCode, item.category, item.petitionType, item.counterCode, item.procedureCode, item.dossier,
    item.description, searchText(item.description), item.wantsAnswer, contact?.name ?? null, contact?.phone ?? null,
    contact?.email ?? null, item.hideName, item.consent?.version ?? null, item.consent?.at ?? null, item.unitCode, item.routedByRule,
    item.routeReason?.vi ?? null, item.routeReason?.en ?? null, item.receivedAt, item.acceptBy, item.resolveBy, item.lang, item.submittedAt,
    item.open311?.keyId ?? null, item.open311?.lat ?? null, item.open311?.long ?? null, item.open311?.address ?? null, item.open311?.mediaUrl ?? null,
    item.channel,
  ])
  if (rows.length === 0) {
    // Another instance stored this id meanwhile (the insert waited for it), or another item holds the code.
    const raced = await existing()
    return raced ? judged(raced) : { status: 'tracking_code_taken', trackingCode: item.trackingCode }
  }
  if (item.photos.length > 0) {
    await client.query(
      `INSERT INTO feedback_photos (feedback_id, idx, photo_id, content_type, bytes, size)
        SELECT $1, idx - 1, photo_id, content_type, bytes, octet_length(bytes)
        FROM unnest($2::text[], $3::text[], $4::bytea[]) WITH ORDINALITY AS p (photo_id, content_type, bytes, idx)`,
      [item.id, item.photos.map((p) => p.photoId), item.photos.map((p) => p.contentType), item.photos.map((p) => p.bytes)],
    )
  }
  // No personal data in the audit trail: the state that routing and deadlines set, nothing the citizen typed.
  const after = {
    status: 'received',
    petitionType: item.petitionType,
    unitCode: item.unitCode,
    routedByRule: item.routedByRule,
    acceptBy: item.acceptBy,
    resolveBy: item.resolveBy,
    photos: item.photos.length,
  }
  const { rows: events } = await client.query<{ id: number }>(
    `INSERT INTO feedback_events (feedback_id, at, actor, action, after) VALUES ($1, $2, $3, 'received', $4) RETURNING id`,
    [item.id, item.receivedAt, item.filedBy ?? null, JSON.stringify(after)],
  )
  // The transactional outbox: the webhook deliveries commit with the item or not at all.
  await queueFeedbackEvent(client, 'feedback.filed', `feedback_event:${events[0]!.id}`, item.id, item.receivedAt)
  return { status: 'stored', trackingCode: item.trackingCode }
}

/** Feedback items, their photos and their audit trail, shared by every instance on the database. */
export function postgresFeedbackStore(db: Database): FeedbackStore {
  return {
    async insert(items) {
      if (items.length === 0) return []
      return db.transaction(async (client) => {
        const results: FeedbackInsertResult[] = []
        for (const item of items) results.push(await insertOne(client, item))
        return results
      })
    },
    async findByTrackingCode(code) {
      const [row] = await db.rows<TrackRow>(
        `SELECT id, tracking_code, status, category, unit_code, received_at, resolve_by, public_answer, answered_at FROM feedback WHERE tracking_code = $1`,
        [code],
      )
      if (!row) return undefined
      const events = await db.rows<PublicEventRow>(
        `SELECT at, action, after, public_note FROM feedback_events WHERE feedback_id = $1 AND (action = 'received' OR public_note IS NOT NULL) ORDER BY id`,
        [row.id],
      )
      return trackedRecord(row, events)
    },
    async locateByTrackingCode(code) {
      const [row] = await db.rows<{ id: string; unit_code: string | null; duplicate_of: string | null }>(
        'SELECT id, unit_code, duplicate_of FROM feedback WHERE tracking_code = $1',
        [code],
      )
      return row ? { id: row.id, unitCode: row.unit_code, duplicateOf: row.duplicate_of } : undefined
    },
    async inbox(filter: InboxFilter) {
      const where: string[] = []
      const params: unknown[] = []
      const add = (condition: (placeholder: string) => string, value?: unknown) => {
        if (value !== undefined) params.push(value)
        where.push(condition(`$${params.length}`))
      }
      if (filter.scopeUnit !== null) add((p) => `f.unit_code = ${p}`, filter.scopeUnit)
      if (filter.view !== 'all') add(() => OPEN)
      if (filter.view === 'overdue') add((p) => `f.due_at < ${p}`, filter.now)
      if (filter.status !== undefined) add((p) => `f.status = ${p}`, filter.status)
      if (filter.category !== undefined) add((p) => `f.category = ${p}`, filter.category)
      if (filter.petitionType !== undefined) add((p) => `f.petition_type = ${p}`, filter.petitionType)
      if (filter.channel !== undefined) add((p) => `f.channel = ${p}`, filter.channel)
      if (filter.unit !== undefined) add((p) => `f.unit_code = ${p}`, filter.unit)
      if (filter.receivedFrom !== undefined) add((p) => `f.received_at >= ${p}`, filter.receivedFrom)
      if (filter.receivedBefore !== undefined) add((p) => `f.received_at < ${p}`, filter.receivedBefore)
      if (filter.match !== undefined) {
        const phrases = searchPhrases(filter.match)
        // A query of no word matches nothing, as an FTS5 query of no token does.
        if (phrases.length === 0) add(() => 'false')
        for (const phrase of phrases) add((p) => `strpos(f.search_text, ${p}) > 0`, phrase)
      }
      const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`
      const [{ n }] = (await db.rows<{ n: number }>(`SELECT COUNT(*) AS n FROM feedback f ${clause}`, params)) as [{ n: number }]
      const rows = await db.rows<StaffRow>(
        `SELECT ${STAFF_COLUMNS} FROM feedback f LEFT JOIN staff s ON s.id = f.assigned_to ${clause}
          ORDER BY ${ORDER[filter.view]} LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      )
      return { rows: rows.map(toStaffRow), total: n }
    },
    async staffView(id): Promise<StaffFeedbackRecord | undefined> {
      const [[row], [detail], photos, events] = await Promise.all([
        db.rows<StaffRow>(`SELECT ${STAFF_COLUMNS} FROM feedback f LEFT JOIN staff s ON s.id = f.assigned_to WHERE f.id = $1`, [id]),
        db.rows<DetailRow>(
          `SELECT f.description, f.dossier, f.wants_answer, f.contact_name, f.contact_phone, f.contact_email, f.hide_name, f.routed_by_rule,
            f.route_reason_vi, f.route_reason_en, d.tracking_code AS duplicate_code, k.name AS open311_key_name
          FROM feedback f LEFT JOIN feedback d ON d.id = f.duplicate_of LEFT JOIN open311_keys k ON k.id = f.open311_key_id WHERE f.id = $1`,
          [id],
        ),
        db.rows<{ idx: number; content_type: string; size: number }>('SELECT idx, content_type, size FROM feedback_photos WHERE feedback_id = $1 ORDER BY idx', [id]),
        // The names of the accounts an event took the item from and gave it to (assign, forward), so that the
        // history says to whom and not only who.
        db.rows<StaffEventRow>(
          `SELECT e.at, e.actor, s.display_name AS actor_name, e.action, e.before, e.after, e.public_note, e.internal_note,
            b.id AS from_assignee, b.display_name AS from_assignee_name, a.id AS to_assignee, a.display_name AS to_assignee_name
          FROM feedback_events e LEFT JOIN staff s ON s.id = e.actor
          LEFT JOIN staff b ON b.id = (e.before ->> 'assignedTo')::int
          LEFT JOIN staff a ON a.id = (e.after ->> 'assignedTo')::int
          WHERE e.feedback_id = $1 ORDER BY e.id`,
          [id],
        ),
      ])
      return row && detail ? staffRecord(row, detail, photos, events) : undefined
    },
    async photo(id, idx) {
      const [row] = await db.rows<{ content_type: string; bytes: Buffer }>('SELECT content_type, bytes FROM feedback_photos WHERE feedback_id = $1 AND idx = $2', [id, idx])
      return row ? { contentType: row.content_type, bytes: row.bytes } : undefined
    },
    async summaryCounts(scopeUnit, from, before, now) {
      // In the order of the feedback_summary index, which covers every column read.
      const lines = await db.rows<SummaryLine>(
        `SELECT unit_code AS "unitCode", category, petition_type AS "petitionType", handling, answer_working_days AS "answerDays", channel,
          COUNT(*)::int AS count, (COUNT(*) FILTER (WHERE handling = 0 AND due_at < $4))::int AS overdue
        FROM feedback WHERE received_at >= $2 AND received_at < $3 AND ($1::text IS NULL OR unit_code = $1)
        GROUP BY unit_code, category, petition_type, handling, answer_working_days, channel`,
        [scopeUnit, from, before, now],
      )
      return summaryCounts(lines)
    },
    async applyChange(change) {
      return db.transaction(async (client) => {
        // The row stays locked until COMMIT: a second action on the same version waits, then finds it stale.
        const [current] = (await client.query<{ version: number }>('SELECT version FROM feedback WHERE id = $1 FOR UPDATE', [change.id])).rows
        if (!current) return { ok: false, reason: 'not_found' } as const
        if (current.version !== change.expectedVersion) return { ok: false, reason: 'stale' } as const
        const fields = (Object.keys(change.set) as (keyof FeedbackHandling)[]).filter((key) => change.set[key] !== undefined)
        const values: unknown[] = [change.id]
        const assignments = fields.map((key) => {
          values.push(change.set[key])
          return `${HANDLING_COLUMNS[key]} = $${values.length}`
        })
        await client.query(`UPDATE feedback SET ${[...assignments, 'version = version + 1'].join(', ')} WHERE id = $1`, values)
        const { event } = change
        const { rows: events } = await client.query<{ id: number }>(
          `INSERT INTO feedback_events (feedback_id, at, actor, action, before, after, public_note, internal_note) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            RETURNING id`,
          [
            change.id,
            event.at,
            event.actor,
            event.action,
            event.before === null ? null : JSON.stringify(event.before),
            event.after === null ? null : JSON.stringify(event.after),
            event.publicNote,
            event.internalNote,
          ],
        )
        const hookEvent = feedbackEventOf(event.action)
        if (hookEvent) await queueFeedbackEvent(client, hookEvent, `feedback_event:${events[0]!.id}`, change.id, event.at)
        return { ok: true, version: change.expectedVersion + 1 } as const
      })
    },
    async answersWithoutDays(limit) {
      return db.rows(
        'SELECT id, received_at AS "receivedAt", answered_at AS "answeredAt" FROM feedback WHERE answered_at IS NOT NULL AND answer_working_days IS NULL LIMIT $1',
        [limit],
      )
    },
    async fillAnswerDays(rows) {
      if (rows.length === 0) return 0
      const { rowCount } = await db.query(
        `UPDATE feedback f SET answer_working_days = r.days
          FROM unnest($1::text[], $2::bigint[], $3::int[]) AS r (id, answered_at, days)
          WHERE f.id = r.id AND f.answered_at = r.answered_at AND f.answer_working_days IS NULL`,
        [rows.map((r) => r.id), rows.map((r) => r.answeredAt), rows.map((r) => r.days)],
      )
      return rowCount ?? 0
    },
  }
}
