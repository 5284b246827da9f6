import { today } from '../../shared/dates'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Dashboard } from '../../shared/dashboard'
import { feedbackItem, postFeedback } from './feedback-fixtures'
import { addStaff, createTestApp, getStats, officialResponse, postResponses, quickResponse, type Session, signIn, staffRequest, type TestApp } from './test-app'

let t: TestApp
let leader: Session
let head: Session
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  await addStaff(t, { username: 'd.leader', role: 'leadership' })
  await addStaff(t, { username: 'd.head', role: 'unit_head', unitCode: 'HTQT' })
  await addStaff(t, { username: 'd.staff', role: 'unit_staff', unitCode: 'HTQT' })
  leader = await signIn(t.app, 'd.leader')
  head = await signIn(t.app, 'd.head')
  await postResponses(t.app, [
    quickResponse({ counter: 'HCC-01', answers: { overall: 'very_satisfied' }, submittedAt: '2026-05-04T02:00:00Z' }), // Mon 09:00 local
    quickResponse({ counter: 'HCC-01', answers: { overall: 'unsatisfied' }, submittedAt: '2026-05-04T02:30:00Z' }),
    quickResponse({ counter: 'HCC-02', procedure: 'ABTC', answers: { overall: 'satisfied' }, submittedAt: '2026-05-06T07:00:00Z' }), // Wed 14:00
    officialResponse([2, 2, 0, 2, 2, 1], 'satisfied', { procedure: 'ABTC', submittedAt: '2026-05-20T03:00:00Z' }),
    officialResponse([1, 2, 0, 2, 2, 2], 'very_satisfied', { procedure: 'HC-NGCV', submittedAt: '2026-05-21T03:00:00Z' }),
    quickResponse({ answers: { overall: 'satisfied' }, submittedAt: '2026-04-15T03:00:00Z' }), // April: the previous month
  ])
  await postFeedback(t.app, [feedbackItem({ category: 'fees', procedure: 'ABTC' }), feedbackItem({ category: 'fees', procedure: 'HPH-LS' })])
})
afterAll(() => t.close())

const dashboard = async (session: Session, query: string) => {
  const res = await staffRequest(t.app, 'GET', `/api/staff/dashboard?${query}`, session)
  return { status: res.status, body: (await res.json()) as Dashboard & { error?: { path: string } } }
}

describe('GET /api/staff/dashboard', () => {
  it('gives the figures of the statistics, the previous period, the heat map and the questions that cost most', async () => {
    const { status, body } = await dashboard(leader, 'from=2026-05-01&to=2026-05-31')
    expect(status).toBe(200)
    for (const [groupBy, groups] of [
      ['unit', body.byUnit],
      ['counter', body.byCounter],
      ['procedure', body.byProcedure],
      ['channel', body.byChannel],
      ['question', body.byQuestion],
    ] as const) {
      expect(groups, groupBy).toEqual((await getStats(t, { from: '2026-05-01', to: '2026-05-31', groupBy })).groups)
    }
    expect(body.total.responses).toBe(5)
    expect(body.previous).toMatchObject({ from: '2026-04-01', to: '2026-04-30', total: { responses: 1 } })
    expect(body.series.granularity).toBe('day')
    expect(body.series.groups).toHaveLength(31)
    expect(body.heatmap.reduce((n, cell) => n + cell.responses, 0)).toBe(5)
    expect(body.heatmap).toContainEqual({ weekday: 1, hour: 9, responses: 2, unsatisfied: 1 })
    // i3 (came back more than once) scored 0 on both official forms: it costs the most points.
    expect(body.dragging[0]).toMatchObject({ key: 'official.i3_returns', lostPoints: 4 })
    expect(body.feedback.received).toBe(0) // the feedback was received today, not in May
  })

  it('keeps a unit head to their own unit, ratings and feedback alike', async () => {
    const day = today()
    const { status, body } = await dashboard(head, `from=2026-05-01&to=${day}`)
    expect(status).toBe(200)
    const own = await getStats(t, { from: '2026-05-01', to: day, groupBy: 'unit', unit: 'HTQT' })
    expect(body.total).toEqual(own.total)
    expect(body.byUnit.map((g) => g.key)).toEqual(['HTQT'])
    expect(body.feedback.received).toBe(1) // ABTC belongs to HTQT; HPH-LS to LS
    const other = await dashboard(head, 'from=2026-05-01&to=2026-05-31&unit=LS')
    expect(other.status).toBe(403)
  })

  it('names the bad field, and is not for unit staff', async () => {
    const bad = await dashboard(leader, 'from=2026-05-01&to=2026-04-01')
    expect(bad.status).toBe(400)
    expect(bad.body.error!.path).toBe('from')
    expect((await dashboard(await signIn(t.app, 'd.staff'), 'from=2026-05-01&to=2026-05-31')).status).toBe(403)
  })
})
