import { describe, expect, it } from 'vitest'
import * as fc from 'fast-check'
import { FEEDBACK_STATUSES, canTransition, type FeedbackStatus } from '../../shared/feedback'
import { ROLES } from '../../shared/staff'
import { FEEDBACK_ACTION_NAMES, type FeedbackAction } from '../../shared/staff-feedback'
import { allowedActions, decideAction, ROLE_ACTIONS, statusAllows, type ActionContext, type ActionItem, type Actor } from '../../server/domain/feedback-actions'
import { contactFor } from '../../server/domain/feedback-access'
import { ftsQuery, urgencyOf } from '../../server/domain/feedback-rules'
import { histogramMedian, indicator8 } from '../../server/domain/feedback-summary'

import { DEFAULT_DEADLINES } from '../../server/defaults/deadlines'
import { DEFAULT_CALENDAR } from '../../server/defaults/holidays'

const NOW = Date.parse('2026-03-02T01:00:00Z')

function item(overrides: Partial<ActionItem> = {}): ActionItem {
  return {
    id: '0190b7c2-1c3a-7000-8000-000000000001',
    category: 'processing_time',
    receivedAt: NOW,
    lang: 'vi',
    version: 3,
    status: 'received',
    unitCode: 'LS',
    petitionType: 'feedback',
    complex: false,
    assignedTo: null,
    acceptedAt: null,
    acceptBy: null,
    resolveBy: Date.parse('2026-03-23T10:00:00Z'),
    publicAnswer: null,
    answeredAt: null,
    answerWorkingDays: null,
    closedAt: null,
    duplicateOf: null,
    ...overrides,
  }
}

const ctx: ActionContext = {
  now: NOW,
  rules: { deadlines: DEFAULT_DEADLINES, calendar: DEFAULT_CALENDAR },
  units: [
    { code: 'LS', name: { vi: 'Phòng Lãnh sự', en: 'Consular Office' } },
    { code: 'HTQT', name: { vi: 'Phòng Hợp tác quốc tế', en: 'International Cooperation Office' } },
  ],
}
const staff: Actor = { id: 7, role: 'unit_staff', unitCode: 'LS' }
const head: Actor = { id: 8, role: 'unit_head', unitCode: 'LS' }

/** The status each action moves to, where it moves one. */
const TARGET: Partial<Record<FeedbackAction['action'], FeedbackStatus>> = {
  forward: 'forwarded',
  request_info: 'info_requested',
  answer: 'answered',
  close: 'closed',
  mark_duplicate: 'duplicate',
  mark_spam: 'spam',
}

describe('statusAllows follows FEEDBACK_TRANSITIONS', () => {
  for (const status of FEEDBACK_STATUSES) {
    it(`from ${status}`, () => {
      for (const [action, target] of Object.entries(TARGET) as [FeedbackAction['action'], FeedbackStatus][]) {
        expect(statusAllows(item({ status }), action), action).toBe(canTransition(status, target))
      }
      // start and reopen split the moves into in_progress: reopen only from answered.
      expect(statusAllows(item({ status }), 'start')).toBe(status !== 'answered' && canTransition(status, 'in_progress'))
      expect(statusAllows(item({ status }), 'reopen')).toBe(status === 'answered' && canTransition(status, 'in_progress'))
      expect(statusAllows(item({ status }), 'acknowledge')).toBe(canTransition(status, 'acknowledged'))
      expect(statusAllows(item({ status }), 'note')).toBe(true)
    })
  }

  it('acknowledge also records a missing acceptance on an item already being handled', () => {
    const reclassified = item({ status: 'in_progress', petitionType: 'complaint', acceptBy: NOW + 86_400_000 })
    expect(statusAllows(reclassified, 'acknowledge')).toBe(true)
    const outcome = decideAction(reclassified, { action: 'acknowledge', version: 3 }, staff, ctx)
    expect(outcome).toMatchObject({ ok: true, set: { acceptedAt: NOW } })
    expect(outcome.ok && outcome.set.status).toBeUndefined()
    expect(statusAllows({ ...reclassified, status: 'answered' }, 'acknowledge')).toBe(false)
  })
})

describe('roles', () => {
  it('leadership and administrators may take no action; unit staff the daily ones; heads and inspectors all', () => {
    expect(ROLE_ACTIONS.leadership).toEqual([])
    expect(ROLE_ACTIONS.admin).toEqual([])
    expect([...ROLE_ACTIONS.unit_staff].sort()).toEqual(['acknowledge', 'answer', 'assign', 'note', 'reopen', 'request_info', 'start'])
    expect(ROLE_ACTIONS.unit_head).toEqual(FEEDBACK_ACTION_NAMES)
    expect(ROLE_ACTIONS.inspector).toEqual(FEEDBACK_ACTION_NAMES)
    for (const role of ROLES) for (const action of ROLE_ACTIONS[role]) expect(FEEDBACK_ACTION_NAMES).toContain(action)
  })

  it('allowedActions is empty outside the actor’s unit, and every unit for the inspector', () => {
    expect(allowedActions(item({ unitCode: 'HTQT' }), head)).toEqual([])
    expect(allowedActions(item({ unitCode: null }), head)).toEqual([])
    expect(allowedActions(item({ unitCode: null }), { id: 9, role: 'inspector', unitCode: 'VP-TT' })).toContain('forward')
  })

  it('checks the role before the version, and the version before the status', () => {
    const answered = item({ status: 'answered' })
    expect(decideAction(answered, { action: 'mark_spam', version: 1, reason: 'x' }, staff, ctx)).toMatchObject({ status: 403 })
    expect(decideAction(answered, { action: 'mark_spam', version: 1, reason: 'x' }, head, ctx)).toMatchObject({ status: 409, code: 'stale' })
    expect(decideAction(answered, { action: 'mark_spam', version: 3, reason: 'x' }, head, ctx)).toMatchObject({ status: 409, code: 'invalid_transition' })
  })
})

describe('decideAction', () => {
  it('writes only the fields that change, and the audit before/after of exactly those', () => {
    const outcome = decideAction(item({ status: 'acknowledged' }), { action: 'start', version: 3, note: 'bắt đầu' }, staff, ctx)
    expect(outcome).toEqual({
      ok: true,
      set: { status: 'in_progress' },
      event: { action: 'start', before: { status: 'acknowledged' }, after: { status: 'in_progress' }, publicNote: null, internalNote: 'bắt đầu' },
    })
  })

  it('answer records the working days since receipt, with the weekend and holidays skipped; reopen clears them', () => {
    const working = (iso: string) => decideAction(item({ status: 'in_progress' }), { action: 'answer', version: 3, answer: 'Đã xử lý.' }, staff, { ...ctx, now: Date.parse(iso) })
    // Received Monday 02/03/2026 08:00: the same day is 0, Thursday is 3, the next Monday 5 (Saturday and Sunday skipped).
    expect(working('2026-03-02T09:00:00Z')).toMatchObject({ ok: true, set: { answerWorkingDays: 0 } })
    expect(working('2026-03-05T03:00:00Z')).toMatchObject({ ok: true, set: { answerWorkingDays: 3 } })
    expect(working('2026-03-09T03:00:00Z')).toMatchObject({ ok: true, set: { answerWorkingDays: 5 } })
    // With Wednesday 04/03 made a day off, Thursday is the second working day.
    const holiday = { date: '2026-03-04', name: { vi: 'Nghỉ', en: 'Day off' }, kind: 'holiday' as const }
    const calendar = { ...DEFAULT_CALENDAR, holidays: [...DEFAULT_CALENDAR.holidays, holiday] }
    const withHoliday = decideAction(item({ status: 'in_progress' }), { action: 'answer', version: 3, answer: 'Đã xử lý.' }, staff, {
      ...ctx,
      now: Date.parse('2026-03-05T03:00:00Z'),
      rules: { ...ctx.rules, calendar },
    })
    expect(withHoliday).toMatchObject({ ok: true, set: { answerWorkingDays: 2 } })
    const reopened = decideAction(item({ status: 'answered', answeredAt: NOW, answerWorkingDays: 3, publicAnswer: 'x' }), { action: 'reopen', version: 3, note: 'Chưa đủ' }, head, ctx)
    expect(reopened).toMatchObject({ ok: true, set: { answeredAt: null, answerWorkingDays: null }, event: { before: { answerWorkingDays: 3 } } })
  })

  it('forward refuses an unknown unit and the unit that already has the item', () => {
    expect(decideAction(item(), { action: 'forward', version: 3, unit: 'BG', reason: 'x' }, head, ctx)).toMatchObject({ status: 400, path: 'unit', code: 'unknown_unit' })
    expect(decideAction(item(), { action: 'forward', version: 3, unit: 'LS', reason: 'x' }, head, ctx)).toMatchObject({ status: 400, path: 'unit', code: 'unchanged' })
  })

  it('assign needs an active member of the item’s unit', () => {
    const assign = { action: 'assign', version: 3, staffId: 20 } as const
    const member = { id: 20, role: 'unit_staff', unitCode: 'LS', active: true } as const
    expect(decideAction(item(), assign, head, { ...ctx, assignee: member })).toMatchObject({ ok: true, set: { assignedTo: 20 } })
    expect(decideAction(item(), assign, head, { ...ctx, assignee: { ...member, active: false } })).toMatchObject({ status: 400, path: 'staffId' })
    expect(decideAction(item(), assign, head, { ...ctx, assignee: { ...member, unitCode: 'HTQT' } })).toMatchObject({ status: 400 })
    expect(decideAction(item(), assign, head, { ...ctx, assignee: { ...member, role: 'leadership', unitCode: null } })).toMatchObject({ status: 400 })
    expect(decideAction(item(), assign, head, ctx)).toMatchObject({ status: 400 })
    expect(decideAction(item({ unitCode: null }), assign, { id: 9, role: 'inspector', unitCode: 'VP-TT' }, { ...ctx, assignee: member })).toMatchObject({ status: 400 })
    // Unit staff may take themselves off an item, not someone else.
    expect(decideAction(item({ assignedTo: 7 }), { action: 'assign', version: 3, staffId: null }, staff, ctx)).toMatchObject({ ok: true, set: { assignedTo: null } })
    expect(decideAction(item({ assignedTo: 20 }), { action: 'assign', version: 3, staffId: null }, staff, ctx)).toMatchObject({ status: 403 })
  })
})

describe('contactFor', () => {
  const contact = { name: 'Nguyễn Văn Riêng', phone: '+84912345678', email: 'r@example.vn' }
  const shown = { unitCode: 'LS', hideName: false, contact }
  const hidden = { unitCode: 'LS', hideName: true, contact }
  it('shows everything to the handling unit, no hidden name to the inspector, nothing to leadership and admins', () => {
    expect(contactFor({ role: 'unit_staff', unitCode: 'LS' }, hidden)).toEqual({ ...contact, nameHidden: true })
    expect(contactFor({ role: 'inspector', unitCode: 'VP-TT' }, hidden)).toEqual({ ...contact, name: null, nameHidden: true })
    expect(contactFor({ role: 'inspector', unitCode: 'VP-TT' }, shown)).toEqual({ ...contact, nameHidden: false })
    expect(contactFor({ role: 'inspector', unitCode: 'LS' }, hidden)).toEqual({ ...contact, nameHidden: true })
    expect(contactFor({ role: 'leadership', unitCode: null }, shown)).toBeNull()
    expect(contactFor({ role: 'admin', unitCode: null }, shown)).toBeNull()
    expect(contactFor({ role: 'unit_head', unitCode: 'HTQT' }, shown)).toBeNull()
    expect(contactFor({ role: 'unit_staff', unitCode: 'LS' }, { ...shown, contact: null })).toBeNull()
  })
})

describe('indicator8', () => {
  it('100 % is all on time, 90 % and up at least 90, below that or anything dragging on below 90', () => {
    expect(indicator8(1, 0)).toBe('all_on_time')
    expect(indicator8(0.9, 0)).toBe('at_least_90')
    expect(indicator8(0.8999, 0)).toBe('below_90')
    expect(indicator8(1, 1)).toBe('below_90')
    expect(indicator8(null, 0)).toBeNull()
    expect(indicator8(null, 2)).toBe('below_90')
  })
})

describe('histogramMedian', () => {
  it('equals the median of the values written out one by one', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 6 })), { maxLength: 12 }), (pairs) => {
        const histogram = new Map<number, number>()
        for (const [value, n] of pairs) histogram.set(value, (histogram.get(value) ?? 0) + n)
        const values = [...histogram].flatMap(([value, n]) => Array<number>(n).fill(value)).sort((a, b) => a - b)
        const expected = values.length === 0 ? null : (values[(values.length - 1) >> 1]! + values[values.length >> 1]!) / 2
        expect(histogramMedian(histogram)).toBe(expected)
      }),
    )
  })
})

describe('urgencyOf', () => {
  const open = { status: 'received' as const, acceptedAt: null, acceptBy: null }
  it('marks due soon up to closing time on the second working day ahead', () => {
    // Monday 08:00: Wednesday 17:00 is due soon, Thursday 17:00 is not.
    expect(urgencyOf({ ...open, resolveBy: Date.parse('2026-03-04T10:00:00Z') }, NOW, DEFAULT_CALENDAR)).toBe('due_soon')
    expect(urgencyOf({ ...open, resolveBy: Date.parse('2026-03-05T10:00:00Z') }, NOW, DEFAULT_CALENDAR)).toBe('on_time')
    expect(urgencyOf({ ...open, resolveBy: NOW - 1 }, NOW, DEFAULT_CALENDAR)).toBe('overdue')
    expect(urgencyOf({ ...open, status: 'answered', resolveBy: NOW - 1 }, NOW, DEFAULT_CALENDAR)).toBe('done')
    // A complaint waiting for acceptance is measured against its acceptance deadline.
    expect(urgencyOf({ ...open, acceptBy: NOW - 1, resolveBy: NOW + 40 * 86_400_000 }, NOW, DEFAULT_CALENDAR)).toBe('overdue')
  })
})

describe('ftsQuery', () => {
  it('quotes every word as a prefix, folds đ, and drops what holds no letter or digit', () => {
    expect(ftsQuery('trễ hẹn')).toBe('"trễ"* "hẹn"*')
    expect(ftsQuery('Địa chỉ')).toBe('"Dịa"* "chỉ"*')
    expect(ftsQuery('say "hi" NEAR(a')).toBe('"say"* """hi"""* "NEAR(a"*')
    expect(ftsQuery(' - * ( ')).toBeUndefined()
    expect(ftsQuery('')).toBeUndefined()
  })
})
