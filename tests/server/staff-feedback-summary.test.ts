import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FeedbackStatus } from '../../shared/feedback'
import type { FeedbackSummary } from '../../shared/staff-feedback'
import { DAY, getJson, seedItem, staffWorld, type StaffWorld } from './staff-feedback-fixtures'
import { staffRequest } from './test-app'

const at = (iso: string) => Date.parse(iso)
const RESOLVE = at('2026-03-20T10:00:00Z')

let w: StaffWorld

/** An item received at `receivedAt`, due on 20 March, left in `status` with `answeredAt`. */
async function item(unitCode: string | null, receivedAt: number, status: FeedbackStatus, answeredAt: number | null = null, resolveBy = RESOLVE) {
  const { id } = await seedItem(w.t, { unitCode, receivedAt, resolveBy, category: unitCode === 'HTQT' ? 'fees' : 'processing_time' })
  await w.t.sql('UPDATE feedback SET status = ?, answered_at = ? WHERE id = ?', status, answeredAt, id)
}

beforeAll(async () => {
  w = await staffWorld()
  const march = (day: number, hour = 2) => at(`2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`)
  // LS: nine answered on time (one exactly at the deadline), one late: 90 %.
  for (let i = 0; i < 8; i++) await item('LS', march(2 + i), i % 2 === 0 ? 'answered' : 'closed', march(10 + i))
  await item('LS', march(3), 'closed', RESOLVE)
  await item('LS', march(4), 'answered', RESOLVE + 1)
  // Out of the rate: spam and a duplicate, never answered; one still open, not yet due.
  await item('LS', march(5), 'spam')
  await item('LS', march(5), 'duplicate')
  await item('LS', march(6), 'in_progress', null, at('2026-05-20T10:00:00Z'))
  // HTQT: one answered late, one open past its deadline.
  await item('HTQT', march(2), 'answered', RESOLVE + DAY)
  await item('HTQT', march(3), 'acknowledged')
  // No unit: answered on time.
  await item(null, march(9), 'answered', march(12))
  // Received just outside March, Hà Tĩnh time: 23:59 on 28 February and 00:00 on 1 April.
  await item('LS', at('2026-02-28T16:59:00Z'), 'answered', RESOLVE + 5 * DAY)
  await item('LS', at('2026-03-31T17:00:00Z'), 'answered', RESOLVE + 20 * DAY, at('2026-04-20T10:00:00Z'))
  // Received at 23:59 on 31 March, Hà Tĩnh time: inside.
  await item('BG', at('2026-03-31T16:59:00Z'), 'received', null, at('2026-04-21T10:00:00Z'))
  // Now: 1 April, so that the HTQT item is overdue and the BG one is not.
  await w.advance(at('2026-04-01T02:00:00Z') - w.clock.time)
})
afterAll(() => w.t.close())

const summary = (session: keyof StaffWorld['sessions'], from = '2026-03-01', to = '2026-03-31') =>
  getJson<FeedbackSummary>(w.t, `/api/staff/feedback/summary?from=${from}&to=${to}`, w.sessions[session])

describe('GET /api/staff/feedback/summary', () => {
  it('counts the unit’s items received in the period: 9 of 10 answered on time is at least 90 %', async () => {
    const s = await summary('lsStaff')
    expect(s).toMatchObject({
      from: '2026-03-01',
      to: '2026-03-31',
      received: 13,
      open: 1,
      overdueNow: 0,
      answeredOnTime: 9,
      answeredLate: 1,
      closedWithoutAnswer: 2,
      onTimeRate: 0.9,
      indicator8: 'at_least_90',
    })
    expect(s.byUnit).toEqual([{ unitCode: 'LS', received: 13, open: 1, overdueNow: 0, answeredOnTime: 9, answeredLate: 1, medianAnswerWorkingDays: null }])
    expect(s.byCategory.find((c) => c.category === 'processing_time')).toEqual({ category: 'processing_time', received: 13, open: 1, overdueNow: 0 })
    expect(s.byCategory.find((c) => c.category === 'fees')).toEqual({ category: 'fees', received: 0, open: 0, overdueNow: 0 })
    expect(s.byPetitionType).toEqual([
      { petitionType: 'feedback', received: 13, open: 1, overdueNow: 0 },
      { petitionType: 'complaint', received: 0, open: 0, overdueNow: 0 },
      { petitionType: 'denunciation', received: 0, open: 0, overdueNow: 0 },
    ])
  })

  it('an item dragging on past its deadline puts indicator 8 below 90 % whatever the rate', async () => {
    const s = await summary('htqtHead')
    expect(s).toMatchObject({ received: 2, open: 1, overdueNow: 1, answeredOnTime: 0, answeredLate: 1, onTimeRate: 0, indicator8: 'below_90' })
  })

  it('covers every unit for the inspector and leadership, items without a unit last', async () => {
    for (const who of ['inspector', 'leader'] as const) {
      const s = await summary(who)
      expect(s).toMatchObject({ received: 17, open: 3, overdueNow: 1, answeredOnTime: 10, answeredLate: 2, indicator8: 'below_90' })
      expect(s.onTimeRate).toBeCloseTo(10 / 12, 10)
      expect(s.byUnit.map((u) => u.unitCode)).toEqual(['BG', 'HTQT', 'LS', null])
    }
  })

  it('every answer on time is all_on_time; nothing answered and nothing late is null', async () => {
    expect((await summary('lsHead', '2026-03-09', '2026-03-09')).indicator8).toBe('all_on_time')
    expect(await summary('inspector', '2026-03-31', '2026-03-31')).toMatchObject({ received: 1, onTimeRate: null, indicator8: null })
    expect(await summary('inspector', '2025-01-01', '2025-01-31')).toMatchObject({ received: 0, onTimeRate: null, indicator8: null })
  })

  it('refuses a bad period naming the field, and administrators', async () => {
    for (const [query, path] of [
      ['from=2026-03-01', 'to'],
      ['from=2026-03-31&to=2026-03-01', 'to'],
      ['from=2026-02-30&to=2026-03-01', 'from'],
    ] as const) {
      const res = await staffRequest(w.t.app, 'GET', `/api/staff/feedback/summary?${query}`, w.sessions.lsHead)
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: { path: string } }).error.path).toBe(path)
    }
    expect((await staffRequest(w.t.app, 'GET', '/api/staff/feedback/summary?from=2026-03-01&to=2026-03-31', w.sessions.admin)).status).toBe(403)
  })
})
