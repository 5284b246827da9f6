import * as v from 'valibot'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_COUNTERS, DEMO_PROCEDURES } from '../../server/seed/demo-catalog'
import { DEFAULT_QUESTIONNAIRES } from '../../server/defaults/questionnaires'
import { validateAnswers } from '../../shared/answers'
import { type BatchResult, ResponseIn } from '../../shared/response'
import { addStaff, createTestApp, officialResponse, postJson, onPostgres, quickResponse, signIn, staffRequest, type TestApp, withDb } from './test-app'

/** Deterministic, so that a failing case can be replayed from its seed. */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const STRINGS = [
  '',
  ' ',
  'x',
  'HCC-01',
  'hcc-01',
  ' HCC-02 ',
  'HC-NGCV',
  'quick',
  'official',
  'very_satisfied',
  'unsatisfied',
  'fees',
  '__proto__',
  'constructor',
  'toString',
  "'; DROP TABLE responses; --",
  'Rất hài lòng',
  '😀',
  '\u0000',
  '\ud800',
  'x'.repeat(2001),
  '2026-06-30T17:30:00Z',
  '2026-06-30T17:30:00+07',
  '2026-02-31T00:00:00Z',
  '0999-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-06-30',
  '01936f5e-8a3b-7c4d-9e2f-0123456789ab',
  'hs-001',
  ' HS-001 ',
]
const NUMBERS = [0, -1, 1, 2, 1.5, 1e308, -1e308, 2 ** 53 + 1, 500, 501]

function generator(seed: number) {
  const rand = random(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!
  function value(depth = 0): unknown {
    const kind = Math.floor(rand() * (depth > 2 ? 4 : 6))
    if (kind === 0) return pick(STRINGS)
    if (kind === 1) return pick(NUMBERS)
    if (kind === 2) return pick([true, false, null])
    if (kind === 3) return String.fromCharCode(...Array.from({ length: Math.floor(rand() * 12) }, () => Math.floor(rand() * 0x3000)))
    if (kind === 4) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1))
    return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, () => [pick([...STRINGS, 'id', 'answers', 'overall', 'responses']), value(depth + 1)]))
  }
  const PATHS = [
    ['id'],
    ['counter'],
    ['procedure'],
    ['dossier'],
    ['questionnaire'],
    ['questionnaire', 'key'],
    ['questionnaire', 'version'],
    ['answers'],
    ['answers', 'overall'],
    ['answers', 'problems'],
    ['answers', 'comment'],
    ['answers', 'i1_total_time'],
    ['lang'],
    ['submittedAt'],
    ['extra'],
  ]
  function mutate(item: Record<string, unknown>): Record<string, unknown> {
    const copy = structuredClone(item)
    const times = 1 + Math.floor(rand() * 2)
    for (let i = 0; i < times; i++) {
      const path = pick(PATHS)
      let target: Record<string, unknown> = copy
      for (const key of path.slice(0, -1)) {
        if (!target[key] || typeof target[key] !== 'object') target[key] = {}
        target = target[key] as Record<string, unknown>
      }
      const last = path.at(-1)!
      if (rand() < 0.2) delete target[last]
      else target[last] = rand() < 0.5 ? value() : pick([...STRINGS, ...NUMBERS])
    }
    return copy
  }
  function validItem(): Record<string, unknown> {
    const base = rand() < 0.5 ? quickResponse() : officialResponse([0, 1, 2, 2, 1, 0].map(() => Math.floor(rand() * 3)), pick(['very_satisfied', 'satisfied', 'unsatisfied']))
    return {
      ...base,
      counter: pick(DEMO_COUNTERS).code,
      ...(rand() < 0.5 ? { procedure: pick(DEMO_PROCEDURES).code } : {}),
      ...(rand() < 0.3 ? { dossier: pick(['hs-001', 'HS-002', ' hs-003 ', `HS-${Math.floor(rand() * 1e6)}`]) } : {}),
    }
  }
  return { rand, pick, value, mutate, validItem, PATHS }
}

let t: TestApp
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '1000000', BODY_LIMIT_BYTES: String(256 * 1024) })
})
afterAll(() => t.close())

/** Items acknowledged as stored by every test above, to compare with what the database holds. */
let storedSoFar = 0

async function post(body: unknown) {
  const res = await postJson(t.app, '/api/responses', body)
  expect(res.status, JSON.stringify(body).slice(0, 300)).toBeLessThan(500)
  const json = (await res.json()) as BatchResult & { error?: { code: string; path: string } }
  return { status: res.status, json }
}

describe('no 5xx for anything a client can send', () => {
  it('post /responses answers random JSON bodies with a 4xx or per-item results, never a 5xx', async () => {
    const g = generator(1)
    for (let i = 0; i < 300; i++) {
      const shape = g.rand()
      const body = shape < 0.3 ? g.value() : shape < 0.6 ? { responses: g.value() } : { responses: Array.from({ length: 1 + Math.floor(g.rand() * 5) }, () => g.value()) }
      const { status, json } = await post(body)
      if (status === 200) expect(json.results.every((r) => r.status === 'invalid')).toBe(true)
      else expect(json.error?.code).toBeTruthy()
    }
  })

  it('post /responses answers bodies that are not JSON with 400', async () => {
    const g = generator(2)
    for (let i = 0; i < 100; i++) {
      const text = JSON.stringify({ responses: [g.validItem()] })
      const cut = Math.floor(g.rand() * text.length)
      const body = g.rand() < 0.5 ? text.slice(0, cut) : `${text.slice(0, cut)}${g.pick(['\\', '"', '{', ']', ',', '\u0000'])}${text.slice(cut)}`
      const res = await postJson(t.app, '/api/responses', body)
      expect(res.status, body.slice(0, 200)).toBeLessThan(500)
    }
  })

  it('post /responses answers random mutations of valid items per item, storing only valid ones', async () => {
    const g = generator(3)
    const sent: Record<string, unknown>[] = []
    let acknowledgedStored = 0
    for (let batch = 0; batch < 40; batch++) {
      const items = Array.from({ length: 25 }, () => {
        const roll = g.rand()
        if (roll < 0.15 && sent.length > 0) return g.rand() < 0.5 ? g.pick(sent) : g.mutate(g.pick(sent))
        return roll < 0.35 ? g.validItem() : g.mutate(g.validItem())
      })
      sent.push(...items)
      const { status, json } = await post({ responses: items })
      expect(status).toBe(200)
      expect(json.results.map((r) => r.index)).toEqual(items.map((_, i) => i))
      for (const result of json.results) {
        expect(['stored', 'duplicate', 'conflict', 'dossier_already_rated', 'invalid']).toContain(result.status)
        if (result.status !== 'stored' && result.status !== 'duplicate') expect(result.error?.path).toMatch(new RegExp(`^responses\\.${result.index}(\\.|$)`))
      }
      acknowledgedStored += json.results.filter((r) => r.status === 'stored').length
    }
    expect(acknowledgedStored).toBeGreaterThan(100)
    storedSoFar += acknowledgedStored
  })

  it('post /responses answers every edge value in every field of a valid item per item, never a 5xx', async () => {
    const g = generator(5)
    const items: Record<string, unknown>[] = []
    for (const path of g.PATHS) {
      for (const edge of [...STRINGS, ...NUMBERS, null, true, [], {}, ['fees'], { key: 'quick', version: 1 }]) {
        const item = structuredClone(g.validItem())
        let target = item
        for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>
        target[path.at(-1)!] = edge
        items.push(item)
      }
    }
    for (let i = 0; i < items.length; i += 50) {
      const batch = items.slice(i, i + 50)
      const { status, json } = await post({ responses: batch })
      expect(status).toBe(200)
      expect(json.results).toHaveLength(batch.length)
      storedSoFar += json.results.filter((r) => r.status === 'stored').length
    }
  })

  it('get /stats/satisfaction answers random queries with 200 or 400, never a 5xx', async () => {
    const g = generator(4)
    const DATES = ['2026-01-01', '2026-12-31', '2026-02-29', '2028-02-29', '9999-12-31', '0000-01-01', '2026-1-1', '', '2026-06-30T00:00:00Z', '2099-12-31', '2000-01-01']
    const GROUPS = ['unit', 'counter', 'procedure', 'question', 'day', 'week', 'month', 'year', '', 'UNIT', '__proto__']
    await addStaff(t, { username: 'fuzz.leader', role: 'leadership' })
    const reader = await signIn(t.app, 'fuzz.leader')
    for (let i = 0; i < 150; i++) {
      const params = new URLSearchParams()
      if (g.rand() < 0.9) params.append('from', g.rand() < 0.8 ? g.pick(DATES) : JSON.stringify(g.value()))
      if (g.rand() < 0.9) params.append('to', g.rand() < 0.8 ? g.pick(DATES) : JSON.stringify(g.value()))
      if (g.rand() < 0.7) params.append('groupBy', g.pick(GROUPS))
      if (g.rand() < 0.1) params.append('from', g.pick(DATES))
      const res = await staffRequest(t.app, 'GET', `/api/stats/satisfaction?${params}`, reader)
      expect([200, 400], params.toString()).toContain(res.status)
    }
  })

  it('stored nothing invalid through all of the above, and the database is intact', async () => {
    const rows = (await t.sql('SELECT id, dossier, payload, questionnaire_key AS key, questionnaire_version AS version FROM responses')) as unknown as {
      id: string
      dossier: string | null
      payload: string
      key: string
      version: number
    }[]
    expect(storedSoFar).toBeGreaterThan(100)
    expect(rows).toHaveLength(storedSoFar)
    const counters = new Set(DEMO_COUNTERS.map((c) => c.code))
    const procedures = new Set(DEMO_PROCEDURES.map((p) => p.code))
    for (const row of rows) {
      const parsed = v.safeParse(ResponseIn, JSON.parse(row.payload))
      expect(parsed.success, row.payload).toBe(true)
      const input = parsed.output as ResponseIn
      expect(input.id).toBe(row.id)
      expect(input.dossier ?? null).toBe(row.dossier)
      expect(counters.has(input.counter), row.payload).toBe(true)
      if (input.procedure !== undefined) expect(procedures.has(input.procedure), row.payload).toBe(true)
      const questionnaire = DEFAULT_QUESTIONNAIRES.find((q) => q.key === row.key && q.version === row.version)
      expect(questionnaire, row.payload).toBeDefined()
      expect(validateAnswers(questionnaire!, input.answers), row.payload).toEqual([])
    }
    const dossiers = rows.map((r) => r.dossier).filter((d) => d !== null)
    expect(new Set(dossiers).size).toBe(dossiers.length)
    // SQLite checks its own file; PostgreSQL has no such check without the amcheck extension.
    if (!onPostgres) expect(withDb(t.path, (db) => db.pragma('integrity_check', { simple: true }))).toBe('ok')
  })
})
