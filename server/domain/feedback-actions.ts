import { canTransition, isOpenStatus, type FeedbackCategory, type FeedbackStatus } from '../../shared/feedback'
import type { LocalizedText } from '../../shared/i18n-text'
import { deadlineFor, reclassify, ruleFor, type ItemDeadlines } from '../../shared/petition-types'
import { UNIT_ROLES, type StaffRole } from '../../shared/staff'
import { FEEDBACK_ACTION_NAMES, type FeedbackAction, type FeedbackActionName } from '../../shared/staff-feedback'
import { workingDaysBetween, type WorkingCalendar } from '../../shared/working-days'
import type { FeedbackHandling } from '../store/feedback-store'
import type { DeadlineRules } from './feedback-rules'

/**
 * What a staff action does to an item, as a pure function: the item as it stands, the action, who acts and
 * the facts the route looked up → the fields to write and the audit event, or a refusal. The route keeps
 * scope (another unit's item answers 404 before this is asked) and the transaction.
 */

/** The item as an action sees it. Times are epoch ms. */
export interface ActionItem extends FeedbackHandling {
  id: string
  category: FeedbackCategory
  receivedAt: number
  lang: 'vi' | 'en'
  version: number
}

export interface Actor {
  id: number
  role: StaffRole
  unitCode: string | null
}

export interface ActionContext {
  now: number
  rules: DeadlineRules
  /** The units of the catalog, for forwarding. */
  units: readonly { code: string; name: LocalizedText; active?: boolean }[]
  /** assign: the account `staffId` names, if there is one. */
  assignee?: { id: number; role: StaffRole; unitCode: string | null; active: boolean }
  /** mark_duplicate: the item `of` names, only if it exists and the actor may see it. */
  duplicateTarget?: { id: string; duplicateOf: string | null }
}

export interface ActionEvent {
  action: FeedbackActionName
  /** The changed fields before and after; null when no field changed (a note). Never contact details. */
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  /** What the citizen sees on the tracking page. */
  publicNote: string | null
  /** Staff only. */
  internalNote: string | null
}

export type ActionRefusal = { ok: false; status: 400 | 403 | 409; code: string; message: string; path: string }
export type ActionOutcome = { ok: true; set: Partial<FeedbackHandling>; event: ActionEvent } | ActionRefusal

/**
 * Leadership reads; administrators do not handle citizens' items at all. Unit staff do the daily work on
 * their unit's items; decisions that move an item out of the normal line (forward, reclassify, close it as
 * duplicate or spam) belong to the unit head and the inspectorate.
 */
export const ROLE_ACTIONS: Readonly<Record<StaffRole, readonly FeedbackActionName[]>> = {
  unit_staff: ['acknowledge', 'start', 'assign', 'request_info', 'answer', 'reopen', 'note'],
  unit_head: FEEDBACK_ACTION_NAMES,
  inspector: FEEDBACK_ACTION_NAMES,
  leadership: [],
  admin: [],
}

const FINAL: readonly FeedbackStatus[] = ['closed', 'duplicate', 'spam']

/** Of a petition type that counts from acceptance (complaint, denunciation), the item is not accepted yet. */
function awaitsAcceptance(item: ActionItem): boolean {
  return item.acceptedAt === null && item.acceptBy !== null
}

/** Whether the item's status (and, for acknowledge, its acceptance) admits the action. */
export function statusAllows(item: ActionItem, action: FeedbackActionName): boolean {
  const { status } = item
  switch (action) {
    case 'acknowledge':
      // An item reclassified as a type with an acceptance step while being handled is accepted where it stands.
      return status === 'received' || status === 'forwarded' || (isOpenStatus(status) && awaitsAcceptance(item))
    case 'start':
      return status !== 'answered' && canTransition(status, 'in_progress')
    case 'assign':
      return !FINAL.includes(status)
    case 'forward':
      return canTransition(status, 'forwarded')
    case 'reclassify':
      return isOpenStatus(status)
    case 'request_info':
      return canTransition(status, 'info_requested')
    case 'answer':
      return canTransition(status, 'answered')
    case 'reopen':
      return status === 'answered'
    case 'close':
      return canTransition(status, 'closed')
    case 'mark_duplicate':
      return canTransition(status, 'duplicate')
    case 'mark_spam':
      return canTransition(status, 'spam')
    case 'note':
      return true
  }
}

/** Unit roles act on their own unit's items only; the inspectorate on every item. */
export function actsOnUnit(actor: Actor, unitCode: string | null): boolean {
  if (actor.role === 'inspector') return true
  return (actor.role === 'unit_staff' || actor.role === 'unit_head') && actor.unitCode !== null && actor.unitCode === unitCode
}

/** What the actor may do to the item now: the staff page offers only these. */
export function allowedActions(item: ActionItem, actor: Actor): FeedbackActionName[] {
  if (!actsOnUnit(actor, item.unitCode)) return []
  return ROLE_ACTIONS[actor.role].filter((action) => statusAllows(item, action))
}

const refuse = (status: ActionRefusal['status'], code: string, path: string, message: string): ActionRefusal => ({
  ok: false,
  status,
  code,
  path,
  message: path === '' ? message : `${path}: ${message}`,
})

/** The changed fields only, before and after. */
function diff(item: ActionItem, set: Partial<FeedbackHandling>) {
  const before: Record<string, unknown> = {}
  const after: Record<string, unknown> = {}
  const changed: Partial<FeedbackHandling> = {}
  for (const key of Object.keys(set) as (keyof FeedbackHandling)[]) {
    if (set[key] === undefined || set[key] === item[key]) continue
    before[key] = item[key]
    after[key] = set[key]
    ;(changed as Record<string, unknown>)[key] = set[key]
  }
  const any = Object.keys(after).length > 0
  return { changed, before: any ? before : null, after: any ? after : null }
}

function done(item: ActionItem, action: FeedbackActionName, set: Partial<FeedbackHandling>, notes: { publicNote?: string; internalNote?: string } = {}): ActionOutcome {
  const { changed, before, after } = diff(item, set)
  return {
    ok: true,
    set: changed,
    event: { action, before, after, publicNote: notes.publicNote ?? null, internalNote: notes.internalNote ?? null },
  }
}

/**
 * How long the citizen waited for the answer, in working days from receipt (the dashboard's median). Never
 * negative: a clock set back cannot make an answer come before the item.
 */
export function answerWorkingDays(receivedAt: number, answeredAt: number, calendar: WorkingCalendar): number {
  return Math.max(0, workingDaysBetween(receivedAt, answeredAt, calendar))
}

function deadlineFields(d: ItemDeadlines): Pick<FeedbackHandling, 'acceptBy' | 'resolveBy' | 'complex'> {
  return { acceptBy: d.acceptBy, resolveBy: d.resolveBy, complex: d.complex }
}

/** Decides one action. Checks run in this order: role (403), version (409 stale), status (409), fields (400). */
export function decideAction(item: ActionItem, action: FeedbackAction, actor: Actor, ctx: ActionContext): ActionOutcome {
  const name = action.action
  if (!ROLE_ACTIONS[actor.role].includes(name)) return refuse(403, 'forbidden', 'action', `your role may not ${name} items`)
  if (action.version !== item.version) {
    return refuse(409, 'stale', 'version', `the item changed meanwhile (now version ${item.version}); reload it and try again`)
  }
  if (!statusAllows(item, name)) return refuse(409, 'invalid_transition', 'action', `${name} is not possible on an item that is ${item.status}`)
  const { now } = ctx
  const { deadlines, calendar } = ctx.rules

  switch (action.action) {
    case 'acknowledge': {
      const acceptedAt = item.acceptedAt ?? now
      const set: Partial<FeedbackHandling> = {
        status: item.status === 'received' || item.status === 'forwarded' ? 'acknowledged' : item.status,
        acceptedAt,
      }
      // Complaints and denunciations are resolved within a time counted from acceptance (thụ lý): the
      // provisional deadline, which assumed acceptance on the last day allowed, becomes the real one.
      if (item.acceptedAt === null && ruleFor(item.petitionType, deadlines, item.category).resolveFrom === 'acceptance') {
        set.resolveBy = deadlineFor(item.petitionType, item.receivedAt, deadlines, calendar, {
          category: item.category,
          acceptedAt,
          complex: item.complex,
        }).resolveBy
      }
      return done(item, name, set, { internalNote: action.note })
    }
    case 'start':
      return done(item, name, { status: 'in_progress' }, { internalNote: action.note })
    case 'assign': {
      const { staffId } = action
      if (actor.role === 'unit_staff') {
        const own = staffId === actor.id || (staffId === null && item.assignedTo === actor.id)
        if (!own) return refuse(403, 'forbidden', 'staffId', 'unit staff may only assign an item to themselves (or take themselves off it)')
      }
      if (staffId === item.assignedTo) return refuse(400, 'unchanged', 'staffId', staffId === null ? 'the item is not assigned' : 'the item is already assigned to this person')
      if (staffId !== null) {
        const who = ctx.assignee
        const fits = who !== undefined && who.id === staffId && who.active && UNIT_ROLES.includes(who.role) && who.unitCode !== null && who.unitCode === item.unitCode
        if (!fits) return refuse(400, 'not_assignable', 'staffId', "must be an active staff member of the item's unit")
      }
      return done(item, name, { assignedTo: staffId })
    }
    case 'forward': {
      const unit = ctx.units.find((u) => u.code === action.unit && u.active !== false)
      if (!unit) return refuse(400, 'unknown_unit', 'unit', `no active unit "${action.unit}"`)
      if (unit.code === item.unitCode) return refuse(400, 'unchanged', 'unit', 'is already the unit handling the item')
      const publicNote = item.lang === 'en' ? `Forwarded to ${unit.name.en}: ${action.reason}` : `Đã chuyển đến ${unit.name.vi}: ${action.reason}`
      // The assignee belongs to the unit the item leaves.
      return done(item, name, { status: 'forwarded', unitCode: unit.code, assignedTo: null }, { publicNote })
    }
    case 'reclassify': {
      const sameType = action.petitionType === item.petitionType
      const complex = action.complex ?? (sameType ? item.complex : false)
      if (sameType && complex === item.complex) return refuse(400, 'unchanged', 'petitionType', `the item is already a ${item.petitionType}`)
      if (complex && ruleFor(action.petitionType, deadlines, item.category).resolveComplex === null) {
        return refuse(400, 'invalid', 'complex', `a ${action.petitionType} allows no longer time for complex cases`)
      }
      const options = { category: item.category, complex }
      if (sameType) {
        // Only the complex mark changes: acceptance stands.
        const d = deadlineFor(item.petitionType, item.receivedAt, deadlines, calendar, { ...options, acceptedAt: item.acceptedAt })
        return done(item, name, deadlineFields(d), { internalNote: action.note })
      }
      // A new type counts from the original receipt; acceptance belongs to the old type (petition-types.ts).
      const moved = reclassify({ petitionType: item.petitionType, receivedAt: item.receivedAt, category: item.category }, action.petitionType, now, deadlines, calendar)
      const d = complex ? deadlineFor(action.petitionType, item.receivedAt, deadlines, calendar, options) : moved.deadlines
      return done(item, name, { petitionType: action.petitionType, acceptedAt: null, ...deadlineFields(d) }, { internalNote: action.note })
    }
    case 'request_info':
      return done(item, name, { status: 'info_requested' }, { publicNote: action.message })
    case 'answer':
      // The answer is also the event's public note: after a reopen and a new answer, the tracking page
      // still shows everything the citizen was told.
      return done(
        item,
        name,
        { status: 'answered', publicAnswer: action.answer, answeredAt: now, answerWorkingDays: answerWorkingDays(item.receivedAt, now, calendar) },
        { publicNote: action.answer },
      )
    case 'reopen':
      // The earlier answer did not settle the matter: the item is unanswered again until the next answer.
      return done(item, name, { status: 'in_progress', publicAnswer: null, answeredAt: null, answerWorkingDays: null }, { internalNote: action.note })
    case 'close':
      return done(item, name, { status: 'closed', closedAt: now }, { internalNote: action.note })
    case 'mark_duplicate': {
      const target = ctx.duplicateTarget
      if (!target) return refuse(400, 'unknown_item', 'of', 'no item you can see has this tracking code')
      if (target.id === item.id) return refuse(400, 'invalid', 'of', 'is this item itself')
      // Every duplicate points straight at an original: no chains, so no cycle (A of B, then B of A) either.
      if (target.duplicateOf !== null) return refuse(400, 'duplicate_target', 'of', 'is itself a duplicate; mark this item as a duplicate of the original')
      // The other item's code stays out of the public note: it is another citizen's key to their item.
      return done(item, name, { status: 'duplicate', duplicateOf: target.id, closedAt: now }, { publicNote: action.reason })
    }
    case 'mark_spam':
      return done(item, name, { status: 'spam', closedAt: now }, { publicNote: action.reason })
    case 'note':
      return done(item, name, {}, { internalNote: action.text })
  }
}
