import Database from 'better-sqlite3'
import * as fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_COUNTERS, DEMO_PROCEDURES, DEMO_UNITS } from '../../server/seed/demo-catalog'
import { addDays } from '../../shared/dates'
import { levelRates, round2 } from '../../shared/scoring'
import { GROUP_BYS, type GroupBy, type StatsGroup, type StatsQuery } from '../../shared/stats'
import { MIGRATIONS } from '../../server/store/sqlite/migrations'
import { DEFAULT_QUESTIONNAIRES } from '../../server/defaults/questionnaires'
import { prepareResponse } from '../../server/domain/prepare-response'
import { type Channel, CHANNELS } from '../../shared/channels'
import { createTestApp, migrateBackTo, OFFICIAL_INDICATORS, postResponses, quickResponse, type TestApp, withDb } from './test-app'

/**
 * The dashboard and reports read rollup tables (migration 5), which the writer adds to in the transaction that
 * stores each group of responses (server/store/sqlite/rollups.ts). Here they must agree with a brute-force
 * recomputation over the raw response rows, for every grouping, filter and period boundary, in
 * Asia/Ho_Chi_Minh.
 */

const LEVELS = ['very_satisfied', 'satisfied', 'unsatisfied'] as const
const FIRST = '2026-06-20'

const Item = fc.record({
  // Minutes from 00:00 UTC on FIRST, so that local midnight (17:00 UTC) and 23:30 on 30/06 are well covered.
  minute: fc.oneof(fc.integer({ min: 0, max: 22 * 24 * 60 }), fc.constantFrom(10 * 24 * 60 + 16 * 60 + 30, 10 * 24 * 60 + 17 * 60)),
  counter: fc.constantFrom(...DEMO_COUNTERS.map((c) => c.code)),
  procedure: fc.option(fc.constantFrom(...DEMO_PROCEDURES.map((p) => p.code)), { nil: undefined }),
  level: fc.constantFrom(...LEVELS),
  official: fc.option(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 6, maxLength: 6 }), { nil: undefined }),
  problems: fc.subarray(['fees', 'late_result', 'waiting_time', 'other']),
  // The citizen page's qr through the API; the others handed to the store as their routes would.
  channel: fc.constantFrom<Channel>('qr', 'qr', 'kiosk', 'paper', 'phone'),
})

type ItemValue = typeof Item extends fc.Arbitrary<infer T> ? T : never

let officialForms = 0

function toResponse(item: ItemValue) {
  const answers: Record<string, string | string[]> = { overall: item.level }
  if (item.official) {
    OFFICIAL_INDICATORS.forEach((id, i) => (answers[id] = ['poor', 'fair', 'good'][item.official![i]!]!))
    answers.convenience = item.level
  }
  if (item.level === 'unsatisfied' && item.problems.length > 0) answers.problems = item.problems
  return quickResponse({
    counter: item.counter,
    ...(item.procedure ? { procedure: item.procedure } : {}),
    // The official form evaluates one dossier: each gets its own.
    ...(item.official ? { dossier: `HS-FC-${++officialForms}` } : {}),
    questionnaire: { key: item.official ? 'official' : 'quick', version: 1 },
    answers,
    submittedAt: new Date(Date.parse(`${FIRST}T00:00:00Z`) + item.minute * 60_000).toISOString(),
  })
}

let t: TestApp
let db: Database.Database
let items: ReturnType<typeof toResponse>[]
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  const sampled = fc.sample(Item, { numRuns: 600, seed: 20260630 })
  items = sampled.map(toResponse)
  const byQr = items.filter((_, i) => sampled[i]!.channel === 'qr')
  for (let i = 0; i < byQr.length; i += 100) {
    const results = await postResponses(t.app, byQr.slice(i, i + 100))
    expect(results.every((r) => r.status === 'stored')).toBe(true)
  }
  const catalog = await t.store.catalog()
  const byVersion = new Map(DEFAULT_QUESTIONNAIRES.map((q) => [`${q.key}@${q.version}`, q]))
  const others = items.flatMap((raw, i) => {
    if (sampled[i]!.channel === 'qr') return []
    const result = prepareResponse(raw, i, { catalog, questionnaire: (key, version) => byVersion.get(`${key}@${version}`) }, Date.now(), sampled[i]!.channel)
    if (!result.ok) throw new Error(result.error.message)
    return [result.value]
  })
  expect(await t.store.insertResponses(others)).toEqual(others.map(() => 'stored'))
  db = new Database(t.path, { readonly: true })
})
afterAll(async () => {
  db?.close()
  await t.close()
})

const levels = (col: string) => LEVELS.map((l) => `SUM(${col} = '${l}') AS ${l}`).join(', ')

interface Raw {
  key: string
  responses: number
  very_satisfied: number | null
  satisfied: number | null
  unsatisfied: number | null
  scored: number
  mean_score: number | null
  mean_max: number | null
}

const RAW_KEYS: Record<Exclude<GroupBy, 'question'>, string> = {
  unit: 'r.unit_code',
  counter: 'r.counter_code',
  procedure: "COALESCE(r.procedure_code, '')",
  day: 'r.local_day',
  week: 'r.week_start',
  month: 'substr(r.local_day, 1, 7)',
  channel: 'r.channel',
}

/** The statistics recomputed from the raw rows, as the queries did before the rollups existed. */
function bruteForce(query: StatsQuery): { total: Raw; groups: Map<string, Raw> } {
  const where = ['r.local_day BETWEEN ? AND ?']
  const params: string[] = [query.from, query.to]
  for (const [column, value] of [
    ['r.unit_code', query.unit],
    ['r.counter_code', query.counter],
    ["COALESCE(r.procedure_code, '')", query.procedure],
    ['r.channel', query.channel],
  ] as const) {
    if (value === undefined) continue
    where.push(`${column} = ?`)
    params.push(value)
  }
  const fromResponses = `${levels('r.level')}, COUNT(r.score) AS scored, AVG(r.score) AS mean_score, AVG(r.max_score) AS mean_max FROM responses r WHERE ${where.join(' AND ')}`
  const total = db.prepare(`SELECT 'all' AS key, COUNT(*) AS responses, ${fromResponses}`).get(...params) as Raw
  const rows =
    query.groupBy === 'question'
      ? (db
          .prepare(`SELECT a.questionnaire_key || '.' || a.question_id AS key, COUNT(DISTINCT a.response_id) AS responses, ${levels('a.level')},
            COUNT(a.points) AS scored, AVG(a.points) AS mean_score, AVG(a.max_points) AS mean_max
            FROM response_answers a JOIN responses r ON r.id = a.response_id WHERE ${where.join(' AND ')} GROUP BY 1`)
          .all(...params) as Raw[])
      : (db.prepare(`SELECT ${RAW_KEYS[query.groupBy]} AS key, COUNT(*) AS responses, ${fromResponses} GROUP BY 1`).all(...params) as Raw[])
  return { total, groups: new Map(rows.map((r) => [r.key, r])) }
}

function expected(raw: Raw | undefined) {
  const counts = { very_satisfied: raw?.very_satisfied ?? 0, satisfied: raw?.satisfied ?? 0, unsatisfied: raw?.unsatisfied ?? 0 }
  return {
    responses: raw?.responses ?? 0,
    ...levelRates(counts),
    scored: raw?.scored ?? 0,
    meanScore: raw?.mean_score == null ? null : round2(raw.mean_score),
    meanMaxScore: raw?.mean_max == null ? null : round2(raw.mean_max),
  }
}

const numbers = ({ key: _key, label: _label, ...rest }: StatsGroup) => rest

const day = fc.integer({ min: -3, max: 25 }).map((n) => addDays(FIRST, n))
const Query = fc
  .record({
    a: day,
    b: day,
    groupBy: fc.constantFrom(...GROUP_BYS),
    unit: fc.option(fc.constantFrom(...DEMO_UNITS.map((u) => u.code)), { nil: undefined }),
    counter: fc.option(fc.constantFrom(...DEMO_COUNTERS.map((c) => c.code)), { nil: undefined }),
    procedure: fc.option(fc.constantFrom('', ...DEMO_PROCEDURES.map((p) => p.code)), { nil: undefined }),
    channel: fc.option(fc.constantFrom(...CHANNELS), { nil: undefined }),
  })
  .map(({ a, b, procedure, ...rest }): StatsQuery => ({
    from: a < b ? a : b,
    to: a < b ? b : a,
    ...rest,
    // '' stands for "no procedure" in the brute force only; the API filter takes a code.
    ...(procedure ? { procedure } : {}),
  }))

describe('statistics from the rollups', () => {
  it('equal a brute-force recomputation over the raw rows, for every grouping, filter and period', async () => {
    await fc.assert(
      fc.asyncProperty(Query, async (query) => {
        const stats = await t.store.satisfaction(query)
        const brute = bruteForce(query)
        expect(numbers(stats.total)).toEqual(expected(brute.total))
        for (const group of stats.groups) expect(numbers(group), `${query.groupBy} ${group.key}`).toEqual(expected(brute.groups.get(group.key)))
        // Every group the raw rows have is reported (time series add the empty periods too).
        for (const key of brute.groups.keys()) expect(stats.groups.map((g) => g.key)).toContain(key)
      }),
      { numRuns: 150, seed: 42 },
    )
  })

  it('put a rating at 23:30 local on 30/06 in the first half-year, and 00:00 on 01/07 in the second', async () => {
    const first = await t.store.satisfaction({ from: '2026-01-01', to: '2026-06-30', groupBy: 'month' })
    const second = await t.store.satisfaction({ from: '2026-07-01', to: '2026-12-31', groupBy: 'month' })
    const lateJune = db.prepare("SELECT COUNT(*) AS n FROM responses WHERE rated_at = ?").get(Date.parse('2026-06-30T16:30:00Z')) as { n: number }
    const julyFirst = db.prepare("SELECT COUNT(*) AS n FROM responses WHERE rated_at = ?").get(Date.parse('2026-06-30T17:00:00Z')) as { n: number }
    expect(lateJune.n).toBeGreaterThan(0)
    expect(julyFirst.n).toBeGreaterThan(0)
    const all = db.prepare('SELECT COUNT(*) AS n FROM responses').get() as { n: number }
    const june = db.prepare("SELECT COUNT(*) AS n FROM responses WHERE rated_at < ?").get(Date.parse('2026-06-30T17:00:00Z')) as { n: number }
    expect(first.total.responses).toBe(june.n)
    expect(second.total.responses).toBe(all.n - june.n)
  })

  it('hold what a backfill over the raw rows would hold, so that migrating an existing database gives the same figures', () => {
    expectRollupsOfRawRows(db)
  })

  it('do not count a resent response, a conflicting one or a second rating of a dossier again', async () => {
    const before = rollupTables(db)
    const dossier = quickResponse({ dossier: 'HS-ROLLUP-1' })
    expect((await postResponses(t.app, [dossier]))[0]!.status).toBe('stored')
    const afterDossier = rollupTables(db)
    const results = await postResponses(t.app, [
      ...items.slice(0, 50),
      { ...items[60]!, lang: items[60]!.lang === 'vi' ? 'en' : 'vi' },
      quickResponse({ dossier: 'HS-ROLLUP-1', answers: { overall: 'unsatisfied' } }),
      dossier,
    ])
    expect(results.map((r) => r.status)).toEqual([...Array(50).fill('duplicate'), 'conflict', 'dossier_already_rated', 'duplicate'])
    expect(rollupTables(db)).toEqual(afterDossier)
    expect(afterDossier).not.toEqual(before)
    expectRollupsOfRawRows(db)
  })

  it('go on from the sums the triggers kept in a database made before migration 10', async () => {
    const old = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
    try {
      await postResponses(old.app, items.slice(0, 40))
      await old.store.close()
      withDb(old.path, (on) => {
        // Back to what version 9 had: the rollups kept by a trigger per response and per answer.
        for (const name of ['responses_rollup', 'response_answers_rollup']) {
          on.exec(new RegExp(`CREATE TRIGGER ${name} [\\s\\S]*?END;`).exec(MIGRATIONS.join('\n'))![0])
        }
        on.exec(/CREATE INDEX answers_by_day [^;]*;/.exec(MIGRATIONS.join('\n'))![0])
        migrateBackTo(on, 9)
        // Responses that version stored, copies of the first 20 under other ids, added to the sums by its triggers.
        const copy = (table: string, key: string) => {
          const columns = (on.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name)
          // A copy of an official form evaluates a dossier of its own (NULL stays NULL).
          const values = columns.map((c) => (c === key ? `${c} || '-v9'` : c === 'dossier' ? "dossier || '-V9'" : c))
          on.exec(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${values.join(', ')} FROM ${table}
            WHERE ${key} IN (SELECT id FROM responses ORDER BY id LIMIT 20)`)
        }
        copy('responses', 'id')
        copy('response_answers', 'response_id')
      })
      await old.reopen()
      await postResponses(old.app, items.slice(40, 80))
      withDb(old.path, (on) => {
        expect(on.prepare("SELECT COUNT(*) AS n FROM responses WHERE id LIKE '%-v9'").get()).toEqual({ n: 20 })
        expect(on.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%rollup%'").all()).toEqual([])
        expectRollupsOfRawRows(on)
      })
    } finally {
      await old.close()
    }
  })
})

/** The three rollup tables, whole and in a fixed order. */
function rollupTables(on: Database.Database) {
  return {
    responses: on.prepare('SELECT * FROM response_rollup ORDER BY 1, 2, 3, 4, 5, 6').all(),
    hours: on.prepare('SELECT * FROM response_hour_rollup ORDER BY local_day, unit_code, counter_code, channel, hour').all(),
    answers: on.prepare('SELECT * FROM answer_rollup ORDER BY 1, 2, 3, 4, 5, 6, 7, 8').all() as Record<string, unknown>[],
  }
}

/** Every rollup table equals the same sums recomputed from the raw rows (what migration 5's backfill did). */
function expectRollupsOfRawRows(on: Database.Database): void {
  const kept = rollupTables(on)
  expect(kept.responses).toEqual(
    on
      .prepare(`SELECT local_day, unit_code, counter_code, COALESCE(procedure_code, '') AS procedure_code, COALESCE(level, '') AS level,
        channel, COUNT(*) AS responses, COUNT(score) AS scored, COALESCE(SUM(score), 0) AS score_sum, COUNT(max_score) AS max_count,
        COALESCE(SUM(max_score), 0) AS max_sum FROM responses GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`)
      .all(),
  )
  expect(kept.hours).toEqual(
    on
      .prepare(`SELECT local_day, unit_code, counter_code, channel, weekday, hour, COUNT(*) AS responses, SUM(level IS 'unsatisfied') AS unsatisfied
        FROM responses GROUP BY local_day, unit_code, counter_code, channel, hour ORDER BY 1, 2, 3, 4, 6`)
      .all(),
  )
  const rawAnswers = `FROM response_answers a JOIN responses r ON r.id = a.response_id`
  const answerKey = `a.local_day, r.unit_code, r.counter_code, COALESCE(r.procedure_code, ''), r.channel, a.questionnaire_key, a.question_id`
  expect(kept.answers.map(({ responses: _r, ...sums }) => sums)).toEqual(
    on
      .prepare(`SELECT a.local_day, r.unit_code, r.counter_code, COALESCE(r.procedure_code, '') AS procedure_code, r.channel,
        a.questionnaire_key, a.question_id, COALESCE(a.level, '') AS level, COUNT(*) AS answers, COUNT(a.points) AS points_count,
        COALESCE(SUM(a.points), 0) AS points_sum, COUNT(a.max_points) AS max_count, COALESCE(SUM(a.max_points), 0) AS max_sum
        ${rawAnswers} GROUP BY ${answerKey}, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`)
      .all(),
  )
  // A response that ticked several options of a question counts once for it, whichever level row holds it.
  expect(
    on
      .prepare(`SELECT local_day, unit_code, counter_code, procedure_code, channel, questionnaire_key, question_id, SUM(responses) AS responses
        FROM answer_rollup GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`)
      .all(),
  ).toEqual(
    on
      .prepare(`SELECT a.local_day, r.unit_code, r.counter_code, COALESCE(r.procedure_code, '') AS procedure_code, r.channel,
        a.questionnaire_key, a.question_id, COUNT(DISTINCT a.response_id) AS responses ${rawAnswers} GROUP BY ${answerKey}
        ORDER BY 1, 2, 3, 4, 5, 6, 7`)
      .all(),
  )
}
