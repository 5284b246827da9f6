import { Hono, type Context } from 'hono'
import type { Catalog } from '../../shared/catalog'
import { addDays, localDayStart } from '../../shared/dates'
import type { LocalizedText } from '../../shared/i18n-text'
import { FEEDBACK_READERS, UNIT_ROLES } from '../../shared/staff'
import {
  AssigneesQuery,
  FeedbackAction,
  INBOX_PAGE_SIZE,
  InboxQuery,
  SummaryQuery,
  type FeedbackDetail,
  type HistoryEntry,
  type InboxItem,
  type InboxPage,
  type NamedRef,
  type StaffRef,
} from '../../shared/staff-feedback'
import { audit, refuse } from '../auth/audit'
import { requireRole, type StaffEnv } from '../auth/guards'
import { allowedActions, decideAction, type ActionContext } from '../domain/feedback-actions'
import { canSeeItem, contactFor, scopeUnitOf, type Viewer } from '../domain/feedback-access'
import { currentDeadlineRules, dueOf, ftsQuery, urgencyOf } from '../domain/feedback-rules'
import { feedbackSummary } from '../domain/feedback-summary'
import type { Env } from '../env'
import { bodyLimit } from '../middleware/body-limit'
import { apiError } from '../middleware/errors'
import { validate } from '../middleware/validate'
import type { StaffFeedbackRecord, StaffFeedbackRow, StoredFeedbackEvent } from '../store/feedback-store'
import type { WorkingCalendar } from '../../shared/working-days'

type FeedbackEnv = Env & StaffEnv

const iso = (ms: number) => new Date(ms).toISOString()
const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms))

/** Fields of the audit JSON that hold instants (epoch ms in the table, ISO 8601 on the wire). */
const INSTANT_FIELDS = new Set(['acceptBy', 'resolveBy', 'acceptedAt', 'answeredAt', 'closedAt'])

function withIsoInstants(fields: Record<string, unknown> | null): Record<string, unknown> | null {
  if (fields === null) return null
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, INSTANT_FIELDS.has(key) && typeof value === 'number' ? iso(value) : value]))
}

function unitOf(catalog: Catalog, code: string | null): InboxItem['unit'] {
  if (code === null) return null
  const unit = catalog.units.find((u) => u.code === code)
  return { code, name: unit?.name ?? { vi: code, en: code } }
}

function toInboxItem(row: StaffFeedbackRow, catalog: Catalog, calendar: WorkingCalendar, now: number): InboxItem {
  const due = dueOf(row)
  return {
    id: row.id,
    trackingCode: row.trackingCode,
    category: row.category,
    petitionType: row.petitionType,
    status: row.status,
    unit: unitOf(catalog, row.unitCode),
    counterCode: row.counterCode,
    procedureCode: row.procedureCode,
    channel: row.channel,
    receivedAt: iso(row.receivedAt),
    acceptBy: isoOrNull(row.acceptBy),
    resolveBy: iso(row.resolveBy),
    dueBy: iso(due.at),
    dueStep: due.step,
    urgency: urgencyOf(row, now, calendar),
    assignedTo: row.assignee,
    excerpt: row.excerpt,
    photoCount: row.photoCount,
  }
}

/** A counter or procedure of the item with its name, for the item page; the code alone if it left the catalog. */
function namedEntry(list: readonly { code: string; name: LocalizedText }[], code: string | null): NamedRef | null {
  if (code === null) return null
  return { code, name: list.find((e) => e.code === code)?.name ?? { vi: code, en: code } }
}

function toHistory(event: StoredFeedbackEvent, catalog: Catalog): HistoryEntry {
  const after = event.after
  return {
    at: iso(event.at),
    actor: event.actor,
    action: event.action,
    before: withIsoInstants(event.before),
    after: withIsoInstants(event.after),
    publicNote: event.publicNote,
    internalNote: event.internalNote,
    ...(event.assignee ? { assignee: event.assignee } : {}),
    // Filing records where the item started (after only); a forward records where it went.
    ...(after !== null && typeof after.unitCode === 'string' && event.before !== null
      ? { unit: { from: unitOf(catalog, typeof event.before.unitCode === 'string' ? event.before.unitCode : null), to: unitOf(catalog, after.unitCode) } }
      : {}),
  }
}

function toDetail(item: StaffFeedbackRecord, viewer: Viewer & { id: number }, catalog: Catalog, calendar: WorkingCalendar, now: number): FeedbackDetail {
  return {
    ...toInboxItem(item, catalog, calendar, now),
    description: item.description,
    dossier: item.dossier,
    wantsAnswer: item.wantsAnswer,
    contact: contactFor(viewer, item),
    routedByRule: item.routedByRule,
    routeReason: item.routeReason,
    complex: item.complex,
    acceptedAt: isoOrNull(item.acceptedAt),
    publicAnswer: item.publicAnswer,
    answeredAt: isoOrNull(item.answeredAt),
    closedAt: isoOrNull(item.closedAt),
    duplicateOf: item.duplicateOfCode,
    open311Client: item.open311KeyName,
    photos: item.photos.map((p) => ({ ...p, url: `/api/staff/feedback/${item.id}/photos/${p.idx}` })),
    counter: namedEntry(catalog.counters, item.counterCode),
    procedure: namedEntry(catalog.procedures, item.procedureCode),
    history: item.events.map((event) => toHistory(event, catalog)),
    allowedActions: allowedActions(item, viewer),
    version: item.version,
  }
}

const PHOTO_EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' }

/**
 * The name a saved photo gets: `phan-anh-<tracking code>-<n>.<ext>`. Only ASCII letters, digits, dots and
 * dashes, so that nothing in it can end the quoted filename or the header.
 */
function photoFileName(trackingCode: string, idx: number, contentType: string): string {
  const extension = PHOTO_EXTENSIONS[contentType] ?? 'jpg'
  return `phan-anh-${trackingCode}-${idx + 1}`.replace(/[^A-Za-z0-9.-]/g, '-') + `.${extension}`
}

/**
 * The item if the caller may see it. Unknown and out-of-scope ids get the same 404, after the same lookup
 * and the same audit row, so neither the answer nor its cost tells them apart.
 */
async function visibleItem(c: Context<FeedbackEnv>): Promise<{ item: StaffFeedbackRecord } | { refused: Response }> {
  const { staff, store } = c.var
  const id = c.req.param('id') ?? ''
  const item = await store.feedback.staffView(id.length <= 64 ? id.toLowerCase() : '')
  if (item && canSeeItem(staff, item.unitCode)) return { item }
  const reason = item ? 'feedback item outside scope' : 'no such feedback item'
  return { refused: await refuse(c, 404, 'not_found', 'No feedback item with this id', reason, staff.id) }
}

/**
 * The staff feedback inbox, one item in detail, its photos, the actions that handle it, the summary behind
 * indicator 8, and whom an item can be assigned to. Mounted under /api/staff, which has checked the session
 * and, for POST, the CSRF token. Administrators are refused here outright: they manage rules, not items.
 */
export const staffFeedback = new Hono<FeedbackEnv>()
  .use(requireRole(...FEEDBACK_READERS))
  .use(async (c, next) => {
    await next()
    // Personal data and working notes: never kept by a shared cache or the browser's disk cache.
    c.header('Cache-Control', 'private, no-store')
  })
  .get('/', validate('query', InboxQuery), async (c) => {
    const { staff, store } = c.var
    const query = c.req.valid('query')
    const now = c.var.auth.now()
    const [catalog, rules] = await Promise.all([store.catalog(), currentDeadlineRules(store)])
    const scopeUnit = scopeUnitOf(staff)
    const page: InboxPage = { items: [], total: 0, page: query.page, pageSize: INBOX_PAGE_SIZE }
    // Another unit's items are simply not there for a unit role, as if the unit had none.
    if (query.unit !== undefined && scopeUnit !== null && query.unit !== scopeUnit) return c.json(page, 200)
    const { rows, total } = await store.feedback.inbox({
      scopeUnit,
      view: query.view,
      status: query.status,
      category: query.category,
      petitionType: query.petitionType,
      unit: query.unit,
      channel: query.channel,
      receivedFrom: query.from === undefined ? undefined : localDayStart(query.from),
      receivedBefore: query.to === undefined ? undefined : localDayStart(addDays(query.to, 1)),
      match: query.q === undefined ? undefined : ftsQuery(query.q),
      now,
      offset: (query.page - 1) * INBOX_PAGE_SIZE,
      limit: INBOX_PAGE_SIZE,
    })
    page.items = rows.map((row) => toInboxItem(row, catalog, rules.calendar, now))
    page.total = total
    return c.json(page, 200)
  })
  .get('/summary', validate('query', SummaryQuery), async (c) => {
    return c.json(await feedbackSummary(c.var.store, c.var.staff, c.req.valid('query'), c.var.auth.now()), 200)
  })
  .get('/assignees', requireRole('unit_staff', 'unit_head', 'inspector'), validate('query', AssigneesQuery), async (c) => {
    const { staff, store } = c.var
    const { unit } = c.req.valid('query')
    if (!canSeeItem(staff, unit)) return refuse(c, 404, 'not_found', 'No unit with this code in your scope', 'assignees outside scope', staff.id)
    // Unit staff may assign items to themselves only; the list offers what the caller may choose.
    const people: StaffRef[] = (await store.staff.list())
      .filter((a) => a.active && a.unitCode === unit && UNIT_ROLES.includes(a.role) && (staff.role !== 'unit_staff' || a.id === staff.id))
      .map((a) => ({ id: a.id, displayName: a.displayName }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName, 'vi'))
    return c.json({ unit, assignees: people }, 200)
  })
  .get('/:id', async (c) => {
    const found = await visibleItem(c)
    if ('refused' in found) return found.refused
    const [catalog, rules] = await Promise.all([c.var.store.catalog(), currentDeadlineRules(c.var.store)])
    return c.json(toDetail(found.item, c.var.staff, catalog, rules.calendar, c.var.auth.now()), 200)
  })
  .get('/:id/photos/:idx', async (c) => {
    const found = await visibleItem(c)
    if ('refused' in found) return found.refused
    const idx = c.req.param('idx')
    const photo = /^\d$/.test(idx) ? await c.var.store.feedback.photo(found.item.id, Number(idx)) : undefined
    if (!photo) return apiError(c, 404, 'not_found', 'No photo with this number', 'idx')
    return c.body(new Uint8Array(photo.bytes), 200, {
      'Content-Type': photo.contentType,
      'Content-Length': String(photo.bytes.length),
      'Content-Disposition': `inline; filename="${photoFileName(found.item.trackingCode, Number(idx), photo.contentType)}"`,
      // The bytes were sniffed when stored; the browser must not guess another type from them.
      'X-Content-Type-Options': 'nosniff',
      // Opened in a tab of its own, the photo is a document of our origin: sandboxed (no script, no origin),
      // loading nothing but itself, whatever a browser might make of the bytes. Inline styles only because the
      // browser's own image viewer centres the picture with them (no markup of ours is ever in this document).
      // The app's policy leaves this one be.
      'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
    })
  })
  .post('/:id/actions', bodyLimit, validate('json', FeedbackAction), async (c) => {
    const { staff, store } = c.var
    const found = await visibleItem(c)
    if ('refused' in found) return found.refused
    const { item } = found
    const action = c.req.valid('json')
    const now = c.var.auth.now()
    const [catalog, rules] = await Promise.all([store.catalog(), currentDeadlineRules(store)])

    const ctx: ActionContext = { now, rules, units: catalog.units }
    if (action.action === 'assign' && action.staffId !== null) {
      const account = await store.staff.findById(action.staffId)
      if (account) ctx.assignee = account
    }
    if (action.action === 'mark_duplicate') {
      const other = await store.feedback.locateByTrackingCode(action.of)
      // An item the caller may not see is one that does not exist, here too.
      if (other && canSeeItem(staff, other.unitCode)) ctx.duplicateTarget = { id: other.id, duplicateOf: other.duplicateOf }
    }

    const outcome = decideAction(item, action, staff, ctx)
    if (!outcome.ok) {
      if (outcome.status === 403) await audit(c, { kind: 'access_refused', status: 403, reason: `feedback action ${action.action}`, staffId: staff.id })
      return apiError(c, outcome.status, outcome.code, outcome.message, outcome.path)
    }
    const result = await store.feedback.applyChange({
      id: item.id,
      expectedVersion: item.version,
      set: outcome.set,
      event: { at: now, actor: staff.id, ...outcome.event },
    })
    if (!result.ok) {
      return result.reason === 'stale'
        ? apiError(c, 409, 'stale', 'version: the item changed meanwhile; reload it and try again', 'version')
        : apiError(c, 404, 'not_found', 'No feedback item with this id')
    }
    const updated = await store.feedback.staffView(item.id)
    if (!updated) return apiError(c, 404, 'not_found', 'No feedback item with this id')
    return c.json(toDetail(updated, staff, catalog, rules.calendar, now), 200)
  })
