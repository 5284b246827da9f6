import * as fc from 'fast-check'
import { uuidv7 } from 'uuidv7'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { prepareResponse } from '../../server/domain/prepare-response'
import type { PreparedResponse } from '../../server/store/prepared-response'
import { DEMO_START, DEMO_COUNTERS, DEMO_PROCEDURES, DEMO_UNITS } from '../../server/seed/demo-catalog'
import { DEFAULT_QUESTIONNAIRES } from '../../server/defaults/questionnaires'
import { openPostgresStore } from '../../server/store/postgres/postgres-store'
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store'
import type { Store } from '../../server/store/store'
import { addDays } from '../../shared/dates'
import { GROUP_BYS } from '../../shared/stats'
import { createTestDatabase, type TestDatabase } from '../support/postgres-database'
import { OFFICIAL_INDICATORS } from '../server/test-app'

/**
 * The same responses stored in both stores must give the same figures: every grouping, filter and period
 * of the satisfaction statistics, and the heat map. The batches repeat ids (same and other content) and
 * dossiers, so that the statuses each store answers are compared too.
 */

const FIRST = '2026-06-20'
const LEVELS = ['very_satisfied', 'satisfied', 'unsatisfied'] as const

const Item = fc.record({
  // Minutes from 00:00 UTC on FIRST: local midnight (17:00 UTC) and the week and month ends are crossed.
  minute: fc.integer({ min: 0, max: 22 * 24 * 60 }),
  counter: fc.constantFrom(...DEMO_COUNTERS.map((c) => c.code)),
  procedure: fc.option(fc.constantFrom(...DEMO_PROCEDURES.map((p) => p.code)), { nil: undefined }),
  level: fc.constantFrom(...LEVELS),
  official: fc.option(fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 6, maxLength: 6 }), { nil: undefined }),
  officialVersion: fc.constantFrom(1, 2),
  dossier: fc.integer({ min: 1, max: 400 }),
  problems: fc.subarray(['fees', 'late_result', 'waiting_time', 'other']),
})
type ItemValue = typeof Item extends fc.Arbitrary<infer T> ? T : never

function toResponse(item: ItemValue) {
  const answers: Record<string, string | string[]> = { overall: item.level }
  if (item.official) {
    OFFICIAL_INDICATORS.forEach((id, i) => (answers[id] = ['poor', 'fair', 'good'][item.official![i]!]!))
    answers.convenience = item.level
  }
  if (item.level === 'unsatisfied' && item.problems.length > 0) answers.problems = item.problems
  return {
    id: uuidv7(),
    counter: item.counter,
    ...(item.procedure ? { procedure: item.procedure } : {}),
    // Few enough dossiers that some are rated twice.
    ...(item.official ? { dossier: `HS-${item.dossier}` } : {}),
    questionnaire: { key: item.official ? 'official' : 'quick', version: item.official ? item.officialVersion : 1 },
    answers,
    lang: 'vi',
    submittedAt: new Date(Date.parse(`${FIRST}T00:00:00Z`) + item.minute * 60_000).toISOString(),
  }
}

let sqlite: Store
let postgres: Store
let database: TestDatabase
const statuses: { sqlite: string[]; postgres: string[] } = { sqlite: [], postgres: [] }

beforeAll(async () => {
  database = await createTestDatabase()
  sqlite = openSqliteStore({ path: ':memory:' })
  postgres = openPostgresStore({ url: database.url })
  for (const store of [sqlite, postgres]) {
    await store.loadInitialData(DEMO_START)
  }
  const catalog = await sqlite.catalog()
  const byVersion = new Map(DEFAULT_QUESTIONNAIRES.map((q) => [`${q.key}@${q.version}`, q]))
  const raw = fc.sample(Item, { numRuns: 900, seed: 20261214 }).map(toResponse)
  // Resends: some with the same content (duplicate), some changed (conflict), inside a batch and across.
  const resent = raw.filter((_, i) => i % 17 === 0).map((r, i) => (i % 2 === 0 ? r : { ...r, lang: 'en' }))
  const all = [...raw.slice(0, 450), ...resent, ...raw.slice(450)]
  const receivedAt = Date.parse(`${addDays(FIRST, 30)}T00:00:00Z`)
  const prepared: PreparedResponse[] = []
  all.forEach((r, i) => {
    const result = prepareResponse(r, i, { catalog, questionnaire: (key, version) => byVersion.get(`${key}@${version}`) }, receivedAt)
    if (!result.ok) throw new Error(`${result.error.path}: ${result.error.message}`)
    prepared.push(result.value)
  })
  for (let i = 0; i < prepared.length; i += 150) {
    const batch = prepared.slice(i, i + 150)
    const [a, b] = await Promise.all([sqlite.insertResponses(batch), postgres.insertResponses(batch)])
    statuses.sqlite.push(...a)
    statuses.postgres.push(...b)
  }
})
afterAll(async () => {
  await sqlite?.close()
  await postgres?.close()
  await database?.drop()
})

const day = fc.integer({ min: -3, max: 25 }).map((n) => addDays(FIRST, n))
const Query = fc.record({
  a: day,
  b: day,
  groupBy: fc.constantFrom(...GROUP_BYS),
  unit: fc.option(fc.constantFrom(...DEMO_UNITS.map((u) => u.code)), { nil: undefined }),
  counter: fc.option(fc.constantFrom(...DEMO_COUNTERS.map((c) => c.code)), { nil: undefined }),
  procedure: fc.option(fc.constantFrom('', ...DEMO_PROCEDURES.map((p) => p.code)), { nil: undefined }),
})

/** Each store seeded its questionnaires at its own moment: everything else must agree. */
const versions = async (store: Store) =>
  JSON.stringify((await store.admin.questionnaires()).map((q) => ({ ...q, versions: q.versions.map((v) => ({ ...v, publishedAt: 0 })) })))

async function collect<T>(rows: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = []
  for await (const row of rows) all.push(row)
  return all
}

describe('the PostgreSQL store against the SQLite store', () => {
  it('answers every response of the same batches with the same status', () => {
    expect(statuses.postgres).toEqual(statuses.sqlite)
    for (const status of ['stored', 'duplicate', 'conflict', 'dossier_already_rated']) expect(statuses.sqlite).toContain(status)
  })

  it('gives the same public and administrators\' catalog, key for key in the same order', async () => {
    expect(JSON.stringify(await postgres.catalog())).toBe(JSON.stringify(await sqlite.catalog()))
    expect(JSON.stringify(await postgres.admin.catalog())).toBe(JSON.stringify(await sqlite.admin.catalog()))
    expect(await versions(postgres)).toBe(await versions(sqlite))
  })

  it('gives equal satisfaction figures for every grouping, filter and period', async () => {
    await fc.assert(
      fc.asyncProperty(Query, async ({ a, b, groupBy, unit, counter, procedure }) => {
        const query = { from: a < b ? a : b, to: a < b ? b : a, groupBy, unit, counter, procedure }
        expect(await postgres.satisfaction(query)).toEqual(await sqlite.satisfaction(query))
      }),
      { numRuns: 150, seed: 20261215 },
    )
  })

  it('gives an equal heat map for every filter and period', async () => {
    await fc.assert(
      fc.asyncProperty(Query, async ({ a, b, unit, counter }) => {
        const query = { from: a < b ? a : b, to: a < b ? b : a, unit, counter }
        expect(await postgres.heatmap(query)).toEqual(await sqlite.heatmap(query))
      }),
      { numRuns: 60, seed: 20261216 },
    )
  })
})

describe('the period export on both stores', () => {
  it('gives the same records, value for value and in the same order, for the whole period and a part of it', async () => {
    for (const [from, to] of [[addDays(FIRST, -3), addDays(FIRST, 25)], [addDays(FIRST, 4), addDays(FIRST, 9)]] as const) {
      const fromSqlite = await collect(sqlite.exports.responses(from, to))
      expect(fromSqlite.length).toBeGreaterThan(50)
      expect(JSON.stringify(await collect(postgres.exports.responses(from, to)))).toBe(JSON.stringify(fromSqlite))
    }
  })
})
