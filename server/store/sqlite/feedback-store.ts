import type Database from 'better-sqlite3'
import type { FeedbackCategory, FeedbackStatus } from '../../../shared/feedback'
import type { FeedbackInsertResult, FeedbackStore, NewFeedback, TrackedFeedback } from '../feedback-store'

interface TrackRow {
  id: string
  tracking_code: string
  status: FeedbackStatus
  category: FeedbackCategory
  unit_code: string | null
  received_at: number
  resolve_by: number
  public_answer: string | null
  answered_at: number | null
}

interface EventRow {
  at: number
  action: string
  after: string | null
  public_note: string | null
}

/**
 * The feedback part of the SQLite store. It writes through the store's own connection, like the staff
 * store: items are few next to ratings, and the tracking page must see an item the moment it is stored.
 */
export function sqliteFeedbackStore(db: Database.Database): FeedbackStore {
  const byId = db.prepare<[string], { hash: string; tracking_code: string }>('SELECT hash, tracking_code FROM feedback WHERE id = ?')
  const byCode = db.prepare<[string], { id: string }>('SELECT id FROM feedback WHERE tracking_code = ?')
  const insertItem = db.prepare(`
    INSERT INTO feedback (id, hash, tracking_code, category, legal_track, status, counter_code, procedure_code, dossier,
      description, wants_answer, contact_name, contact_phone, contact_email, hide_name, consent_version, consent_at,
      unit_code, routed_by_rule, route_reason_vi, route_reason_en, received_at, accept_by, resolve_by, lang, submitted_at)
    VALUES (@id, @hash, @trackingCode, @category, @legalTrack, 'received', @counterCode, @procedureCode, @dossier,
      @description, @wantsAnswer, @contactName, @contactPhone, @contactEmail, @hideName, @consentVersion, @consentAt,
      @unitCode, @routedByRule, @routeReasonVi, @routeReasonEn, @receivedAt, @acceptBy, @resolveBy, @lang, @submittedAt)`)
  const insertPhoto = db.prepare('INSERT INTO feedback_photos (feedback_id, idx, photo_id, content_type, bytes, size) VALUES (?, ?, ?, ?, ?, ?)')
  const insertEvent = db.prepare(`INSERT INTO feedback_events (feedback_id, at, actor, action, before, after, public_note)
    VALUES (?, ?, NULL, 'received', NULL, ?, NULL)`)
  const trackRow = db.prepare<[string], TrackRow>(`SELECT id, tracking_code, status, category, unit_code, received_at, resolve_by,
    public_answer, answered_at FROM feedback WHERE tracking_code = ?`)
  const publicEvents = db.prepare<[string], EventRow>(`SELECT at, action, after, public_note FROM feedback_events
    WHERE feedback_id = ? AND (action = 'received' OR public_note IS NOT NULL) ORDER BY id`)

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
        legalTrack: item.legalTrack,
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
      })
      item.photos.forEach((photo, idx) => insertPhoto.run(item.id, idx, photo.photoId, photo.contentType, photo.bytes, photo.bytes.length))
      // No personal data in the audit trail: the state that routing and deadlines set, nothing the citizen typed.
      const after = {
        status: 'received',
        legalTrack: item.legalTrack,
        unitCode: item.unitCode,
        routedByRule: item.routedByRule,
        acceptBy: item.acceptBy,
        resolveBy: item.resolveBy,
        photos: item.photos.length,
      }
      insertEvent.run(item.id, item.receivedAt, JSON.stringify(after))
      return { status: 'stored', trackingCode: item.trackingCode }
    }),
  )

  return {
    async insert(items) {
      return items.length === 0 ? [] : insertAll(items)
    },
    async findByTrackingCode(code): Promise<TrackedFeedback | undefined> {
      const row = trackRow.get(code)
      if (!row) return undefined
      return {
        trackingCode: row.tracking_code,
        status: row.status,
        category: row.category,
        unitCode: row.unit_code,
        receivedAt: row.received_at,
        resolveBy: row.resolve_by,
        publicAnswer: row.public_answer,
        answeredAt: row.answered_at,
        history: publicEvents.all(row.id).map((e) => ({
          at: e.at,
          action: e.action,
          status: ((e.after === null ? null : (JSON.parse(e.after) as { status?: FeedbackStatus }).status) ?? null),
          note: e.public_note,
        })),
      }
    },
  }
}
