import type Database from 'better-sqlite3'
import { OPEN_STATUSES } from '../../../shared/feedback'
import type {
  FeedbackChange,
  FeedbackChangeResult,
  FeedbackHandling,
  FeedbackInsertResult,
  FeedbackStore,
  InboxFilter,
  NewFeedback,
  StaffFeedbackRecord,
  TrackedFeedback,
} from '../feedback-store'
import { type DetailRow, EXCERPT_LENGTH, type PublicEventRow, trackedRecord, type TrackRow, HANDLING_COLUMNS, type StaffEventRow, type StaffRow, type State, staffRecord, type SummaryLine, summaryCounts, toStaffRow } from '../feedback-rows'
import { snapshotColumns } from './snapshots'
import { feedbackEventOf } from '../webhook-store'
import { sqliteWebhookOutbox } from './webhook-store'

/** A public event as SQLite holds it: its state after as JSON text. */
type PublicEventTextRow = Omit<PublicEventRow, 'after'> & { after: string | null }

const STAFF_COLUMNS = `f.id, f.tracking_code, f.category, f.petition_type, f.status, f.unit_code, f.counter_code, f.procedure_code, f.channel,
  f.received_at, f.accept_by, f.resolve_by, f.accepted_at, f.complex, f.assigned_to, s.display_name AS assignee_name, f.public_answer,
  f.answered_at, f.answer_working_days, f.closed_at, f.duplicate_of, f.lang, f.version, substr(f.description, 1, ${EXCERPT_LENGTH + 1}) AS excerpt,
  (SELECT COUNT(*) FROM feedback_photos p WHERE p.feedback_id = f.id) AS photo_count`

/** Open items: the generated column of migration 8 (the statuses of OPEN_STATUSES), which the inbox's index covers. */
const OPEN = 'f.handling = 0'
const OPEN_STATUS = `f.status IN (${OPEN_STATUSES.map((status) => `'${status}'`).join(', ')})`
/** The deadline an item is sorted and marked by: acceptance while it waits for it, then resolution. */
const DUE = 'f.due_at'
const DUE_EXPRESSION = 'CASE WHEN f.accepted_at IS NULL AND f.accept_by IS NOT NULL THEN f.accept_by ELSE f.resolve_by END'

const ORDER: Record<InboxFilter['view'], string> = {
  open: `${DUE}, f.received_at, f.id`,
  overdue: `${DUE}, f.received_at, f.id`,
  // Open items first by deadline, then the finished ones, newest first.
  // Over every item the raw expressions are cheaper than the computed columns.
  all: `(${OPEN_STATUS}) DESC, CASE WHEN ${OPEN_STATUS} THEN ${DUE_EXPRESSION} END, f.received_at DESC, f.id`,
}

/** An event as SQLite holds it: its states before and after as JSON text. */
type EventTextRow = Omit<StaffEventRow, 'before' | 'after'> & { before: string | null; after: string | null }

const parseState = (text: string | null): State => (text === null ? null : (JSON.parse(text) as State))

/**
 * The feedback part of the SQLite store. It writes through the store's own connection, like the staff
 * store: items are few next to ratings, and the tracking page must see an item the moment it is stored.
 */
export function sqliteFeedbackStore(db: Database.Database): FeedbackStore {
  const byId = db.prepare<[string], { hash: string; tracking_code: string }>('SELECT hash, tracking_code FROM feedback WHERE id = ?')
  const byCode = db.prepare<[string], { id: string }>('SELECT id FROM feedback WHERE tracking_code = ?')
  const insertItem = db.prepare(`
    INSERT INTO feedback (id, hash, tracking_code, category, petition_type, status, counter_code, procedure_code, dossier,
      description, wants_answer, contact_name, contact_phone, contact_email, hide_name, consent_version, consent_at,
      unit_code, routed_by_rule, route_reason_vi, route_reason_en, received_at, accept_by, resolve_by, lang, submitted_at,
      open311_key_id, open311_lat, open311_long, open311_address, open311_media_url, channel)
    VALUES (@id, @hash, @trackingCode, @category, @petitionType, 'received', @counterCode, @procedureCode, @dossier,
      @description, @wantsAnswer, @contactName, @contactPhone, @contactEmail, @hideName, @consentVersion, @consentAt,
      @unitCode, @routedByRule, @routeReasonVi, @routeReasonEn, @receivedAt, @acceptBy, @resolveBy, @lang, @submittedAt,
      @open311KeyId, @open311Lat, @open311Long, @open311Address, @open311MediaUrl, @channel)`)
  const insertPhoto = db.prepare('INSERT INTO feedback_photos (feedback_id, idx, photo_id, content_type, bytes, size) VALUES (?, ?, ?, ?, ?, ?)')
  const insertEvent = db.prepare(`INSERT INTO feedback_events (feedback_id, at, actor, action, before, after, public_note)
    VALUES (?, ?, ?, 'received', NULL, ?, NULL)`)
  const trackRow = db.prepare<[string], TrackRow>(`SELECT id, tracking_code, status, category, unit_code, received_at, resolve_by,
    public_answer, answered_at FROM feedback WHERE tracking_code = ?`)
  const publicEvents = db.prepare<[string], PublicEventTextRow>(`SELECT at, action, after, public_note FROM feedback_events
    WHERE feedback_id = ? AND (action = 'received' OR public_note IS NOT NULL) ORDER BY id`)
  const locate = db.prepare<[string], { id: string; unit_code: string | null; duplicate_of: string | null }>(
    'SELECT id, unit_code, duplicate_of FROM feedback WHERE tracking_code = ?',
  )
  const staffRow = db.prepare<[string], StaffRow>(`SELECT ${STAFF_COLUMNS} FROM feedback f LEFT JOIN staff s ON s.id = f.assigned_to WHERE f.id = ?`)
  const detailRow = db.prepare<[string], DetailRow>(`SELECT f.description, f.dossier, f.wants_answer, f.contact_name, f.contact_phone,
    f.contact_email, f.hide_name, f.routed_by_rule, f.route_reason_vi, f.route_reason_en, d.tracking_code AS duplicate_code,
    k.name AS open311_key_name
    FROM feedback f LEFT JOIN feedback d ON d.id = f.duplicate_of LEFT JOIN open311_keys k ON k.id = f.open311_key_id WHERE f.id = ?`)
  const photoList = db.prepare<[string], { idx: number; content_type: string; size: number }>(
    'SELECT idx, content_type, size FROM feedback_photos WHERE feedback_id = ? ORDER BY idx',
  )
  const photoBytes = db.prepare<[string, number], { content_type: string; bytes: Buffer }>(
    'SELECT content_type, bytes FROM feedback_photos WHERE feedback_id = ? AND idx = ?',
  )
  // The names of the accounts an event took the item from and gave it to (assign, forward), so that the
  // history says to whom and not only who.
  const staffEvents = db.prepare<[string], EventTextRow>(`SELECT e.at, e.actor, s.display_name AS actor_name, e.action, e.before, e.after,
    e.public_note, e.internal_note, b.id AS from_assignee, b.display_name AS from_assignee_name, a.id AS to_assignee,
    a.display_name AS to_assignee_name
    FROM feedback_events e LEFT JOIN staff s ON s.id = e.actor
    LEFT JOIN staff b ON b.id = json_extract(e.before, '$.assignedTo')
    LEFT JOIN staff a ON a.id = json_extract(e.after, '$.assignedTo')
    WHERE e.feedback_id = ? ORDER BY e.id`)
  // Read from the covering index feedback_summary (migration 8), in its order: no sort, and no row of the
  // table is touched.
  const summary = db.prepare<{ unit: string | null; from: number; before: number; now: number }, SummaryLine>(`
    SELECT unit_code AS unitCode, category, petition_type AS petitionType, handling, answer_working_days AS answerDays, channel,
      COUNT(*) AS count, SUM(handling = 0 AND due_at < @now) AS overdue
    FROM feedback INDEXED BY feedback_summary
    WHERE received_at >= @from AND received_at < @before AND (@unit IS NULL OR unit_code = @unit)
    GROUP BY unit_code, category, petition_type, handling, answer_working_days, channel`)
  const answersWithoutDays = db.prepare<[number], { id: string; receivedAt: number; answeredAt: number }>(
    'SELECT id, received_at AS receivedAt, answered_at AS answeredAt FROM feedback WHERE answered_at IS NOT NULL AND answer_working_days IS NULL LIMIT ?',
  )
  const fillAnswerDay = db.prepare<{ id: string; answeredAt: number; days: number }>(
    'UPDATE feedback SET answer_working_days = @days WHERE id = @id AND answered_at = @answeredAt AND answer_working_days IS NULL',
  )
  const fillAnswerDays = db.transaction((rows: { id: string; answeredAt: number; days: number }[]) =>
    rows.reduce((filled, row) => filled + fillAnswerDay.run(row).changes, 0),
  )
  const versionOf = db.prepare<[string], { version: number }>('SELECT version FROM feedback WHERE id = ?')
  const insertStaffEvent = db.prepare(`INSERT INTO feedback_events (feedback_id, at, actor, action, before, after, public_note, internal_note)
    VALUES (@id, @at, @actor, @action, @before, @after, @publicNote, @internalNote)`)
  // The inbox's WHERE depends on the filters given; each shape is prepared once.
  const prepared = new Map<string, Database.Statement>()
  const statement = (sql: string) => {
    let stmt = prepared.get(sql)
    if (!stmt) prepared.set(sql, (stmt = db.prepare(sql)))
    return stmt
  }

  // Webhook deliveries are queued in the transaction of the change they report (the transactional outbox).
  const outbox = sqliteWebhookOutbox(db)

  const apply = db.transaction((change: FeedbackChange): FeedbackChangeResult => {
    const current = versionOf.get(change.id)
    if (!current) return { ok: false, reason: 'not_found' }
    if (current.version !== change.expectedVersion) return { ok: false, reason: 'stale' }
    const fields = (Object.keys(change.set) as (keyof FeedbackHandling)[]).filter((key) => change.set[key] !== undefined)
    const params: Record<string, unknown> = { id: change.id, expected: change.expectedVersion }
    for (const key of fields) {
      const value = change.set[key]
      params[key] = typeof value === 'boolean' ? (value ? 1 : 0) : value
    }
    const assignments = [...fields.map((key) => `${HANDLING_COLUMNS[key]} = @${key}`), 'version = version + 1'].join(', ')
    statement(`UPDATE feedback SET ${assignments} WHERE id = @id AND version = @expected`).run(params)
    const { event } = change
    const { lastInsertRowid } = insertStaffEvent.run({
      id: change.id,
      at: event.at,
      actor: event.actor,
      action: event.action,
      ...snapshotColumns(event.before, event.after),
      publicNote: event.publicNote,
      internalNote: event.internalNote,
    })
    const hookEvent = feedbackEventOf(event.action)
    if (hookEvent) outbox.feedbackEvent(hookEvent, `feedback_event:${lastInsertRowid}`, change.id, event.at)
    return { ok: true, version: change.expectedVersion + 1 }
  })

  const insertAll = db.transaction((items: NewFeedback[]): FeedbackInsertResult[] =>
    items.map((item) => {
      const existing = byId.get(item.id)
      if (existing) return { status: existing.hash === item.hash ? 'duplicate' : 'conflict', trackingCode: existing.hash === item.hash ? existing.tracking_code : item.trackingCode }
      if (byCode.get(item.trackingCode)) return { status: 'tracking_code_taken', trackingCode: item.trackingCode }
      // The table's CHECK refuses contact details without consent too; this keeps the rule visible here.
      const contact = item.wantsAnswer && item.consent !== null ? item.contact : null
      insertItem.run({
        id: item.id,
        hash: item.hash,
        trackingCode: item.trackingCode,
        category: item.category,
        petitionType: item.petitionType,
        counterCode: item.counterCode,
        procedureCode: item.procedureCode,
        dossier: item.dossier,
        description: item.description,
        wantsAnswer: item.wantsAnswer ? 1 : 0,
        contactName: contact?.name ?? null,
        contactPhone: contact?.phone ?? null,
        contactEmail: contact?.email ?? null,
        hideName: item.hideName ? 1 : 0,
        consentVersion: item.consent?.version ?? null,
        consentAt: item.consent?.at ?? null,
        unitCode: item.unitCode,
        routedByRule: item.routedByRule,
        routeReasonVi: item.routeReason?.vi ?? null,
        routeReasonEn: item.routeReason?.en ?? null,
        receivedAt: item.receivedAt,
        acceptBy: item.acceptBy,
        resolveBy: item.resolveBy,
        lang: item.lang,
        submittedAt: item.submittedAt,
        open311KeyId: item.open311?.keyId ?? null,
        open311Lat: item.open311?.lat ?? null,
        open311Long: item.open311?.long ?? null,
        open311Address: item.open311?.address ?? null,
        open311MediaUrl: item.open311?.mediaUrl ?? null,
        channel: item.channel,
      })
      item.photos.forEach((photo, idx) => insertPhoto.run(item.id, idx, photo.photoId, photo.contentType, photo.bytes, photo.bytes.length))
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
      const { lastInsertRowid } = insertEvent.run(item.id, item.receivedAt, item.filedBy ?? null, JSON.stringify(after))
      outbox.feedbackEvent('feedback.filed', `feedback_event:${lastInsertRowid}`, item.id, item.receivedAt)
      return { status: 'stored', trackingCode: item.trackingCode }
    }),
  )

  return {
    async insert(items) {
      // Immediate: it reads the ids before it writes (see configure in writer-core.js).
      return items.length === 0 ? [] : insertAll.immediate(items)
    },
    async findByTrackingCode(code): Promise<TrackedFeedback | undefined> {
      const row = trackRow.get(code)
      if (!row) return undefined
      const events = publicEvents.all(row.id).map((e) => ({ ...e, after: parseState(e.after) as PublicEventRow['after'] }))
      return trackedRecord(row, events)
    },
    async locateByTrackingCode(code) {
      const row = locate.get(code)
      return row ? { id: row.id, unitCode: row.unit_code, duplicateOf: row.duplicate_of } : undefined
    },
    async inbox(filter: InboxFilter) {
      const where: string[] = []
      const params: Record<string, unknown> = {}
      const add = (condition: string, name?: string, value?: unknown) => {
        where.push(condition)
        if (name !== undefined) params[name] = value
      }
      if (filter.scopeUnit !== null) add('f.unit_code = @scopeUnit', 'scopeUnit', filter.scopeUnit)
      if (filter.view !== 'all') add(OPEN)
      if (filter.view === 'overdue') add(`${DUE} < @now`, 'now', filter.now)
      if (filter.status !== undefined) add('f.status = @status', 'status', filter.status)
      if (filter.category !== undefined) add('f.category = @category', 'category', filter.category)
      if (filter.petitionType !== undefined) add('f.petition_type = @petitionType', 'petitionType', filter.petitionType)
      if (filter.channel !== undefined) add('f.channel = @channel', 'channel', filter.channel)
      if (filter.unit !== undefined) add('f.unit_code = @unit', 'unit', filter.unit)
      if (filter.receivedFrom !== undefined) add('f.received_at >= @from', 'from', filter.receivedFrom)
      if (filter.receivedBefore !== undefined) add('f.received_at < @before', 'before', filter.receivedBefore)
      if (filter.match !== undefined) add('f.id IN (SELECT feedback_id FROM feedback_search WHERE feedback_search MATCH @match)', 'match', filter.match)
      const clause = where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`
      const { n } = statement(`SELECT COUNT(*) AS n FROM feedback f ${clause}`).get(params) as { n: number }
      const rows = statement(
        `SELECT ${STAFF_COLUMNS} FROM feedback f LEFT JOIN staff s ON s.id = f.assigned_to ${clause} ORDER BY ${ORDER[filter.view]} LIMIT @limit OFFSET @offset`,
      ).all({ ...params, limit: filter.limit, offset: filter.offset }) as StaffRow[]
      return { rows: rows.map(toStaffRow), total: n }
    },
    async staffView(id): Promise<StaffFeedbackRecord | undefined> {
      const row = staffRow.get(id)
      const detail = row && detailRow.get(id)
      if (!row || !detail) return undefined
      const events = staffEvents.all(id).map((e) => ({ ...e, before: parseState(e.before), after: parseState(e.after) }))
      return staffRecord(row, detail, photoList.all(id), events)
    },
    async photo(id, idx) {
      const row = photoBytes.get(id, idx)
      return row ? { contentType: row.content_type, bytes: row.bytes } : undefined
    },
    async summaryCounts(scopeUnit, from, before, now) {
      return summaryCounts(summary.all({ unit: scopeUnit, from, before, now }))
    },
    async applyChange(change) {
      // Immediate: it reads the version before it writes.
      return apply.immediate(change)
    },
    async answersWithoutDays(limit) {
      return answersWithoutDays.all(limit)
    },
    async fillAnswerDays(rows) {
      return fillAnswerDays.immediate(rows)
    },
  }
}
