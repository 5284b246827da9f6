import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MIGRATIONS as POSTGRES_MIGRATIONS } from '../../server/store/postgres/migrate'
import { GROUP_BYS } from '../../shared/stats'
import { feedback } from '../store/new-feedback'
import { createTestApp, migrateBackTo, officialResponse, onPostgres, postResponses, quickResponse, type TestApp, withDb } from './test-app'

/**
 * Upgrading a database made before channels (SQLite migration 18, PostgreSQL migration 7): every rating
 * stored before was the citizen's own (qr), every item too but those filed through Open311; the rollups,
 * rebuilt from the raw rows with channel as a key, give the same figures as before.
 */

const PERIOD = { from: '2026-09-01', to: '2026-09-30' }
const at = (day: number, hour: number) => `2026-09-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:00:00Z`

let t: TestApp
let open311Id: string
let citizenId: string
let before: Awaited<ReturnType<typeof figures>>

/** Everything the rollups answer for the period: each grouping, the heat map, and each rollup's sums. */
async function figures() {
  const stats = await Promise.all(GROUP_BYS.filter((g) => g !== 'channel').map((groupBy) => t.store.satisfaction({ ...PERIOD, groupBy })))
  const heatmap = await t.store.heatmap(PERIOD)
  const [responses] = await t.sql('SELECT SUM(responses) AS n, SUM(scored) AS scored, SUM(score_sum) AS score FROM response_rollup')
  const [hours] = await t.sql('SELECT SUM(responses) AS n, SUM(unsatisfied) AS unsatisfied FROM response_hour_rollup')
  const [answers] = await t.sql('SELECT SUM(answers) AS n, SUM(responses) AS responses, SUM(points_sum) AS points FROM answer_rollup')
  const totals = Object.fromEntries(Object.entries({ ...responses, ...hours, ...answers }).map(([k, v]) => [k, Number(v)]))
  return { stats, heatmap, totals }
}

/** PostgreSQL back to migration 6: the columns dropped, the rollups as migration 1 made them with the same sums. */
async function postgresBackTo6(): Promise<void> {
  const initial = POSTGRES_MIGRATIONS[0]!.sql
  const rollupTables = initial.slice(initial.indexOf('CREATE TABLE response_rollup ('), initial.indexOf('CREATE TABLE sessions ('))
  await t.sql(`
    ALTER TABLE responses DROP COLUMN channel;
    ALTER TABLE feedback DROP COLUMN channel;
    CREATE INDEX feedback_summary ON feedback (unit_code, category, petition_type, handling, answer_working_days, received_at, due_at);
    CREATE TEMP TABLE old_responses AS SELECT local_day, unit_code, counter_code, procedure_code, level, SUM(responses) AS responses,
      SUM(scored) AS scored, SUM(score_sum) AS score_sum, SUM(max_count) AS max_count, SUM(max_sum) AS max_sum
      FROM response_rollup GROUP BY 1, 2, 3, 4, 5;
    CREATE TEMP TABLE old_hours AS SELECT local_day, unit_code, counter_code, MIN(weekday) AS weekday, hour, SUM(responses) AS responses,
      SUM(unsatisfied) AS unsatisfied FROM response_hour_rollup GROUP BY local_day, unit_code, counter_code, hour;
    CREATE TEMP TABLE old_answers AS SELECT local_day, unit_code, counter_code, procedure_code, questionnaire_key, question_id, level,
      SUM(answers) AS answers, SUM(responses) AS responses, SUM(points_count) AS points_count, SUM(points_sum) AS points_sum,
      SUM(max_count) AS max_count, SUM(max_sum) AS max_sum FROM answer_rollup GROUP BY 1, 2, 3, 4, 5, 6, 7;
    DROP TABLE response_rollup;
    DROP TABLE response_hour_rollup;
    DROP TABLE answer_rollup;
    ${rollupTables}
    INSERT INTO response_rollup SELECT * FROM old_responses;
    INSERT INTO response_hour_rollup SELECT * FROM old_hours;
    INSERT INTO answer_rollup SELECT * FROM old_answers;
    DELETE FROM schema_migrations WHERE version = 7;`)
}

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  const results = await postResponses(t.app, [
    quickResponse({ answers: { overall: 'very_satisfied' }, submittedAt: at(2, 2) }),
    quickResponse({ counter: 'HCC-02', answers: { overall: 'unsatisfied', problems: ['fees', 'waiting_time'] }, submittedAt: at(2, 8) }),
    quickResponse({ procedure: 'ABTC', answers: { overall: 'satisfied' }, submittedAt: at(15, 3) }),
    officialResponse([2, 1, 0, 2, 1, 2], 'satisfied', { submittedAt: at(16, 4) }),
    officialResponse([1, 1, 1, 2, 2, 2], 'very_satisfied', { procedure: 'HC-NGCV', submittedAt: at(29, 9) }),
  ])
  expect(results.every((r) => r.status === 'stored')).toBe(true)
  const key = await t.store.open311.createKey({ name: 'Cổng 311 thử', keyHash: 'a'.repeat(64) }, null, Date.now())
  const byOpen311 = feedback({ channel: 'open311', open311: { keyId: key.id, lat: null, long: null, address: null, mediaUrl: null } })
  const byCitizen = feedback()
  await t.store.feedback.insert([byOpen311, byCitizen])
  open311Id = byOpen311.id
  citizenId = byCitizen.id
  before = await figures()

  if (onPostgres) await postgresBackTo6()
  else {
    await t.store.close()
    withDb(t.path, (db) => migrateBackTo(db, 17))
  }
  await t.reopen()
})
afterAll(() => t.close())

describe('upgrading a database made before channels', () => {
  it('marks every rating stored before as qr', async () => {
    expect(await t.sql('SELECT DISTINCT channel FROM responses')).toEqual([{ channel: 'qr' }])
    expect(await t.count('responses', "channel = 'qr'")).toBe(5)
  })

  it('marks the items filed through Open311 as open311, the others as qr', async () => {
    expect((await t.sql('SELECT channel FROM feedback WHERE id = ?', open311Id))[0]!.channel).toBe('open311')
    expect((await t.sql('SELECT channel FROM feedback WHERE id = ?', citizenId))[0]!.channel).toBe('qr')
  })

  it('rebuilds the rollups with the same figures, every grouping, the heat map and each table\'s sums', async () => {
    expect(await figures()).toEqual(before)
    expect(before.totals.n).toBeGreaterThan(0)
    const byChannel = await t.store.satisfaction({ ...PERIOD, groupBy: 'channel' })
    expect(byChannel.groups.map((g) => [g.key, g.responses])).toEqual([['qr', 5]])
  })

  it('goes on adding to the rebuilt rollups by channel', async () => {
    expect((await postResponses(t.app, [quickResponse({ answers: { overall: 'satisfied' }, submittedAt: at(30, 3) })]))[0]!.status).toBe('stored')
    const stats = await t.store.satisfaction({ ...PERIOD, groupBy: 'channel' })
    expect(stats.groups.map((g) => [g.key, g.responses])).toEqual([['qr', 6]])
  })
})
