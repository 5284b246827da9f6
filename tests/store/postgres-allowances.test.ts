import * as fc from 'fast-check'
import { Client } from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type { AllowanceStore, Bucket } from '../../server/store/allowance-store'
import { postgresAllowanceStore } from '../../server/store/postgres/allowance-store'
import { openDatabase, type Database } from '../../server/store/postgres/database'
import { migrate } from '../../server/store/postgres/migrate'
import { sqliteAllowanceStore } from '../../server/store/sqlite/allowance-store'
import { createTestDatabase, type TestDatabase } from '../support/postgres-database'

/**
 * The allowances of the PostgreSQL store (refill computed in SQL, one round trip per group of takes) against
 * those the SQLite store keeps in memory, and what several instances on one database see together. Each
 * "instance" is a database handle with its own pool.
 */

let database: TestDatabase
const handles: Database[] = []
function instance(): AllowanceStore {
  const db = openDatabase(database.url, migrate)
  handles.push(db)
  return postgresAllowanceStore(db)
}
beforeAll(async () => {
  database = await createTestDatabase()
})
afterAll(async () => {
  await Promise.all(handles.map((db) => db.close()))
  await database?.drop()
})

/** Rows of the last statement, run through a connection of its own after `before` (settings of that connection). */
async function rows(sql: string, ...before: string[]): Promise<Record<string, unknown>[]> {
  const client = new Client({ connectionString: database.url })
  await client.connect()
  try {
    for (const statement of before) await client.query(statement)
    return (await client.query(sql)).rows
  } finally {
    await client.end()
  }
}

/**
 * Token counts rounded to 1e-9: PostgreSQL and V8 may round one step of the same float8 arithmetic apart
 * (9.9675 against 9.967500000000001), far below anything a bucket decides with.
 */
function rounded(answer: unknown): unknown {
  if (typeof answer === 'number') return Math.round(answer * 1e9) / 1e9
  if (Array.isArray(answer)) return answer.map(rounded)
  if (answer && typeof answer === 'object') return Object.fromEntries(Object.entries(answer).map(([k, v]) => [k, rounded(v)]))
  return answer
}

const T0 = Date.parse('2026-03-02T01:00:00Z')

/** One step of a client's life: a take, a spend or a look, some milliseconds (possibly backwards) after the last. */
const Step = fc.record({
  op: fc.constantFrom('take', 'spend', 'available'),
  bucket: fc.constantFrom(0, 1),
  key: fc.constantFrom('198.51.100.1', '2001:db8:1:2'),
  amount: fc.integer({ min: 0, max: 12 }),
  dt: fc.oneof(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: -2000, max: 0 }), fc.constant(0)),
})

let run = 0

describe('allowances on PostgreSQL', () => {
  it('give the same answers as the in-memory allowances of SQLite, to a billionth of a token, for any sequence of spends', async () => {
    const pg = instance()
    await fc.assert(
      fc.asyncProperty(fc.array(Step, { minLength: 1, maxLength: 25 }), async (steps) => {
        // Fresh buckets for each sequence: their names are new to the database.
        run++
        const buckets: Bucket[] = [
          { name: `rate:${run}`, capacity: 10, periodMs: 60_000 },
          { name: `upload:${run}`, capacity: 7, periodMs: 3_600_000 },
        ]
        const memory = sqliteAllowanceStore()
        let now = T0
        for (const step of steps) {
          now += step.dt
          const bucket = buckets[step.bucket]!
          const ask = async (store: AllowanceStore) => {
            if (step.op === 'take') return store.take(bucket, step.key, step.amount, now)
            if (step.op === 'spend') return store.spend([{ bucket, key: step.key, amount: step.amount }], now)
            return store.available([{ bucket, key: step.key }], now)
          }
          expect(rounded(await ask(pg))).toEqual(rounded(await ask(memory)))
        }
        const all = buckets.flatMap((bucket) => ['198.51.100.1', '2001:db8:1:2'].map((key) => ({ bucket, key })))
        expect(rounded(await pg.available(all, now + 1234))).toEqual(rounded(await memory.available(all, now + 1234)))
      }),
      { numRuns: 300 },
    )
  })

  it('answers takes sent at once, gathered into one call, as if each had been made after the one before it', async () => {
    const pg = instance()
    const Take = fc.record({ bucket: fc.constantFrom(0, 1), key: fc.constantFrom('198.51.100.7', '198.51.100.8'), amount: fc.integer({ min: 0, max: 4 }), dt: fc.integer({ min: -500, max: 5000 }) })
    await fc.assert(
      fc.asyncProperty(fc.array(Take, { minLength: 1, maxLength: 30 }), async (takes) => {
        run++
        const buckets: Bucket[] = [
          { name: `rate:group:${run}`, capacity: 6, periodMs: 60_000 },
          { name: `upload:group:${run}`, capacity: 9, periodMs: 3_600_000 },
        ]
        let now = T0
        const made = takes.map((t) => ({ bucket: buckets[t.bucket]!, key: t.key, amount: t.amount, now: (now += t.dt) }))
        // All in one turn: one group, sorted by bucket and key for the call, answered in the order given.
        const together = await Promise.all(made.map((t) => pg.take(t.bucket, t.key, t.amount, t.now)))
        const memory = sqliteAllowanceStore()
        const oneByOne = []
        for (const t of made) oneByOne.push(await memory.take(t.bucket, t.key, t.amount, t.now))
        expect(rounded(together)).toEqual(rounded(oneByOne))
      }),
      { numRuns: 100 },
    )
  })

  it('lets two instances taking from one bucket at once spend exactly its capacity, never more', async () => {
    const [a, b] = [instance(), instance()]
    const bucket = { name: 'rate:race', capacity: 25, periodMs: 60_000 }
    // One instant for all: no refill comes between the takes.
    const results = await Promise.all(Array.from({ length: 80 }, (_, i) => (i % 2 ? a : b).take(bucket, '203.0.113.9', 1, T0)))
    expect(results.filter((r) => r.taken)).toHaveLength(25)
    expect(await a.available([{ bucket, key: '203.0.113.9' }], T0)).toEqual([0])
  })

  it('adds up the spends racing from two instances, the overall bucket of every address included', async () => {
    const [a, b] = [instance(), instance()]
    const perAddress = { name: 'upload:items:race', capacity: 60, periodMs: 3_600_000 }
    const overall = { name: 'upload:bytes-overall:race', capacity: 1_000_000, periodMs: 3_600_000 }
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).spend(
          [
            { bucket: perAddress, key: `192.0.2.${i % 4}`, amount: 1 },
            { bucket: overall, key: 'all', amount: 1000 },
          ],
          T0,
        ),
      ),
    )
    expect(await b.available([{ bucket: overall, key: 'all' }, ...[0, 1, 2, 3].map((i) => ({ bucket: perAddress, key: `192.0.2.${i}` }))], T0)).toEqual([
      1_000_000 - 40_000,
      50,
      50,
      50,
      50,
    ])
  })

  it('counts a sign-in attempt begun on one instance as in progress on the other, until it ends', async () => {
    const [a, b] = [instance(), instance()]
    expect(await a.attempts.begin(['s:x', 'c:net'], T0)).toEqual([0, 0])
    expect(await b.attempts.begin(['c:net', 's:y'], T0)).toEqual([1, 0])
    await a.attempts.end(['s:x', 'c:net'], T0)
    expect(await b.attempts.begin(['s:x', 'c:net'], T0)).toEqual([0, 1])
    // Many at once from both: each sees a different number ahead of it, as one process's counter would give.
    const ahead = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).attempts.begin(['c:burst'], T0)))
    expect(ahead.map(([n]) => n).sort((x, y) => x! - y!)).toEqual(Array.from({ length: 30 }, (_, i) => i))
  })

  it('drops the attempts in progress of an instance that died, once they are a minute old', async () => {
    const [dead, alive] = [instance(), instance()]
    await dead.attempts.begin(['c:crashed'], T0)
    expect(await alive.attempts.begin(['c:crashed'], T0 + 30_000)).toEqual([1])
    await alive.attempts.end(['c:crashed'], T0 + 30_000)
    expect(await alive.attempts.begin(['c:crashed'], T0 + 91_000)).toEqual([0])
  })

  it('prunes full buckets from time to time, a bounded batch through an index, and forgets nothing not yet full', async () => {
    const store = instance()
    const bucket = { name: 'prune', capacity: 2, periodMs: 1000 }
    for (let i = 0; i < 5; i++) await store.take(bucket, `198.51.100.${i}`, 1, T0)
    const slow = { name: 'prune-slow', capacity: 2, periodMs: 3_600_000 }
    await store.spend([{ bucket: slow, key: '198.51.100.9', amount: 1 }], T0)
    // A minute later a write finds pruning due: the fast buckets are full again, the slow one is not.
    await store.take(bucket, '192.0.2.1', 1, T0 + 61_000)
    await vi.waitFor(async () => expect(await rows("SELECT key FROM allowances WHERE bucket IN ('prune', 'prune-slow') ORDER BY key")).toEqual([{ key: '192.0.2.1' }, { key: '198.51.100.9' }]))
    // The pruning's condition is the index's expression: with table scans priced out, the plan takes the index.
    const plan = await rows(`EXPLAIN SELECT bucket, key FROM allowances WHERE (at + (capacity - tokens) / capacity * period_ms) <= ${T0} LIMIT 1000`, 'SET enable_seqscan = off')
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('allowances_full_at')
  })
})
