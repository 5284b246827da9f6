import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_COUNTERS, DEMO_PROCEDURES, DEMO_UNITS } from '../../server/seed/demo-catalog'
import { OFFICIAL_V1, QUICK_V1 } from '../../server/defaults/questionnaires'
import type { Questionnaire } from '../../shared/questionnaire'
import type { GroupBy, SatisfactionStats, StatsGroup } from '../../shared/stats'
import { addStaff, createTestApp, getStats, OFFICIAL_INDICATORS, postResponses, quickResponse, type Session, signIn, staffRequest, type TestApp } from './test-app'

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const LEVELS = ['very_satisfied', 'satisfied', 'unsatisfied'] as const
const HOUR = 3_600_000

/** Vietnam has kept UTC+7 since 1975: computed here by hand, not with the code under test. */
function vnDay(iso: string): string {
  return new Date(Date.parse(iso) + 7 * HOUR).toISOString().slice(0, 10)
}
function monday(day: string): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  return d.toISOString().slice(0, 10)
}
function nextDay(day: string, n = 1): string {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}
const r2 = (x: number) => Math.round(x * 100) / 100
const mean = (list: number[]) => (list.length === 0 ? null : r2(list.reduce((a, b) => a + b, 0) / list.length))

interface Posted {
  id: string
  unit: string
  counter: string
  procedure: string
  day: string
  level: (typeof LEVELS)[number]
  score: number | null
  questionnaire: Questionnaire
  answers: Record<string, string | string[]>
}

interface Expected {
  responses: number
  counts: Record<(typeof LEVELS)[number], number>
  scores: number[]
  maxes: number[]
}

function emptyExpected(): Expected {
  return { responses: 0, counts: { very_satisfied: 0, satisfied: 0, unsatisfied: 0 }, scores: [], maxes: [] }
}

/** What one group must say, worked out from the expected tallies. */
function expectGroup(actual: StatsGroup | undefined, expected: Expected, what: string) {
  expect(actual, what).toBeDefined()
  const total = LEVELS.reduce((sum, l) => sum + expected.counts[l], 0)
  const rate = (n: number) => (total === 0 ? null : r2((n / total) * 100))
  expect(
    {
      responses: actual!.responses,
      total: actual!.total,
      counts: actual!.counts,
      rates: actual!.rates,
      satisfiedRate: actual!.satisfiedRate,
      scored: actual!.scored,
      meanScore: actual!.meanScore,
      meanMaxScore: actual!.meanMaxScore,
    },
    what,
  ).toEqual({
    responses: expected.responses,
    total,
    counts: expected.counts,
    rates: { very_satisfied: rate(expected.counts.very_satisfied), satisfied: rate(expected.counts.satisfied), unsatisfied: rate(expected.counts.unsatisfied) },
    satisfiedRate: rate(expected.counts.very_satisfied + expected.counts.satisfied),
    scored: expected.scores.length,
    meanScore: mean(expected.scores),
    meanMaxScore: mean(expected.maxes),
  })
  if (total > 0) {
    const sum = LEVELS.reduce((s, l) => s + actual!.rates[l]!, 0)
    expect(Math.abs(sum - 100)).toBeLessThanOrEqual(0.02)
  }
}

let t: TestApp
const posted: Posted[] = []

// Edge cases around midnight in Asia/Ho_Chi_Minh, then a random spread over about ten weeks.
const EDGES = [
  '2026-06-30T16:30:00.000Z', // 23:30 on 30/06 local: June
  '2026-06-30T16:59:59.000Z', // 23:59:59 on 30/06 local: June
  '2026-06-30T17:00:00.000Z', // 00:00 on 01/07 local: July
  '2026-06-30T17:30:00.000Z', // 00:30 on 01/07 local: July
  '2026-05-31T16:30:00.000Z', // 23:30 on 31/05 local: May
  '2026-07-05T16:59:00.000Z', // Sunday 23:59 local: the week of Monday 29/06
  '2026-07-05T17:01:00.000Z', // Monday 00:01 local: the week of 06/07
]

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  const rand = random(20260630)
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!
  const start = Date.parse('2026-05-25T00:00:00Z')
  const span = Date.parse('2026-08-05T00:00:00Z') - start
  const items: Record<string, unknown>[] = []
  for (let i = 0; i < 240; i++) {
    const submittedAt = i < EDGES.length ? EDGES[i]! : new Date(start + Math.floor(rand() * span)).toISOString()
    const counter = pick(DEMO_COUNTERS)
    const procedure = rand() < 0.3 ? null : pick(DEMO_PROCEDURES)
    const level = pick(LEVELS)
    const official = rand() < 0.4
    let answers: Record<string, string | string[]>
    let score: number | null = null
    if (official) {
      const points = OFFICIAL_INDICATORS.map(() => Math.floor(rand() * 3))
      score = points.reduce((a, b) => a + b, 0)
      answers = Object.fromEntries(OFFICIAL_INDICATORS.map((id, k) => [id, ['poor', 'fair', 'good'][points[k]!]!]))
      answers.convenience = pick(LEVELS)
      answers.overall = level
    } else {
      answers = { overall: level }
    }
    if (level === 'unsatisfied' && rand() < 0.7) answers.problems = [...new Set([pick(['fees', 'late_result', 'other']), pick(['fees', 'waiting_time'])])]
    if (rand() < 0.2) answers.comment = 'Góp ý'
    const item = quickResponse({
      counter: counter.code,
      ...(procedure ? { procedure: procedure.code } : {}),
      // The official form evaluates one dossier: each gets its own.
      ...(official ? { dossier: `HS-STATS-${i}` } : {}),
      questionnaire: { key: official ? 'official' : 'quick', version: 1 },
      answers,
      submittedAt,
    })
    items.push(item)
    posted.push({
      id: item.id,
      unit: procedure?.unitCode ?? counter.unitCode,
      counter: counter.code,
      procedure: procedure?.code ?? '',
      day: vnDay(submittedAt),
      level,
      score,
      questionnaire: official ? OFFICIAL_V1 : QUICK_V1,
      answers,
    })
  }
  // Sent in batches, some twice, with rejected items mixed in: neither may change a figure.
  for (let i = 0; i < items.length; i += 50) {
    const batch = items.slice(i, i + 50)
    const results = await postResponses(t.app, [...batch, quickResponse({ answers: { overall: 'nope' }, submittedAt: EDGES[0] })])
    expect(results.slice(0, -1).every((r) => r.status === 'stored')).toBe(true)
    expect(results.at(-1)?.status).toBe('invalid')
  }
  const again = await postResponses(t.app, items.slice(0, 60))
  expect(again.every((r) => r.status === 'duplicate')).toBe(true)
})
afterAll(() => t.close())

const FROM = '2026-05-01'
const TO = '2026-09-30'

function bruteForce(groupBy: Exclude<GroupBy, 'question'>, from = FROM, to = TO): Map<string, Expected> {
  const groups = new Map<string, Expected>()
  for (const p of posted) {
    if (p.day < from || p.day > to) continue
    // Every response here came through the citizen page (qr); tests/server/channels.test.ts mixes the channels.
    const key = { unit: p.unit, counter: p.counter, procedure: p.procedure, day: p.day, week: monday(p.day), month: p.day.slice(0, 7), channel: 'qr' }[groupBy]
    const g = groups.get(key) ?? emptyExpected()
    g.responses++
    g.counts[p.level]++
    if (p.score !== null) {
      g.scores.push(p.score)
      g.maxes.push(12)
    }
    groups.set(key, g)
  }
  return groups
}

function periods(groupBy: 'day' | 'week' | 'month', from: string, to: string): string[] {
  const keys: string[] = []
  for (let day = from; day <= to; day = nextDay(day)) {
    const key = groupBy === 'day' ? day : groupBy === 'week' ? monday(day) : day.slice(0, 7)
    if (!keys.includes(key)) keys.push(key)
  }
  return keys
}

function checkTotal(stats: SatisfactionStats, from = FROM, to = TO) {
  const all = emptyExpected()
  for (const g of bruteForce('day', from, to).values()) {
    all.responses += g.responses
    for (const l of LEVELS) all.counts[l] += g.counts[l]
    all.scores.push(...g.scores)
    all.maxes.push(...g.maxes)
  }
  expectGroup(stats.total, all, 'total')
  expect(stats.total.key).toBe('all')
}

describe('GET /api/stats/satisfaction', () => {
  it('get /stats/satisfaction counts every stored response once in the total', async () => {
    const stats = await getStats(t, { from: FROM, to: TO })
    expect(stats.total.responses).toBe(240)
    checkTotal(stats)
  })

  it.each(['unit', 'counter', 'procedure'] as const)('get /stats/satisfaction?groupBy=%s matches a brute-force count, with names', async (groupBy) => {
    const stats = await getStats(t, { from: FROM, to: TO, groupBy })
    expect([stats.from, stats.to, stats.groupBy]).toEqual([FROM, TO, groupBy])
    checkTotal(stats)
    const expected = bruteForce(groupBy)
    expect(stats.groups.map((g) => g.key)).toEqual([...expected.keys()].sort())
    for (const group of stats.groups) expectGroup(group, expected.get(group.key)!, `${groupBy} ${group.key}`)
    const names = new Map([...DEMO_UNITS, ...DEMO_COUNTERS, ...DEMO_PROCEDURES].map((x) => [x.code, x.name]))
    for (const group of stats.groups) {
      expect(group.label).toEqual(group.key === '' ? { vi: 'Không nêu thủ tục', en: 'Procedure not stated' } : names.get(group.key))
    }
  })

  it.each(['day', 'week', 'month'] as const)('get /stats/satisfaction?groupBy=%s matches a brute-force count in Asia/Ho_Chi_Minh, zero-filled', async (groupBy) => {
    const stats = await getStats(t, { from: FROM, to: TO, groupBy })
    checkTotal(stats)
    const expected = bruteForce(groupBy)
    expect(stats.groups.map((g) => g.key)).toEqual(periods(groupBy, FROM, TO))
    for (const group of stats.groups) {
      expect(group.label).toBeNull()
      expectGroup(group, expected.get(group.key) ?? emptyExpected(), `${groupBy} ${group.key}`)
    }
    // Periods without a response are there, with zero counts and no rates.
    const empty = stats.groups.find((g) => !expected.has(g.key))
    expect(empty).toMatchObject({ responses: 0, total: 0, rates: { very_satisfied: null }, meanScore: null })
  })

  it('get /stats/satisfaction puts a rating at 23:30 local on 30/06 in June and one at 00:30 on 01/07 in July', async () => {
    const june = await getStats(t, { from: '2026-06-30', to: '2026-06-30', groupBy: 'day' })
    const july = await getStats(t, { from: '2026-07-01', to: '2026-07-01', groupBy: 'day' })
    expect(june.groups.map((g) => g.key)).toEqual(['2026-06-30'])
    expect(june.total.responses).toBe(posted.filter((p) => p.day === '2026-06-30').length)
    expect(july.total.responses).toBe(posted.filter((p) => p.day === '2026-07-01').length)
    // The two edge ratings on either side of local midnight are where they belong, not in UTC's day.
    expect(posted.filter((p) => p.day === '2026-06-30').length).toBeGreaterThanOrEqual(2)
    expect(posted.filter((p) => p.day === '2026-07-01').length).toBeGreaterThanOrEqual(2)
    const months = await getStats(t, { from: '2026-06-01', to: '2026-07-31', groupBy: 'month' })
    expect(months.groups.map((g) => [g.key, g.responses])).toEqual([
      ['2026-06', posted.filter((p) => p.day.startsWith('2026-06')).length],
      ['2026-07', posted.filter((p) => p.day.startsWith('2026-07')).length],
    ])
    const may = await getStats(t, { from: '2026-05-31', to: '2026-05-31' })
    expect(may.total.responses).toBe(posted.filter((p) => p.day === '2026-05-31').length)
    expect(may.total.responses).toBeGreaterThanOrEqual(1)
  })

  it('get /stats/satisfaction starts weeks on Monday: Sunday 23:59 and Monday 00:01 local fall in different weeks', async () => {
    const stats = await getStats(t, { from: '2026-06-29', to: '2026-07-12', groupBy: 'week' })
    expect(stats.groups.map((g) => g.key)).toEqual(['2026-06-29', '2026-07-06'])
    const expected = bruteForce('week', '2026-06-29', '2026-07-12')
    expect(stats.groups.map((g) => g.responses)).toEqual([expected.get('2026-06-29')!.responses, expected.get('2026-07-06')!.responses])
  })

  it('get /stats/satisfaction counts only the days from..to, both included, when a week starts before from', async () => {
    const stats = await getStats(t, { from: '2026-07-01', to: '2026-07-08', groupBy: 'week' })
    expect(stats.groups.map((g) => g.key)).toEqual(['2026-06-29', '2026-07-06'])
    const expected = bruteForce('week', '2026-07-01', '2026-07-08')
    for (const group of stats.groups) expectGroup(group, expected.get(group.key) ?? emptyExpected(), group.key)
    checkTotal(stats, '2026-07-01', '2026-07-08')
  })

  it('get /stats/satisfaction?groupBy=question counts each answer under its question, with levels and indicator points', async () => {
    const stats = await getStats(t, { from: FROM, to: TO, groupBy: 'question' })
    const expected = new Map<string, Expected>()
    for (const p of posted) {
      for (const question of p.questionnaire.questions) {
        const given = p.answers[question.id]
        if (given === undefined || question.type === 'text') continue
        const key = `${p.questionnaire.key}.${question.id}`
        const g = expected.get(key) ?? emptyExpected()
        g.responses++
        for (const value of Array.isArray(given) ? given : [given]) {
          const option = question.options.find((o) => o.value === value)!
          if (option.level) g.counts[option.level]++
          if (question.indicator !== undefined) {
            g.scores.push(option.points!)
            g.maxes.push(2)
          }
        }
        expected.set(key, g)
      }
    }
    // Which order questions are listed in is presentation; which are there, and their figures, are not.
    expect(stats.groups.map((g) => g.key).sort()).toEqual([...expected.keys()].sort())
    for (const group of stats.groups) expectGroup(group, expected.get(group.key)!, `question ${group.key}`)
    expect(stats.groups.find((g) => g.key === 'official.i1_total_time')?.label).toEqual(OFFICIAL_V1.questions[0]!.text)
    checkTotal(stats)
  })

  it('get /stats/satisfaction gives the mean score out of 12 over official forms only', async () => {
    const stats = await getStats(t, { from: FROM, to: TO })
    const scores = posted.filter((p) => p.score !== null).map((p) => p.score!)
    expect(stats.total.scored).toBe(scores.length)
    expect(stats.total.scored).toBeLessThan(stats.total.responses)
    expect(stats.total.meanScore).toBe(r2(scores.reduce((a, b) => a + b, 0) / scores.length))
    expect(stats.total.meanMaxScore).toBe(12)
  })

  it('get /stats/satisfaction answers an empty period with zero counts and null rates', async () => {
    const stats = await getStats(t, { from: '2025-01-01', to: '2025-01-03', groupBy: 'day' })
    expect(stats.total).toMatchObject({ responses: 0, total: 0, satisfiedRate: null, meanScore: null, meanMaxScore: null })
    expect(stats.groups.map((g) => [g.key, g.responses])).toEqual([
      ['2025-01-01', 0],
      ['2025-01-02', 0],
      ['2025-01-03', 0],
    ])
    expect((await getStats(t, { from: '2025-01-01', to: '2025-01-03', groupBy: 'unit' })).groups).toEqual([])
  })

  it('get /stats/satisfaction gives groupBy=unit when none is asked', async () => {
    expect((await getStats(t, { from: FROM, to: TO })).groupBy).toBe('unit')
  })
})

describe('GET /api/stats/satisfaction: time of a rating', () => {
  it('get /stats/satisfaction counts a rating sent with a device clock in the future on the day it arrived', async () => {
    const fresh = await createTestApp()
    try {
      const [result] = await postResponses(fresh.app, [quickResponse({ submittedAt: '2099-01-01T00:00:00.000Z' })])
      expect(result?.status).toBe('stored')
      const today = vnDay(new Date().toISOString())
      expect((await getStats(fresh, { from: today, to: today })).total.responses).toBe(1)
    } finally {
      await fresh.close()
    }
  })
})

describe('GET /api/stats/satisfaction: a device clock that was reset', () => {
  it.each(['1970-01-01T00:00:05.000Z', '0999-06-01T00:00:00Z', '1999-12-31T23:59:59Z'])(
    'post /responses stores a rating sent at %s and it counts on the day it arrived',
    async (submittedAt) => {
      const fresh = await createTestApp()
      try {
        const item = quickResponse({ submittedAt })
        expect((await postResponses(fresh.app, [item]))[0]?.status).toBe('stored')
        const today = vnDay(new Date().toISOString())
        expect((await getStats(fresh, { from: today, to: today })).total.responses).toBe(1)
        // The device's claim is kept as sent, so a resend is still the same content.
        expect((await postResponses(fresh.app, [item]))[0]?.status).toBe('duplicate')
      } finally {
        await fresh.close()
      }
    },
  )

  it('post /responses counts a rating from 2000-01-01 on its own day (Asia/Ho_Chi_Minh)', async () => {
    const fresh = await createTestApp()
    try {
      await postResponses(fresh.app, [quickResponse({ submittedAt: '2000-01-01T00:00:00.000Z' })])
      expect((await getStats(fresh, { from: '2000-01-01', to: '2000-01-01' })).total.responses).toBe(1)
    } finally {
      await fresh.close()
    }
  })
})

describe('GET /api/stats/satisfaction: bad queries', () => {
  it.each([
    ['from is missing', 'to=2026-01-31', 'from'],
    ['to is missing', 'from=2026-01-01', 'to'],
    ['from is day-first', 'from=01/01/2026&to=2026-01-31', 'from'],
    ['from is after to', 'from=2026-02-01&to=2026-01-31', 'from'],
    ['to is 31 February', 'from=2026-02-01&to=2026-02-31', 'to'],
    ['groupBy is unknown', 'from=2026-01-01&to=2026-01-31&groupBy=year', 'groupBy'],
    ['groupBy is empty', 'from=2026-01-01&to=2026-01-31&groupBy=', 'groupBy'],
    ['from is given twice', 'from=2026-01-01&from=2026-01-02&to=2026-01-31', 'from'],
    ['the period is over ten years', 'from=2000-01-01&to=2026-01-31', 'to'],
    // Would loop for ever building the zero-filled days past year 9999.
    ['to is in year 9999', 'from=9999-12-31&to=9999-12-31&groupBy=day', 'from'],
  ])('get /stats/satisfaction answers 400 naming the field when %s', async (_label, query, path) => {
    const res = await staffRequest(t.app, 'GET', `/api/stats/satisfaction?${query}`, await reader('leadership'))
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string; path: string } }
    expect(body.error.code).toBe('invalid')
    expect(body.error.path).toBe(path)
    expect(body.error.message.startsWith(`${path}: `)).toBe(true)
  })
})

/** A signed-in account of the role (a unit head and unit staff in HTQT, an inspector in VP-TT), made once per role. */
const readers = new Map<string, Session>()
async function reader(role: 'leadership' | 'inspector' | 'admin' | 'unit_head' | 'unit_staff'): Promise<Session> {
  const known = readers.get(role)
  if (known) return known
  const unitCode = role === 'inspector' ? 'VP-TT' : role === 'unit_head' || role === 'unit_staff' ? 'HTQT' : null
  await addStaff(t, { username: `stats.${role.replace('_', '.')}`, role, unitCode })
  const session = await signIn(t.app, `stats.${role.replace('_', '.')}`)
  readers.set(role, session)
  return session
}

async function ask(query: string, session?: Session) {
  const res = await staffRequest(t.app, 'GET', `/api/stats/satisfaction?${query}`, session)
  return { res, body: (await res.json()) as SatisfactionStats & { error?: { code: string; message: string; path: string } } }
}

describe('GET /api/stats/satisfaction: who may read the figures', () => {
  const JUNE = 'from=2026-06-01&to=2026-06-30'

  it('get /stats/satisfaction answers 401 in the API\'s error shape without a session, and counts nothing', async () => {
    const { res, body } = await ask(`${JUNE}&groupBy=day&counter=HCC-01`)
    expect(res.status).toBe(401)
    expect(body).toEqual({ error: { code: 'unauthenticated', message: 'Sign in first', path: '' } })
    expect(res.headers.get('cache-control')).toBe('no-store')
  })

  it('get /stats/satisfaction answers 401 to a made-up session cookie', async () => {
    const res = await t.app.request(`/api/stats/satisfaction?${JUNE}`, { headers: { cookie: `hailong_session=${'A'.repeat(43)}` } })
    expect(res.status).toBe(401)
  })

  it('get /stats/satisfaction gives leadership, the inspectorate and administrators the whole department, privately', async () => {
    const all = await getStats(t, { from: '2026-06-01', to: '2026-06-30' })
    for (const role of ['leadership', 'inspector', 'admin'] as const) {
      const { res, body } = await ask(JUNE, await reader(role))
      expect(res.status, role).toBe(200)
      expect(body, role).toEqual(all)
      expect(res.headers.get('cache-control'), role).toBe('private, no-store')
    }
  })

  it('get /stats/satisfaction keeps a unit head to their own unit, as the dashboard does', async () => {
    const head = await reader('unit_head')
    const own = await getStats(t, { from: '2026-06-01', to: '2026-06-30', unit: 'HTQT' })
    const { res, body } = await ask(`${JUNE}&groupBy=counter`, head)
    expect(res.status).toBe(200)
    expect(body.total).toEqual(own.total)
    expect(body.total.responses).toBeLessThan((await getStats(t, { from: '2026-06-01', to: '2026-06-30' })).total.responses)
    const other = await ask(`${JUNE}&unit=LS`, head)
    expect(other.res.status).toBe(403)
    expect(other.body.error).toMatchObject({ code: 'forbidden' })
  })

  it('get /stats/satisfaction refuses unit staff with 403', async () => {
    const { res, body } = await ask(JUNE, await reader('unit_staff'))
    expect(res.status).toBe(403)
    expect(body.error).toMatchObject({ code: 'forbidden' })
  })
})
