import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BatchResult } from '../../shared/response'
import {
  createTestApp,
  getStats,
  officialResponse,
  postJson,
  postResponses,
  quickResponse,
  type TestApp,
} from './test-app'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
})
afterEach(() => t.close())

type ErrorBody = { error: { code: string; message: string; path: string } }

const stored = () => t.count('responses')

async function row(id: string): Promise<Record<string, unknown> | undefined> {
  return (await t.sql('SELECT * FROM responses WHERE id = ?', id))[0]
}

describe('POST /api/responses: storing', () => {
  it('post /responses stores a good quick rating and acknowledges it by id', async () => {
    const item = quickResponse({ procedure: 'HC-NGCV', submittedAt: '2026-06-30T16:30:00.000Z' })
    const res = await postJson(t.app, '/api/responses', { responses: [item] })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ results: [{ index: 0, id: item.id, status: 'stored' }] })
    expect(await row(item.id)).toMatchObject({
      counter_code: 'HCC-01',
      unit_code: 'LS',
      procedure_code: 'HC-NGCV',
      dossier: null,
      questionnaire_key: 'quick',
      questionnaire_version: 1,
      level: 'very_satisfied',
      score: null,
      max_score: null,
      lang: 'vi',
      local_day: '2026-06-30',
      hour: 23,
    })
    expect(await stored()).toBe(1)
  })

  it('post /responses stores the official form with its indicator score out of 12', async () => {
    const item = officialResponse([2, 1, 0, 2, 2, 1], 'satisfied')
    expect(await postResponses(t.app, [item])).toEqual([{ index: 0, id: item.id, status: 'stored' }])
    expect(await row(item.id)).toMatchObject({ level: 'satisfied', score: 8, max_score: 12, unit_code: 'HTQT' })
    expect(await t.count('response_answers', 'response_id = ? AND points IS NOT NULL', item.id)).toBe(6)
  })

  it('post /responses counts a response under the unit that owns its procedure, not the counter', async () => {
    // HCC-01 belongs to LS; ABTC is owned by HTQT.
    const item = quickResponse({ procedure: 'ABTC' })
    await postResponses(t.app, [item])
    expect((await row(item.id))?.unit_code).toBe('HTQT')
  })

  it('post /responses stores the follow-up problems and keeps the comment out of the answer rows', async () => {
    const item = quickResponse({ answers: { overall: 'unsatisfied', problems: ['fees', 'late_result'], comment: 'Phải chờ hai tiếng' } })
    await postResponses(t.app, [item])
    const values = (await t.sql("SELECT question_id || '=' || value AS v FROM response_answers WHERE response_id = ? ORDER BY 1", item.id)).map((r) => r.v)
    expect(values).toEqual(['overall=unsatisfied', 'problems=fees', 'problems=late_result'])
    expect(JSON.parse((await row(item.id))!.payload as string).answers.comment).toBe('Phải chờ hai tiếng')
  })

  it('post /responses stores a full batch of 500', async () => {
    const items = Array.from({ length: 500 }, () => quickResponse())
    const results = await postResponses(t.app, items)
    expect(results.map((r) => r.status)).toEqual(Array(500).fill('stored'))
    expect(results.map((r) => r.id)).toEqual(items.map((i) => i.id))
    expect(await stored()).toBe(500)
  })
})

describe('POST /api/responses: bad envelopes', () => {
  it.each([
    ['no item', { responses: [] }],
    ['501 items', { responses: Array.from({ length: 501 }, () => quickResponse()) }],
    ['no responses field', { items: [quickResponse()] }],
    ['a single item instead of a list', { responses: quickResponse() }],
  ])('post /responses rejects a batch with %s with a 400 naming responses', async (_label, body) => {
    const res = await postJson(t.app, '/api/responses', body)
    expect(res.status).toBe(400)
    const { error } = (await res.json()) as ErrorBody
    expect(error.path).toBe('responses')
    expect(error.message).toContain(error.path)
    expect(await stored()).toBe(0)
  })

  it.each(['{"responses": [', '{responses: []}', '', 'null', '[]', '"responses"', '{"responses": [{}]}x'])(
    'post /responses rejects the body %j with a 400 and stores nothing',
    async (body) => {
      const res = await postJson(t.app, '/api/responses', body)
      expect(res.status).toBe(400)
      const { error } = (await res.json()) as ErrorBody
      expect(error.code).toMatch(/^(bad_request|invalid)$/)
      expect(await stored()).toBe(0)
    },
  )

  it('post /responses answers malformed JSON with bad_request in the API error shape', async () => {
    const res = await postJson(t.app, '/api/responses', '{"responses": [')
    expect(await res.json()).toEqual({ error: { code: 'bad_request', message: 'Malformed JSON in request body', path: '' } })
  })

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx'])(
    'post /responses rejects content type %s with 415, even when the body is valid JSON',
    async (type) => {
      const res = await postJson(t.app, '/api/responses', { responses: [quickResponse()] }, { 'content-type': type })
      expect(res.status).toBe(415)
      expect(((await res.json()) as ErrorBody).error.code).toBe('unsupported_media_type')
      expect(await stored()).toBe(0)
    },
  )

  it('post /responses rejects a body without a content type with 415', async () => {
    const res = await t.app.request('/api/responses', { method: 'POST', body: JSON.stringify({ responses: [quickResponse()] }) })
    expect(res.status).toBe(415)
    expect(await stored()).toBe(0)
  })

  it('post /responses accepts application/json with a charset', async () => {
    const res = await postJson(t.app, '/api/responses', { responses: [quickResponse()] }, { 'content-type': 'application/json; charset=utf-8' })
    expect(res.status).toBe(200)
    expect(await stored()).toBe(1)
  })

  it('get /responses is not an endpoint', async () => {
    const res = await t.app.request('/api/responses')
    expect(res.status).toBe(404)
  })
})

/** Posts one item that must come back invalid, with nothing stored, and gives its error. */
async function invalid(item: unknown): Promise<ErrorBody['error']> {
  const [result] = await postResponses(t.app, [item])
  expect(result?.status).toBe('invalid')
  expect(await stored()).toBe(0)
  return result!.error!
}

describe('POST /api/responses: bad items', () => {
  it('post /responses rejects a rating of 6', async () => {
    const error = await invalid(quickResponse({ answers: { overall: '6' } }))
    expect(error).toMatchObject({ code: 'invalid_option', path: 'responses.0.answers.overall' })
  })

  it('post /responses rejects a numeric rating', async () => {
    expect((await invalid(quickResponse({ answers: { overall: 6 } }))).path).toBe('responses.0.answers.overall')
  })

  it('post /responses rejects an unknown counter naming counter', async () => {
    expect(await invalid(quickResponse({ counter: 'HCC-99' }))).toEqual({
      code: 'unknown_counter',
      path: 'responses.0.counter',
      message: 'responses.0.counter: no counter "HCC-99"',
    })
  })

  it('post /responses rejects an unknown procedure naming procedure', async () => {
    expect(await invalid(quickResponse({ procedure: 'NOPE' }))).toMatchObject({ code: 'unknown_procedure', path: 'responses.0.procedure' })
  })

  it.each([
    ['an unknown version', { key: 'quick', version: 2 }],
    ['an unknown key', { key: 'nope', version: 1 }],
  ])('post /responses rejects %s of questionnaire naming questionnaire', async (_label, questionnaire) => {
    expect(await invalid(quickResponse({ questionnaire }))).toMatchObject({ code: 'unknown_questionnaire', path: 'responses.0.questionnaire' })
  })

  it('post /responses rejects an id that is not a UUID v7, giving back the id it saw', async () => {
    const [result] = await postResponses(t.app, [quickResponse({ id: 'ABC' })])
    expect(result).toMatchObject({ index: 0, id: 'abc', status: 'invalid', error: { path: 'responses.0.id' } })
  })

  it('post /responses rejects an item with no id, answering id null', async () => {
    const { id: _id, ...item } = quickResponse()
    const [result] = await postResponses(t.app, [item])
    expect(result).toMatchObject({ id: null, status: 'invalid', error: { path: 'responses.0.id' } })
  })

  it('post /responses rejects official answers missing an indicator', async () => {
    const item = officialResponse()
    delete (item.answers as Record<string, unknown>).i3_returns
    expect(await invalid(item)).toMatchObject({ code: 'required', path: 'responses.0.answers.i3_returns' })
  })

  it('post /responses rejects a follow-up given by a satisfied citizen', async () => {
    expect(await invalid(quickResponse({ answers: { overall: 'satisfied', problems: ['fees'] } }))).toMatchObject({ code: 'not_applicable' })
  })

  it('post /responses rejects answers sent as a list', async () => {
    expect((await invalid(quickResponse({ answers: ['very_satisfied'] }))).path).toMatch(/^responses\.0\.answers/)
  })

  it('post /responses rejects a personal-data field it does not know (strict items)', async () => {
    expect((await invalid(quickResponse({ phone: '0912345678' }))).path).toBe('responses.0.phone')
  })

  it.each([[null], [42], ['x'], [[]], [true]])('post /responses rejects the item %j without failing the batch', async (item) => {
    const results = await postResponses(t.app, [item, quickResponse()])
    expect(results.map((r) => r.status)).toEqual(['invalid', 'stored'])
    expect(results[0]).toMatchObject({ index: 0, id: null })
    expect(results[0]?.error?.path).toMatch(/^responses\.0(\.|$)/)
    expect(await stored()).toBe(1)
  })
})

describe('POST /api/responses: idempotency', () => {
  it('post /responses acknowledges a resent id with the same content as duplicate and stores it once', async () => {
    const item = quickResponse()
    expect((await postResponses(t.app, [item]))[0]?.status).toBe('stored')
    expect(await postResponses(t.app, [item])).toEqual([{ index: 0, id: item.id, status: 'duplicate' }])
    expect(await postResponses(t.app, [item])).toEqual([{ index: 0, id: item.id, status: 'duplicate' }])
    expect(await stored()).toBe(1)
    expect(await t.count('response_answers')).toBe(1)
    const day = (await row(item.id))!.local_day as string
    expect((await getStats(t, { from: day, to: day })).total.responses).toBe(1)
  })

  it('post /responses treats the same id in upper case, with a padded dossier, as the same response', async () => {
    const item = quickResponse({ dossier: 'hs-001' })
    await postResponses(t.app, [item])
    const again = { ...item, id: item.id.toUpperCase(), dossier: '  HS-001 ' }
    expect(await postResponses(t.app, [again])).toEqual([{ index: 0, id: item.id, status: 'duplicate' }])
    expect(await stored()).toBe(1)
  })

  it('post /responses treats reordered JSON keys as the same content', async () => {
    const item = quickResponse()
    await postResponses(t.app, [item])
    const reordered = Object.fromEntries(Object.entries(item).toReversed())
    expect((await postResponses(t.app, [reordered]))[0]?.status).toBe('duplicate')
  })

  it('post /responses answers the same id with different content as a conflict and keeps the original', async () => {
    const item = quickResponse({ answers: { overall: 'very_satisfied' } })
    await postResponses(t.app, [item])
    const before = await row(item.id)
    const results = await postResponses(t.app, [{ ...item, answers: { overall: 'unsatisfied' } }])
    expect(results).toEqual([
      {
        index: 0,
        id: item.id,
        status: 'conflict',
        error: { code: 'conflict', path: 'responses.0.id', message: 'responses.0.id: already stored with different content' },
      },
    ])
    expect(await row(item.id)).toEqual(before)
    expect((await row(item.id))?.level).toBe('very_satisfied')
    expect(await stored()).toBe(1)
  })

  it.each([
    ['another submittedAt', { submittedAt: '2026-01-01T00:00:00.000Z' }],
    ['another language', { lang: 'en' }],
    ['a dossier added', { dossier: 'HS-777' }],
    ['another counter', { counter: 'SNV-TN' }],
  ])('post /responses answers the same id with %s as a conflict', async (_label, change) => {
    const item = quickResponse()
    await postResponses(t.app, [item])
    expect((await postResponses(t.app, [{ ...item, ...change }]))[0]?.status).toBe('conflict')
    expect(await stored()).toBe(1)
  })

  it('post /responses answers a repeated id inside one batch: first stored, same content duplicate, other content conflict', async () => {
    const item = quickResponse()
    const results = await postResponses(t.app, [item, item, { ...item, lang: 'en' }])
    expect(results.map((r) => r.status)).toEqual(['stored', 'duplicate', 'conflict'])
    expect(await stored()).toBe(1)
  })

  it('post /responses stores exactly one response when two tabs send the same id at once', async () => {
    const item = quickResponse({ dossier: 'HS-TAB-1' })
    const responses = await Promise.all([postJson(t.app, '/api/responses', { responses: [item] }), postJson(t.app, '/api/responses', { responses: [item] })])
    const statuses = await Promise.all(responses.map(async (res) => ((await res.json()) as BatchResult).results[0]!.status))
    expect(statuses.sort()).toEqual(['duplicate', 'stored'])
    expect(await stored()).toBe(1)
  })

  it('post /responses stores exactly one response when ten requests race with the same id', async () => {
    const item = quickResponse()
    const responses = await Promise.all(Array.from({ length: 10 }, () => postJson(t.app, '/api/responses', { responses: [item] })))
    const statuses = await Promise.all(responses.map(async (res) => ((await res.json()) as BatchResult).results[0]!.status))
    expect(statuses.filter((s) => s === 'stored')).toHaveLength(1)
    expect(statuses.filter((s) => s === 'duplicate')).toHaveLength(9)
    expect(await stored()).toBe(1)
  })
})

describe('POST /api/responses: one evaluation per dossier', () => {
  it('post /responses refuses a second rating of the same dossier', async () => {
    await postResponses(t.app, [quickResponse({ dossier: 'HS-2026-0001' })])
    const second = quickResponse({ dossier: 'HS-2026-0001', answers: { overall: 'unsatisfied' } })
    expect(await postResponses(t.app, [second])).toEqual([
      {
        index: 0,
        id: second.id,
        status: 'dossier_already_rated',
        error: { code: 'dossier_already_rated', path: 'responses.0.dossier', message: 'responses.0.dossier: this dossier has already been evaluated' },
      },
    ])
    expect(await stored()).toBe(1)
  })

  it.each(['hs-2026-0001', '  HS-2026-0001  ', 'Hs-2026-0001\t'])('post /responses treats dossier %j as the one already rated', async (dossier) => {
    await postResponses(t.app, [quickResponse({ dossier: 'HS-2026-0001' })])
    expect((await postResponses(t.app, [quickResponse({ dossier })]))[0]?.status).toBe('dossier_already_rated')
    expect(await stored()).toBe(1)
  })

  it('post /responses refuses the same dossier twice inside one batch, even on different questionnaires', async () => {
    const results = await postResponses(t.app, [quickResponse({ dossier: 'hs-9' }), officialResponse(undefined, undefined, { dossier: 'HS-9' })])
    expect(results.map((r) => r.status)).toEqual(['stored', 'dossier_already_rated'])
    expect(await stored()).toBe(1)
  })

  it('post /responses lets a dossier be rated by one of two tabs racing with different ids', async () => {
    const bodies = [quickResponse({ dossier: 'HS-RACE' }), quickResponse({ dossier: 'hs-race' })].map((item) => ({ responses: [item] }))
    const responses = await Promise.all(bodies.map((body) => postJson(t.app, '/api/responses', body)))
    const statuses = await Promise.all(responses.map(async (res) => ((await res.json()) as BatchResult).results[0]!.status))
    expect(statuses.sort()).toEqual(['dossier_already_rated', 'stored'])
    expect(await t.count('responses', 'dossier = ?', 'HS-RACE')).toBe(1)
  })

  it('post /responses lets quick ratings without a dossier through, any number of them', async () => {
    const results = await postResponses(t.app, [quickResponse(), quickResponse(), quickResponse()])
    expect(results.map((r) => r.status)).toEqual(['stored', 'stored', 'stored'])
  })

  it.each([1, 2])('post /responses refuses an official form (v%i) without a dossier, naming the field, and stores nothing', async (version) => {
    const { dossier: _dossier, ...withoutDossier } = officialResponse(undefined, undefined, { questionnaire: { key: 'official', version } })
    const blank = officialResponse(undefined, undefined, { questionnaire: { key: 'official', version }, dossier: '   ' })
    const results = await postResponses(t.app, [withoutDossier, blank, officialResponse(undefined, undefined, { questionnaire: { key: 'official', version } })])
    expect(results[0]).toEqual({
      index: 0,
      id: withoutDossier.id,
      status: 'invalid',
      error: { code: 'dossier_required', path: 'responses.0.dossier', message: 'responses.0.dossier: the official form evaluates one dossier: its code is required' },
    })
    // Spaces are no code either (the schema trims them, then finds the code too short).
    expect([results[1]?.status, results[1]?.error?.path]).toEqual(['invalid', 'responses.1.dossier'])
    expect(results[2]?.status).toBe('stored')
    expect(await stored()).toBe(1)
  })
})

describe('POST /api/responses: mixed batches', () => {
  it('post /responses answers each item of a mixed batch, storing the good ones only', async () => {
    const existing = quickResponse({ dossier: 'HS-OLD' })
    await postResponses(t.app, [existing])
    const good1 = quickResponse()
    const good2 = officialResponse([1, 1, 1, 1, 1, 1])
    const items = [
      good1,
      quickResponse({ answers: { overall: 'meh' } }),
      existing,
      { ...existing, lang: 'en' },
      quickResponse({ dossier: 'hs-old' }),
      quickResponse({ counter: 'NOWHERE' }),
      good2,
      'not an item',
    ]
    const results = await postResponses(t.app, items)
    expect(results.map((r) => [r.index, r.status])).toEqual([
      [0, 'stored'],
      [1, 'invalid'],
      [2, 'duplicate'],
      [3, 'conflict'],
      [4, 'dossier_already_rated'],
      [5, 'invalid'],
      [6, 'stored'],
      [7, 'invalid'],
    ])
    expect(results[1]?.error?.path).toBe('responses.1.answers.overall')
    expect(results[5]?.error?.path).toBe('responses.5.counter')
    expect(results[7]?.error?.path).toBe('responses.7')
    expect(results.filter((r) => r.status !== 'invalid').map((r) => r.id)).toEqual([good1.id, existing.id, existing.id, items[4] && (items[4] as { id: string }).id, good2.id])
    expect(await stored()).toBe(3)
    expect(await row(good1.id)).toBeDefined()
    expect(await row(good2.id)).toMatchObject({ score: 6, max_score: 12 })
    expect(await row((items[1] as { id: string }).id)).toBeUndefined()
  })
})
