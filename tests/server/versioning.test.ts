import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OFFICIAL_V1, QUICK_V1 } from '../../server/defaults/questionnaires'
import type { Catalog } from '../../shared/catalog'
import { QUICK_V2 } from '../shared/quick-v2'
import { createTestApp, getStats, postResponses, quickResponse, type TestApp } from './test-app'

const V1 = { key: 'quick', version: 1 }
const V2 = { key: 'quick', version: 2 }
const DAY = '2026-06-15'
const AT = '2026-06-15T03:00:00.000Z'

let t: TestApp
let before: ReturnType<typeof quickResponse>[]
beforeEach(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' }, { questionnaires: [QUICK_V1, OFFICIAL_V1] })
  before = [
    quickResponse({ questionnaire: V1, submittedAt: AT, answers: { overall: 'unsatisfied', problems: ['fees'], comment: 'Phí cao' } }),
    quickResponse({ questionnaire: V1, submittedAt: AT, answers: { overall: 'very_satisfied' } }),
  ]
  expect((await postResponses(t.app, before)).map((r) => r.status)).toEqual(['stored', 'stored'])
  // A release ships quick v2; the server restarts on the same database.
  await t.reopen([QUICK_V1, OFFICIAL_V1, QUICK_V2])
})
afterEach(() => t.close())

describe('questionnaire versions on the server', () => {
  it('post /responses still accepts a v1 response after v2 is published (a device with an old cached catalog)', async () => {
    const item = quickResponse({ questionnaire: V1, submittedAt: AT, answers: { overall: 'unsatisfied', problems: ['fees'], comment: 'x' } })
    expect((await postResponses(t.app, [item]))[0]?.status).toBe('stored')
    expect(await t.sql('SELECT questionnaire_version AS v, level FROM responses WHERE id = ?', item.id)).toEqual([{ v: 1, level: 'unsatisfied' }])
  })

  it('post /responses acknowledges a v1 response resent after the upgrade as a duplicate', async () => {
    expect((await postResponses(t.app, before)).map((r) => r.status)).toEqual(['duplicate', 'duplicate'])
    expect(await t.count('responses')).toBe(2)
  })

  it('post /responses checks a response that names v2 against v2', async () => {
    const good = quickResponse({ questionnaire: V2, submittedAt: AT, answers: { satisfaction: 'unsatisfied', problems: ['queue_system'] } })
    const dropped = quickResponse({ questionnaire: V2, answers: { satisfaction: 'unsatisfied', problems: ['fees'] } })
    const removed = quickResponse({ questionnaire: V2, answers: { satisfaction: 'satisfied', comment: 'x' } })
    const oldShape = quickResponse({ questionnaire: V2, answers: { overall: 'satisfied' } })
    const results = await postResponses(t.app, [good, dropped, removed, oldShape])
    expect(results.map((r) => [r.status, r.error?.code, r.error?.path])).toEqual([
      ['stored', undefined, undefined],
      ['invalid', 'invalid_option', 'responses.1.answers.problems'],
      ['invalid', 'unknown_question', 'responses.2.answers.comment'],
      ['invalid', 'unknown_question', 'responses.3.answers.overall'],
    ])
    expect(await t.sql('SELECT questionnaire_version AS v, level FROM responses WHERE id = ?', good.id)).toEqual([{ v: 2, level: 'unsatisfied' }])
  })

  it('post /responses refuses v2 answers sent as v1', async () => {
    const [result] = await postResponses(t.app, [quickResponse({ questionnaire: V1, answers: { satisfaction: 'satisfied' } })])
    expect(result?.error?.code).toBe('unknown_question')
  })

  it('get /stats/satisfaction counts v1 and v2 responses together, each levelled by its own version', async () => {
    await postResponses(t.app, [quickResponse({ questionnaire: V2, submittedAt: AT, answers: { satisfaction: 'satisfied' } })])
    const stats = await getStats(t, { from: DAY, to: DAY })
    expect(stats.total.responses).toBe(3)
    expect(stats.total.counts).toEqual({ very_satisfied: 1, satisfied: 1, unsatisfied: 1 })
    const questions = await getStats(t, { from: DAY, to: DAY, groupBy: 'question' })
    expect(questions.groups.map((g) => [g.key, g.responses]).sort()).toEqual([
      ['quick.overall', 2],
      ['quick.problems', 1],
      ['quick.satisfaction', 1],
    ])
    expect(questions.groups.find((g) => g.key === 'quick.overall')?.label).toEqual(QUICK_V1.questions[0]!.text)
    expect(questions.groups.find((g) => g.key === 'quick.satisfaction')?.label).toEqual(QUICK_V2.questions[0]!.text)
  })

  it('get /catalog offers v2 once it is the active version, and v1 responses are still accepted and counted', async () => {
    await t.sql("UPDATE questionnaires SET active = (version = 2) WHERE key = 'quick'")
    await t.reopen([QUICK_V1, OFFICIAL_V1, QUICK_V2])
    const catalog = (await (await t.app.request('/api/catalog')).json()) as Catalog
    expect(catalog.questionnaires.find((q) => q.key === 'quick')).toEqual(QUICK_V2)
    const late = quickResponse({ questionnaire: V1, submittedAt: AT, answers: { overall: 'satisfied' } })
    expect((await postResponses(t.app, [late]))[0]?.status).toBe('stored')
    expect((await getStats(t, { from: DAY, to: DAY })).total.responses).toBe(3)
  })

  it('keeps the published v1 when a release ships an edited copy under the same version', async () => {
    const edited = { ...QUICK_V1, title: { vi: 'Sửa đổi', en: 'Edited' }, questions: QUICK_V1.questions.slice(0, 1) }
    await t.reopen([edited, OFFICIAL_V1, QUICK_V2])
    expect(await t.store.questionnaire('quick', 1)).toEqual(QUICK_V1)
    // A v1 response with the comment the edited copy dropped is still checked against the published v1.
    const item = quickResponse({ questionnaire: V1, answers: { overall: 'satisfied', comment: 'ok' } })
    expect((await postResponses(t.app, [item]))[0]?.status).toBe('stored')
  })

  it('keeps the stored definition of v1 unchanged when the release also ships it', async () => {
    const [stored] = await t.sql("SELECT CAST(definition AS TEXT) AS definition FROM questionnaires WHERE key = 'quick' AND version = 1")
    expect(JSON.parse(stored!.definition as string)).toEqual(QUICK_V1)
    expect(await t.store.questionnaire('quick', 1)).toEqual(QUICK_V1)
  })
})
