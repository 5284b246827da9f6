import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import { uuidv7 } from 'uuidv7'
import { localParts, weekStart } from '../shared/dates'
import { DEMO_START, DEMO_COUNTERS, DEMO_PROCEDURES } from '../server/seed/demo-catalog'
import { Client } from 'pg'
import { copySqliteToPostgres } from '../server/store/migrate/copy-to-postgres'
import { openPostgresStore } from '../server/store/postgres/postgres-store'
import { openSqliteStore } from '../server/store/sqlite/sqlite-store'
import { type Row, rowWriter } from '../server/store/sqlite/writer-core'
import type { Store } from '../server/store/store'
import type { StatsQuery } from '../shared/stats'
import { feedbackSummary } from '../server/domain/feedback-summary'
import { answerWorkingDays } from '../server/domain/feedback-actions'
import { DEFAULT_CALENDAR } from '../server/defaults/holidays'
import { ftsQuery } from '../server/domain/feedback-rules'
import type { InboxFilter } from '../server/store/feedback-store'
import { INBOX_PAGE_SIZE } from '../shared/staff-feedback'
import { isMain, median, percentile, report } from './lib'
import { type BenchStore, benchStores, createBenchDatabase } from './stores'

const RESPONSES = Number(process.env.BENCH_DASHBOARD_RESPONSES ?? 1_000_000)
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 40)
const FEEDBACK = Number(process.env.BENCH_DASHBOARD_FEEDBACK ?? 100_000)
const YEAR_START = Date.parse('2025-12-31T17:00:00Z') // 01/01/2026 00:00 in Asia/Ho_Chi_Minh
const INDICATORS = ['i1_total_time', 'i2_agency_time', 'i3_returns', 'i4_agencies', 'i6_publicity', 'i7_attitude']
const LEVELS = ['very_satisfied', 'satisfied', 'unsatisfied'] as const

/**
 * Writes `RESPONSES` responses spread over 2026 through the store's own writing transaction (rowWriter: the
 * rows, their answers and the rollups), a third on the official form with six indicator answers.
 */
function generate(path: string): number {
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF') // generating data only; the store's own writes stay durable
  const write = rowWriter(db)
  let seed = 20260101
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x80000000)
  const started = performance.now()
  let rows: Row[] = []
  for (let i = 0; i < RESPONSES; i++) {
    // Office hours mostly: a day, then 07:00–17:00 local.
    const at = YEAR_START + Math.floor(rand() * 365) * 86_400_000 + Math.floor((7 + rand() * 10) * 3_600_000)
    const parts = localParts(at)
    const counter = DEMO_COUNTERS[Math.floor(rand() * DEMO_COUNTERS.length)]!
    const procedure = rand() < 0.8 ? DEMO_PROCEDURES[Math.floor(rand() * DEMO_PROCEDURES.length)]! : null
    const level = LEVELS[Math.min(2, Math.floor(rand() * rand() * 4))]!
    const official = rand() < 0.33
    const points = official ? INDICATORS.map(() => Math.min(2, Math.floor(rand() * 3.4))) : []
    const unit = procedure?.unitCode ?? counter.unitCode
    const key = official ? 'official' : 'quick'
    const score = official ? points.reduce((a, b) => a + b, 0) : null
    const answers: Row[20] = ['overall', level, null, null, level]
    points.forEach((p, k) => answers.push(INDICATORS[k]!, ['poor', 'fair', 'good'][p]!, p, 2, null))
    // An official form evaluates one dossier (the server refuses it without one).
    rows.push([uuidv7(), counter.code, unit, procedure?.code ?? null, official ? `HS-BENCH-${i}` : null, key, 1, level, score, official ? 12 : null, 'vi', at, at, at,
      // A fifth from the counter's kiosk (not drawn from rand, so the rest of the data stays what it was).
      parts.day, weekStart(parts.day), parts.hour, parts.weekday, '{}', i % 5 === 0 ? 'kiosk' : 'qr', answers])
    if (rows.length === 10_000 || i === RESPONSES - 1) {
      write(rows)
      rows = []
    }
  }
  generateFeedback(db, rand)
  db.close()
  return (performance.now() - started) / 1000
}

const CATEGORIES = ['conduct', 'processing_time', 'dossier_requirements', 'fees', 'facilities', 'online_services', 'regulation', 'other']
const STATUSES = ['received', 'acknowledged', 'in_progress', 'answered', 'answered', 'closed', 'closed', 'closed', 'spam']
const WORDS = ['hồ sơ', 'trễ hẹn', 'phí', 'cán bộ', 'thái độ', 'quầy', 'biểu mẫu', 'chờ lâu', 'thị thực', 'hộ chiếu', 'công hàm', 'hướng dẫn']

/** `FEEDBACK` items over 2026, most of them handled, some late, some still open; descriptions from a few words. */
function generateFeedback(db: Database.Database, rand: () => number): void {
  const insert = db.prepare(`INSERT INTO feedback (id, hash, tracking_code, category, petition_type, status, counter_code, procedure_code, description,
    wants_answer, unit_code, received_at, accept_by, resolve_by, answered_at, answer_working_days, closed_at, accepted_at, lang, submitted_at)
    VALUES (?, '', ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, NULL, ?, ?, ?, ?, ?, 'vi', ?)`)
  const units = ['VP-TT', 'LS', 'HTQT', 'BG']
  db.transaction(() => {
    for (let i = 0; i < FEEDBACK; i++) {
      const at = YEAR_START + Math.floor(rand() * 330 * 86_400_000)
      const status = STATUSES[Math.floor(rand() * STATUSES.length)]!
      const resolveBy = at + 21 * 86_400_000
      const answered = status === 'answered' || status === 'closed' ? at + Math.floor(rand() * 25 * 86_400_000) : null
      const words = Array.from({ length: 8 }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ')
      const counter = DEMO_COUNTERS[Math.floor(rand() * DEMO_COUNTERS.length)]!
      insert.run(uuidv7(), `BENCH${String(i).padStart(8, '0')}`, CATEGORIES[Math.floor(rand() * CATEGORIES.length)], rand() < 0.9 ? 'feedback' : 'complaint',
        status, counter.code, null, `Phản ánh số ${i}: ${words}.`, units[Math.floor(rand() * units.length)], at, resolveBy, answered,
        answered === null ? null : answerWorkingDays(at, answered, DEFAULT_CALENDAR),
        status === 'closed' || status === 'spam' ? (answered ?? at) + 86_400_000 : null, status === 'received' ? null : at + 86_400_000, at)
    }
  })()
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

/**
 * The same data on each store of the run (stores.ts): written into SQLite (generate), then copied into a
 * fresh PostgreSQL database by `npm run migrate-store`'s own copy (verified row by row) and analysed, so that
 * both stores answer the same queries over the same rows.
 */
export async function dashboardQueries(): Promise<Record<string, { worstP95: number }>> {
  console.log(`\n[f] Dashboard queries over ${RESPONSES.toLocaleString('en')} responses and ${FEEDBACK.toLocaleString('en')} feedback items (2026), p95 of ${RUNS} runs each`)
  const dir = mkdtempSync(join(tmpdir(), 'hailong-bench-dashboard-'))
  const path = join(dir, 'bench.sqlite')
  const results: Record<string, { worstP95: number }> = {}
  try {
    const seeded = openSqliteStore({ path })
    await seeded.loadInitialData(DEMO_START)
    await seeded.close()
    report('generated (SQLite)', `${generate(path).toFixed(1)} s`)
    for (const store of benchStores()) results[store] = await queriesOn(store, path)
    if (results.sqlite && results.postgres) {
      console.log('\n[f] PostgreSQL beside SQLite, same run')
      report('worst dashboard p95: PostgreSQL ÷ SQLite', (results.postgres.worstP95 / results.sqlite.worstP95).toFixed(2))
    }
    return results
  } finally {
    if (process.env.BENCH_KEEP_DB) console.log(`  kept ${path}`)
    else rmSync(dir, { recursive: true, force: true })
  }
}

async function openBenchStore(store: BenchStore, path: string): Promise<Store> {
  if (store === 'sqlite') return openSqliteStore({ path })
  const url = await createBenchDatabase()
  const started = performance.now()
  const copied = await copySqliteToPostgres({ from: path, to: url })
  const client = new Client({ connectionString: url })
  await client.connect()
  // As autovacuum would after a load this size, but now: the planner needs the tables' statistics.
  await client.query('VACUUM ANALYZE')
  await client.end()
  const rows = copied.tables.reduce((sum, t) => sum + t.targetRows, 0)
  report('copied into PostgreSQL and analysed', `${((performance.now() - started) / 1000).toFixed(1)} s, ${rows.toLocaleString('en')} rows`)
  return openPostgresStore({ url })
}

async function queriesOn(store: BenchStore, path: string): Promise<{ worstP95: number }> {
  console.log(`\n[f] ${store}`)
  const s = await openBenchStore(store, path)
  try {
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
    const viewer = { role: 'leadership' as const, unitCode: null }
    const now = Date.parse('2026-12-01T03:00:00Z')
    const inbox = (filter: Partial<InboxFilter>) => () =>
      s.feedback.inbox({ scopeUnit: null, view: 'open', now, offset: 0, limit: INBOX_PAGE_SIZE, ...filter })
    cases.push(
      ['feedback summary, year', () => feedbackSummary(s, viewer, year, now)],
      ['feedback summary, half-year, one unit', () => feedbackSummary(s, { role: 'unit_head', unitCode: 'LS' }, half, now)],
      ['inbox: open, by deadline', inbox({})],
      ['inbox: overdue (escalation view)', inbox({ view: 'overdue' })],
      ['inbox: all, one unit, page 20', inbox({ view: 'all', scopeUnit: 'LS', offset: 19 * INBOX_PAGE_SIZE })],
      ['inbox: search "tre hen"', inbox({ view: 'all', match: ftsQuery('tre hen')! })],
    )
    let worst = 0
    for (const [name, run] of cases) {
      const times = await timed(run)
      const p95 = percentile(times, 95)
      // The inbox is the staff's page, not the dashboard: its figures are shown, not held to the goal.
      const dashboard = !name.startsWith('inbox')
      if (dashboard) worst = Math.max(worst, p95)
      report(name, `p95 ${p95.toFixed(1)} ms, median ${median(times).toFixed(1)} ms`, dashboard ? { ok: p95 <= 50, text: '≤ 50 ms' } : undefined)
    }
    const total = (await s.satisfaction({ ...year, groupBy: 'unit' })).total.responses
    report('responses counted over the year', total.toLocaleString('en'), { ok: total === RESPONSES, text: `= ${RESPONSES.toLocaleString('en')}` })
    report('worst p95 ÷ goal', (worst / 50).toFixed(2))
    return { worstP95: worst }
  } finally {
    await s.close()
  }
}

if (isMain(import.meta)) await dashboardQueries()
