import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_QUESTIONNAIRES } from '../../server/defaults/questionnaires'
import { prepareResponse } from '../../server/domain/prepare-response'
import type { PreparedResponse } from '../../server/store/prepared-response'
import { type Channel, CHANNEL_LABELS, CHANNELS } from '../../shared/channels'
import type { Dashboard } from '../../shared/dashboard'
import type { PeriodReport } from '../../shared/period-report'
import { feedback } from '../store/new-feedback'
import { feedbackItem, postFeedback } from './feedback-fixtures'
import { detail, inbox } from './staff-feedback-fixtures'
import { addStaff, createTestApp, getStats, officialResponse, postResponses, quickResponse, type Session, signIn, staffRequest, type TestApp } from './test-app'

/**
 * Channels (issue 16): the route decides each rating's and item's channel and the store keeps it; the
 * statistics split by it come from the rollups. Routes the other helpers build (kiosk, staff intake) are
 * stood in for here by the store called with their channel.
 */

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
})
afterAll(() => t.close())

/** Responses prepared as a route of `channel` would hand them to the store. */
async function prepared(raws: ReturnType<typeof quickResponse>[], channel: Channel): Promise<PreparedResponse[]> {
  const catalog = await t.store.catalog()
  const byVersion = new Map(DEFAULT_QUESTIONNAIRES.map((q) => [`${q.key}@${q.version}`, q]))
  return raws.map((raw, i) => {
    const result = prepareResponse(raw, i, { catalog, questionnaire: (key, version) => byVersion.get(`${key}@${version}`) }, Date.parse(raw.submittedAt), channel)
    if (!result.ok) throw new Error(result.error.message)
    return result.value
  })
}

const channelOf = async (table: 'responses' | 'feedback', id: string) => (await t.sql(`SELECT channel FROM ${table} WHERE id = ?`, id))[0]?.channel

describe('the channel stored', () => {
  it('is qr for a rating sent from the citizen page, and for a feedback item filed there', async () => {
    const rating = quickResponse()
    expect((await postResponses(t.app, [rating]))[0]!.status).toBe('stored')
    expect(await channelOf('responses', rating.id)).toBe('qr')
    const item = feedbackItem()
    expect((await postFeedback(t.app, [item]))[0]!.status).toBe('stored')
    expect(await channelOf('feedback', item.id)).toBe('qr')
  })

  it('is what the route named when it handed the item to the store (kiosk, paper, phone)', async () => {
    const raws = [quickResponse(), officialResponse([2, 1, 0, 2, 1, 2], 'satisfied')]
    const [kiosk, paper] = [await prepared([raws[0]!], 'kiosk'), await prepared([raws[1]!], 'paper')]
    expect(await t.store.insertResponses([...kiosk, ...paper])).toEqual(['stored', 'stored'])
    expect(await channelOf('responses', raws[0]!.id)).toBe('kiosk')
    expect(await channelOf('responses', raws[1]!.id)).toBe('paper')
    const phoned = feedback({ channel: 'phone' })
    expect((await t.store.feedback.insert([phoned]))[0]!.status).toBe('stored')
    expect(await channelOf('feedback', phoned.id)).toBe('phone')
  })

  it('is not part of the content a resend must match: the same rating resent through another channel is a duplicate', async () => {
    const raw = quickResponse()
    expect(await t.store.insertResponses(await prepared([raw], 'kiosk'))).toEqual(['stored'])
    expect(await t.store.insertResponses(await prepared([raw], 'qr'))).toEqual(['duplicate'])
    expect(await channelOf('responses', raw.id)).toBe('kiosk')
  })

  it('is one of the seven: the database refuses any other', async () => {
    const item = feedback()
    await t.store.feedback.insert([item])
    await expect(t.sql("UPDATE feedback SET channel = 'fax' WHERE id = ?", item.id)).rejects.toThrow(/check/i)
  })
})

/*
 * A month of ratings counted by hand: through the citizen page (qr) 3 quick ratings, one at each level; at the
 * counter's kiosk 4, three very satisfied and one not; keyed from paper 2, an official form (8 of 12 points)
 * and a quick rating, both satisfied.
 */
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' }
const at = (day: number, hour = 3) => `2026-10-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`
/** Lines per channel. */
const countByChannel = (rows: { channel: string }[]) => Object.fromEntries(CHANNELS.map((c) => [c, rows.filter((r) => r.channel === c).length]))
const quick = (overall: string, day: number, counter = 'HCC-01') => quickResponse({ counter, answers: { overall }, submittedAt: at(day) })

describe('statistics by channel', () => {
  let leader: Session
  beforeAll(async () => {
    await addStaff(t, { username: 'c.leader', role: 'leadership' })
    leader = await signIn(t.app, 'c.leader')
    const qr = [quick('very_satisfied', 5), quick('satisfied', 6), quick('unsatisfied', 7)]
    expect((await postResponses(t.app, qr)).map((r) => r.status)).toEqual(['stored', 'stored', 'stored'])
    const kiosk = [quick('very_satisfied', 5), quick('very_satisfied', 5), quick('very_satisfied', 12, 'HCC-02'), quick('unsatisfied', 13)]
    const paper = [officialResponse([2, 1, 0, 2, 1, 2], 'satisfied', { submittedAt: at(20) }), quick('satisfied', 21)]
    const prepared2 = [...(await prepared(kiosk, 'kiosk')), ...(await prepared(paper, 'paper'))]
    expect(await t.store.insertResponses(prepared2)).toEqual(prepared2.map(() => 'stored'))
  })

  it('groups by channel from the rollups, the figures counted by hand, each channel named', async () => {
    const stats = await getStats(t, { ...OCTOBER, groupBy: 'channel' })
    expect(stats.total.responses).toBe(9)
    expect(stats.groups.map((g) => [g.key, g.label?.vi, g.responses, g.counts])).toEqual([
      ['kiosk', CHANNEL_LABELS.kiosk.vi, 4, { very_satisfied: 3, satisfied: 0, unsatisfied: 1 }],
      ['paper', CHANNEL_LABELS.paper.vi, 2, { very_satisfied: 0, satisfied: 2, unsatisfied: 0 }],
      ['qr', CHANNEL_LABELS.qr.vi, 3, { very_satisfied: 1, satisfied: 1, unsatisfied: 1 }],
    ])
    const paper = stats.groups.find((g) => g.key === 'paper')!
    expect([paper.scored, paper.meanScore, paper.meanMaxScore]).toEqual([1, 8, 12])
    expect(stats.groups.find((g) => g.key === 'kiosk')!.satisfiedRate).toBe(75)
  })

  it('filters every grouping by channel, and names a channel outside the list', async () => {
    const kiosk = await getStats(t, { ...OCTOBER, groupBy: 'counter', channel: 'kiosk' })
    expect(kiosk.total.responses).toBe(4)
    expect(kiosk.groups.map((g) => [g.key, g.responses])).toEqual([['HCC-01', 3], ['HCC-02', 1]])
    const days = await getStats(t, { ...OCTOBER, groupBy: 'day', channel: 'qr' })
    expect(days.groups.filter((g) => g.responses > 0).map((g) => g.key)).toEqual(['2026-10-05', '2026-10-06', '2026-10-07'])
    const questions = await getStats(t, { ...OCTOBER, groupBy: 'question', channel: 'paper' })
    expect(questions.groups.find((g) => g.key === 'official.i3_returns')).toMatchObject({ responses: 1, scored: 1, meanScore: 0 })
    const res = await staffRequest(t.app, 'GET', `/api/stats/satisfaction?from=${OCTOBER.from}&to=${OCTOBER.to}&channel=fax`, leader)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { path: string } }).error.path).toBe('channel')
  })

  it('filters the dashboard by channel and breaks it down by channel, the heat map and the feedback too', async () => {
    for (const [channel, received] of [['phone', 2], ['paper', 1]] as const) {
      for (let i = 0; i < received; i++) await t.store.feedback.insert([feedback({ channel, receivedAt: Date.parse(at(8)), resolveBy: Date.parse('2026-11-30T10:00:00Z') })])
    }
    await t.store.feedback.insert([feedback({ receivedAt: Date.parse(at(9)), resolveBy: Date.parse('2026-11-30T10:00:00Z') })])
    const all = await dashboard(`from=${OCTOBER.from}&to=${OCTOBER.to}`)
    expect(all.byChannel.map((g) => [g.key, g.responses])).toEqual([['kiosk', 4], ['paper', 2], ['qr', 3]])
    expect(all.feedback.byChannel.filter((c) => c.received > 0).map((c) => [c.channel, c.received])).toEqual([['qr', 1], ['paper', 1], ['phone', 2]])
    const kiosk = await dashboard(`from=${OCTOBER.from}&to=${OCTOBER.to}&channel=kiosk`)
    expect(kiosk.total.responses).toBe(4)
    expect(kiosk.byChannel.map((g) => g.key)).toEqual(['kiosk'])
    expect(kiosk.heatmap.reduce((n, cell) => n + cell.responses, 0)).toBe(4)
    expect(kiosk.previous.total.responses).toBe(0)
    const phone = await dashboard(`from=${OCTOBER.from}&to=${OCTOBER.to}&channel=phone`)
    expect(phone.total.responses).toBe(0)
    expect(phone.feedback.received).toBe(2)
    const bad = await staffRequest(t.app, 'GET', `/api/staff/dashboard?from=${OCTOBER.from}&to=${OCTOBER.to}&channel=fax`, leader)
    expect(bad.status).toBe(400)
  })

  it('puts a section by channel in the period report: ratings and feedback', async () => {
    const res = await staffRequest(t.app, 'GET', `/api/staff/reports/period?from=${OCTOBER.from}&to=${OCTOBER.to}&format=json`, leader)
    const report = (await res.json()) as PeriodReport
    expect(report.byChannel.map((r) => [r.key, r.name?.vi, r.forms])).toEqual([
      ['kiosk', CHANNEL_LABELS.kiosk.vi, 4],
      ['paper', CHANNEL_LABELS.paper.vi, 2],
      ['qr', CHANNEL_LABELS.qr.vi, 3],
    ])
    expect(report.feedback.byChannel.map((c) => [c.channel, c.received])).toEqual([['qr', 1], ['paper', 1], ['phone', 2]])
    const csv = await (await staffRequest(t.app, 'GET', `/api/staff/reports/period?from=${OCTOBER.from}&to=${OCTOBER.to}&format=csv`, leader)).text()
    expect(csv).toContain('V. KẾT QUẢ ĐÁNH GIÁ THEO KÊNH TIẾP NHẬN')
    expect(csv).toContain(`2,${CHANNEL_LABELS.paper.vi},1,0,0,1`)
  })

  it('puts the channel in the exports of responses and feedback', async () => {
    await addStaff(t, { username: 'c.admin', role: 'admin' })
    const responses = await csvRecords(`/api/staff/exports/responses.csv?from=${OCTOBER.from}&to=${OCTOBER.to}`, await signIn(t.app, 'c.admin'))
    expect(countByChannel(responses)).toMatchObject({ qr: 3, kiosk: 4, paper: 2 })
    const items = await csvRecords(`/api/staff/exports/feedback.csv?from=${OCTOBER.from}&to=${OCTOBER.to}`)
    expect(countByChannel(items)).toMatchObject({ qr: 1, paper: 1, phone: 2, kiosk: 0 })
  })

  it('filters the inbox by channel, and shows the channel in the list and on the item page', async () => {
    const page = await inbox(t, leader, { view: 'all', channel: 'phone' })
    expect(page.total).toBe(3) // the two of October and the one of the first test
    expect(page.items.map((i) => i.channel)).toEqual(['phone', 'phone', 'phone'])
    const item = await detail(t, leader, page.items[0]!.id)
    expect(item).toMatchObject({ channel: 'phone', open311Client: null })
    const bad = await staffRequest(t.app, 'GET', '/api/staff/feedback?channel=fax', leader)
    expect(bad.status).toBe(400)
  })

  async function dashboard(query: string): Promise<Dashboard> {
    const res = await staffRequest(t.app, 'GET', `/api/staff/dashboard?${query}`, leader)
    expect(res.status).toBe(200)
    return (await res.json()) as Dashboard
  }

  /** Each line's channel: the last column, which no comma of an earlier quoted field can shift. */
  async function csvRecords(path: string, session = leader): Promise<{ channel: string }[]> {
    const res = await staffRequest(t.app, 'GET', path, session)
    expect(res.status).toBe(200)
    const [header, ...lines] = (await res.text()).replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(header!.split(',').at(-1)).toBe('channel')
    return lines.map((line) => ({ channel: line.split(',').at(-1)! }))
  }
})
