import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FeedbackSummary } from '../../shared/staff-feedback'
import { fillMissingAnswerDays } from '../../server/domain/answer-days'
import { actOk, DAY, getJson, MONDAY_0800, seedItem, staffWorld, type StaffWorld } from './staff-feedback-fixtures'

const HOUR = 3_600_000
let w: StaffWorld
const ids: Record<'a' | 'b' | 'c' | 'e', string> = { a: '', b: '', c: '', e: '' }

const summary = () => getJson<FeedbackSummary>(w.t, '/api/staff/feedback/summary?from=2026-03-01&to=2026-03-31', w.sessions.leader)
const medians = (s: FeedbackSummary) => ({ total: s.medianAnswerWorkingDays, ...Object.fromEntries(s.byUnit.map((u) => [u.unitCode, u.medianAnswerWorkingDays])) })
const answer = (who: 'lsStaff' | 'htqtStaff', id: string) => actOk(w.t, w.sessions[who], id, { action: 'answer', answer: 'Đơn vị đã xử lý xong hồ sơ.' })

beforeAll(async () => {
  w = await staffWorld()
  // Everything received on Monday 02/03/2026 at 08:00 and being handled.
  for (const key of ['a', 'b', 'c'] as const) ids[key] = (await seedItem(w.t, { unitCode: 'LS', status: 'in_progress' })).id
  ids.e = (await seedItem(w.t, { unitCode: 'HTQT', status: 'in_progress' })).id
})
afterAll(() => w.t.close())

describe('median time to answer, in working days', () => {
  it('counts each answer in working days from receipt and takes the median overall and per unit', async () => {
    expect(medians(await summary())).toEqual({ total: null, LS: null, HTQT: null })
    await w.advance(2 * HOUR) // Monday 10:00: the day of receipt counts 0
    await answer('lsStaff', ids.a)
    await w.advance(2 * DAY) // Wednesday: 2
    await answer('lsStaff', ids.b)
    await w.advance(5 * DAY) // the next Monday: Tuesday to Friday and Monday, the weekend skipped: 5
    await answer('lsStaff', ids.c)
    await answer('htqtStaff', ids.e)
    const s = await summary()
    // 0, 2, 5, 5: the mean of the two middle ones.
    expect(medians(s)).toEqual({ total: 3.5, LS: 2, HTQT: 5 })
    expect(s).toMatchObject({ answeredOnTime: 4, answeredLate: 0 })
  })

  it('leaves an answer taken back by a reopen out, and counts the next answer when it comes', async () => {
    await actOk(w.t, w.sessions.lsHead, ids.c, { action: 'reopen', note: 'Công dân chưa nhận được kết quả.' })
    expect(medians(await summary())).toEqual({ total: 2, LS: 1, HTQT: 5 })
    await w.advance(DAY) // Tuesday 10/03: 6 working days
    await answer('lsStaff', ids.c)
    expect(medians(await summary())).toEqual({ total: 3.5, LS: 2, HTQT: 5 })
  })

  it('fills in, once, the working days of items answered before they were kept', async () => {
    const { id } = await seedItem(w.t, { unitCode: 'LS', status: 'answered' })
    // Answered on Thursday 05/03 at 10:00, written as an older version of the app wrote it: no working days.
    await w.t.sql('UPDATE feedback SET answered_at = ?, answer_working_days = NULL WHERE id = ?', MONDAY_0800 + 3 * DAY + 2 * HOUR, id)
    expect(medians(await summary())).toMatchObject({ LS: 2 })
    expect(await fillMissingAnswerDays(w.t.store)).toBe(1)
    expect(await w.t.sql('SELECT answer_working_days AS days FROM feedback WHERE id = ?', id)).toEqual([{ days: 3 }])
    // LS: 0, 2, 3, 6.
    expect(medians(await summary())).toMatchObject({ total: 3, LS: 2.5 })
    expect(await fillMissingAnswerDays(w.t.store)).toBe(0)
  })
})
