import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { OFFICIAL_V1, OFFICIAL_V2, QUICK_V1, SIPAS_V1 } from '../../server/defaults/questionnaires'
import { questionnaireDraftIssue } from '../../shared/admin'
import type { Catalog } from '../../shared/catalog'
import type { Questionnaire } from '../../shared/questionnaire'
import { QUICK_V2 } from '../shared/quick-v2'
import { addStaff, createTestApp, getStats, postResponses, quickResponse, type Session, signIn, staffRequest, type TestApp } from './test-app'

let t: TestApp
let admin: Session
beforeEach(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  await addStaff(t, { username: 'q.admin', role: 'admin' })
  admin = await signIn(t.app, 'q.admin')
})
afterEach(() => t.close())

const call = (method: string, path: string, body?: unknown) => staffRequest(t.app, method, `/api/staff/admin/questionnaires${path}`, admin, { body })
const { version: _v2, ...DRAFT_V2 } = QUICK_V2
const activeQuick = async () => ((await (await t.app.request('/api/catalog')).json()) as Catalog).questionnaires.find((q) => q.key === 'quick')
const DAY = '2026-06-15'
const AT = '2026-06-15T03:00:00.000Z'

async function expectError(res: Response, status: number, path: string) {
  expect(res.status).toBe(status)
  const { error } = (await res.json()) as { error: { code: string; message: string; path: string } }
  expect(error.path).toBe(path)
  return error
}

describe('questionnaire versions: listing', () => {
  it('lists every key with its versions and the active one', async () => {
    const res = await call('GET', '')
    expect(res.status).toBe(200)
    const { questionnaires } = await res.json()
    expect(questionnaires).toEqual([
      {
        key: 'official',
        kind: 'official',
        activeVersion: 2,
        versions: [
          { version: 1, active: false, publishedAt: expect.any(String), publishedBy: null, title: OFFICIAL_V1.title },
          { version: 2, active: true, publishedAt: expect.any(String), publishedBy: null, title: OFFICIAL_V2.title },
        ],
      },
      { key: 'quick', kind: 'quick', activeVersion: 1, versions: [{ version: 1, active: true, publishedAt: expect.any(String), publishedBy: null, title: QUICK_V1.title }] },
      { key: 'sipas', kind: 'sipas', activeVersion: 1, versions: [{ version: 1, active: true, publishedAt: expect.any(String), publishedBy: null, title: SIPAS_V1.title }] },
    ])
  })

  it('gives one version whole, and 404 naming the version for one that does not exist', async () => {
    expect(await (await call('GET', '/quick/versions/1')).json()).toEqual(QUICK_V1)
    await expectError(await call('GET', '/quick/versions/7'), 404, 'version')
    await expectError(await call('GET', '/quick/versions/0'), 400, 'version')
  })
})

describe('questionnaire versions: publishing', () => {
  it('publishes v2 as the active version; v1 responses keep validating, scoring and counting with v1', async () => {
    const early = quickResponse({ submittedAt: AT, answers: { overall: 'unsatisfied', problems: ['fees'], comment: 'Phí cao' } })
    expect((await postResponses(t.app, [early]))[0]?.status).toBe('stored')
    expect(await activeQuick()).toEqual(QUICK_V1)

    // Any version in the body is ignored: the server numbers versions.
    const res = await call('POST', '', { ...DRAFT_V2, version: 42 })
    expect(res.status).toBe(201)
    expect(await res.json()).toEqual(QUICK_V2)
    expect(await activeQuick()).toEqual(QUICK_V2)

    // A device that still holds the old catalog sends v1; a new one sends v2.
    const late = quickResponse({ submittedAt: AT, answers: { overall: 'satisfied' } })
    const current = quickResponse({ submittedAt: AT, questionnaire: { key: 'quick', version: 2 }, answers: { satisfaction: 'very_satisfied' } })
    expect((await postResponses(t.app, [late, current])).map((r) => r.status)).toEqual(['stored', 'stored'])
    const wrong = quickResponse({ questionnaire: { key: 'quick', version: 2 }, answers: { overall: 'satisfied' } })
    expect((await postResponses(t.app, [wrong]))[0]?.error?.code).toBe('unknown_question')

    const rows = await t.sql('SELECT id, questionnaire_version AS v, level FROM responses ORDER BY id')
    expect(rows).toEqual([
      { id: early.id, v: 1, level: 'unsatisfied' },
      { id: late.id, v: 1, level: 'satisfied' },
      { id: current.id, v: 2, level: 'very_satisfied' },
    ])
    const stats = await getStats(t, { from: DAY, to: DAY })
    expect(stats.total.responses).toBe(3)
    expect(stats.total.counts).toEqual({ very_satisfied: 1, satisfied: 1, unsatisfied: 1 })
    const questions = await getStats(t, { from: DAY, to: DAY, groupBy: 'question' })
    expect(questions.groups.find((g) => g.key === 'quick.problems')?.responses).toBe(1)

    // v1 is stored exactly as it was.
    const [v1] = await t.sql("SELECT CAST(definition AS TEXT) AS definition FROM questionnaires WHERE key = 'quick' AND version = 1")
    expect(JSON.parse(v1!.definition as string)).toEqual(QUICK_V1)
  })

  it('numbers versions highest + 1 and keeps the choice across a restart', async () => {
    await call('POST', '', DRAFT_V2)
    const third = await (await call('POST', '', { ...DRAFT_V2, title: { vi: 'Đánh giá nhanh (bản 3)', en: 'Quick rating (3)' } })).json()
    expect(third.version).toBe(3)
    await t.reopen()
    expect((await activeQuick())?.version).toBe(3)
    const { questionnaires } = await (await call('GET', '')).json()
    expect(questionnaires.find((q: { key: string }) => q.key === 'quick')).toMatchObject({ activeVersion: 3, versions: [{ version: 1 }, { version: 2, publishedBy: admin.me.id }, { version: 3 }] })
    // Responses under v2 are still accepted after the restart.
    const res = await postResponses(t.app, [quickResponse({ questionnaire: { key: 'quick', version: 2 }, answers: { satisfaction: 'satisfied' } })])
    expect(res[0]?.status).toBe('stored')
  })

  it('publishes a new key as version 1', async () => {
    const res = await call('POST', '', { ...DRAFT_V2, key: 'sipas-lite', kind: 'sipas' })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ key: 'sipas-lite', version: 1 })
    // A counter may now open it.
    const counter = await staffRequest(t.app, 'PUT', '/api/staff/admin/catalog/counters/HCC-01', admin, {
      body: { name: { vi: 'Quầy 1', en: 'Counter 1' }, location: { vi: 'Tầng 1', en: 'Ground floor' }, unitCode: 'LS', questionnaireKey: 'sipas-lite' },
    })
    expect(counter.status).toBe(200)
  })

  it.each([
    ['no questions', { ...DRAFT_V2, questions: [] }, 'questions'],
    ['a bad key', { ...DRAFT_V2, key: 'Quick Rating' }, 'key'],
    ['an unknown kind', { ...DRAFT_V2, kind: 'survey' }, 'kind'],
    ['a title without English', { ...DRAFT_V2, title: { vi: 'Đánh giá' } }, 'title.en'],
    ['a question id twice', { ...DRAFT_V2, questions: [DRAFT_V2.questions[0], { ...DRAFT_V2.questions[1], id: 'satisfaction' }] }, 'questions.1.id'],
    ['a level question that is not there', { ...DRAFT_V2, levelQuestion: 'overall' }, 'levelQuestion'],
    ['a follow-up on a later question', { ...DRAFT_V2, questions: [DRAFT_V2.questions[1], DRAFT_V2.questions[0]] }, 'questions.0.showIf.question'],
    [
      'a follow-up on an option that does not exist',
      { ...DRAFT_V2, questions: [DRAFT_V2.questions[0], { ...DRAFT_V2.questions[1], showIf: { question: 'satisfaction', anyOf: ['angry'] } }] },
      'questions.1.showIf.anyOf',
    ],
    [
      'a level question option without a level',
      { ...DRAFT_V2, questions: [{ ...DRAFT_V2.questions[0], options: DRAFT_V2.questions[0]!.options.map((o, i) => (i === 2 ? { value: o.value, label: o.label } : o)) }] },
      'questions.0.options.2.level',
    ],
    ['the kind of an existing key changed', { ...DRAFT_V2, kind: 'official' }, 'kind'],
  ])('refuses %s, naming the field, and stores nothing', async (_what, body, path) => {
    const error = await expectError(await call('POST', '', body), 400, path)
    expect(error.message.startsWith(`${path}: `)).toBe(true)
    expect(await t.count('questionnaires')).toBe(4)
  })

  it('accepts the shipped questionnaires as drafts', () => {
    for (const q of [QUICK_V1, OFFICIAL_V1, OFFICIAL_V2, QUICK_V2]) expect(questionnaireDraftIssue(q)).toBeUndefined()
  })
})

describe('questionnaire versions: activating and freezing', () => {
  it('activates an older version again; the public catalog offers it at once and the audit records it', async () => {
    await call('POST', '', DRAFT_V2)
    expect((await activeQuick())?.version).toBe(2)
    const res = await call('POST', '/quick/versions/1/activate')
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ key: 'quick', activeVersion: 1, versions: [{ version: 1, active: true }, { version: 2, active: false }] })
    expect(await activeQuick()).toEqual(QUICK_V1)
    const audit = (await t.sql("SELECT action, CAST(before AS TEXT) AS before, CAST(after AS TEXT) AS after FROM admin_audit WHERE entity = 'questionnaire' ORDER BY id")) as unknown as {
      action: string
      before: string
      after: string
    }[]
    expect(audit.map((a) => a.action)).toEqual(['publish', 'activate'])
    expect(JSON.parse(audit[0]!.after)).toMatchObject({ activeVersion: 2, definition: QUICK_V2 })
    expect([JSON.parse(audit[1]!.before), JSON.parse(audit[1]!.after)]).toEqual([{ activeVersion: 2 }, { activeVersion: 1 }])
  })

  it('answers 404 naming the version for one that does not exist', async () => {
    await expectError(await call('POST', '/quick/versions/9/activate'), 404, 'version')
    await expectError(await call('POST', '/nope/versions/1/activate'), 404, 'version')
  })

  it('the database refuses to change or delete a stored version', async () => {
    const changed = { ...QUICK_V1, title: { vi: 'Đã sửa', en: 'Edited' } } satisfies Questionnaire
    await expect(t.sql("UPDATE questionnaires SET definition = ? WHERE key = 'quick' AND version = 1", JSON.stringify(changed))).rejects.toThrow(/never changes/)
    await expect(t.sql("DELETE FROM questionnaires WHERE key = 'quick'")).rejects.toThrow(/never deleted/)
  })
})
