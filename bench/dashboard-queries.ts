import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import { uuidv7 } from 'uuidv7'
import { localParts, weekStart } from '../shared/dates'
import { DEMO_COUNTERS, DEMO_PROCEDURES } from '../server/seed/demo-catalog'
import { DEFAULT_QUESTIONNAIRES } from '../server/seed/questionnaires'
import { openSqliteStore } from '../server/store/sqlite/sqlite-store'
import type { Store } from '../server/store/store'
import type { StatsQuery } from '../shared/stats'
import { isMain, median, percentile, report } from './lib'

const RESPONSES = Number(process.env.BENCH_DASHBOARD_RESPONSES ?? 1_000_000)
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 40)
const YEAR_START = Date.parse('2025-12-31T17:00:00Z') // 01/01/2026 00:00 in Asia/Ho_Chi_Minh
const INDICATORS = ['i1_total_time', 'i2_agency_time', 'i3_returns', 'i4_agencies', 'i6_publicity', 'i7_attitude']
const LEVELS = ['very_satisfied', 'satisfied', 'unsatisfied'] as const

/**
 * Writes `RESPONSES` responses spread over 2026 straight into the tables (through the triggers that keep
 * the rollups, as the writer thread does), a third on the official form with six indicator answers.
 */
function generate(path: string): number {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF') // generating data only; the store's own writes stay durable
  const response = db.prepare(`INSERT INTO responses (id, hash, counter_code, unit_code, procedure_code, dossier, questionnaire_key,
    questionnaire_version, level, score, max_score, lang, submitted_at, received_at, rated_at, local_day, week_start, hour, weekday, payload)
    VALUES (?, '', ?, ?, ?, NULL, ?, 1, ?, ?, ?, 'vi', ?, ?, ?, ?, ?, ?, ?, '{}')`)
  const answer = db.prepare(`INSERT INTO response_answers (response_id, questionnaire_key, question_id, value, points, max_points, level, local_day)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
  let seed = 20260101
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000)
  const started = performance.now()
  const insertMany = db.transaction((count: number) => {
    for (let i = 0; i < count; i++) {
      // Office hours mostly: a day, then 07:00–17:00 local.
      const at = YEAR_START + Math.floor(rand() * 365) * 86_400_000 + (7 + rand() * 10) * 3_600_000
      const parts = localParts(at)
      const counter = DEMO_COUNTERS[Math.floor(rand() * DEMO_COUNTERS.length)]!
      const procedure = rand() < 0.8 ? DEMO_PROCEDURES[Math.floor(rand() * DEMO_PROCEDURES.length)]! : null
      const level = LEVELS[Math.min(2, Math.floor(rand() * rand() * 4))]!
      const official = rand() < 0.33
      const points = official ? INDICATORS.map(() => Math.min(2, Math.floor(rand() * 3.4))) : []
      const id = uuidv7()
      const unit = procedure?.unitCode ?? counter.unitCode
      const key = official ? 'official' : 'quick'
      const score = official ? points.reduce((a, b) => a + b, 0) : null
      response.run(id, counter.code, unit, procedure?.code ?? null, key, level, score, official ? 12 : null, at, at, at, parts.day,
        weekStart(parts.day), parts.hour, parts.weekday)
      answer.run(id, key, 'overall', level, null, null, level, parts.day)
      points.forEach((p, k) => answer.run(id, key, INDICATORS[k]!, ['poor', 'fair', 'good'][p]!, p, 2, null, parts.day))
    }
  })
  for (let done = 0; done < RESPONSES; done += 50_000) insertMany(Math.min(50_000, RESPONSES - done))
  db.close()
  return (performance.now() - started) / 1000
}

async function timed(run: () => Promise<unknown>): Promise<number[]> {
  await run() // warm: the first run reads the pages from disk
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    await run()
    times.push(performance.now() - start)
  }
  return times
}

export async function dashboardQueries(): Promise<{ worstP95: number }> {
  console.log(`\n[f] Dashboard queries over ${RESPONSES.toLocaleString('en')} responses (2026), p95 of ${RUNS} runs each`)
  const dir = mkdtempSync(join(tmpdir(), 'hailong-bench-dashboard-'))
  const path = join(dir, 'bench.sqlite')
  let store: Store | undefined
  try {
    store = openSqliteStore({ path })
    await store.ensureQuestionnaires(DEFAULT_QUESTIONNAIRES)
    await store.seedDemoIfEmpty()
    await store.close()
    report('generated', `${generate(path).toFixed(1)} s`)
    store = openSqliteStore({ path })
    const s = store
    const year = { from: '2026-01-01', to: '2026-12-31' }
    const half = { from: '2026-01-01', to: '2026-06-30' }
    const cases: [string, () => Promise<unknown>][] = [
      ['year by unit', () => s.satisfaction({ ...year, groupBy: 'unit' })],
      ['year by counter', () => s.satisfaction({ ...year, groupBy: 'counter' })],
      ['year by procedure', () => s.satisfaction({ ...year, groupBy: 'procedure' })],
      ['year by question', () => s.satisfaction({ ...year, groupBy: 'question' })],
      ['year by month', () => s.satisfaction({ ...year, groupBy: 'month' })],
      ['half-year by week', () => s.satisfaction({ ...half, groupBy: 'week' })],
      ['half-year by day, one unit', () => s.satisfaction({ ...half, groupBy: 'day', unit: 'LS' } as StatsQuery)],
      ['year by question, one procedure', () => s.satisfaction({ ...year, groupBy: 'question', procedure: 'ABTC' } as StatsQuery)],
      ['year heat map', () => s.heatmap(year)],
    ]
    let worst = 0
    for (const [name, run] of cases) {
      const times = await timed(run)
      const p95 = percentile(times, 95)
      worst = Math.max(worst, p95)
      report(name, `p95 ${p95.toFixed(1)} ms, median ${median(times).toFixed(1)} ms`, { ok: p95 <= 50, text: '≤ 50 ms' })
    }
    const total = (await s.satisfaction({ ...year, groupBy: 'unit' })).total.responses
    report('responses counted over the year', total.toLocaleString('en'), { ok: total === RESPONSES, text: `= ${RESPONSES.toLocaleString('en')}` })
    report('worst p95 ÷ goal', (worst / 50).toFixed(2))
    return { worstP95: worst }
  } finally {
    await store?.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (isMain(import.meta)) await dashboardQueries()
