import { calibrate, load, type LoadResult } from './http-load'
import { type BenchServer, HEALTH_GET as health, isMain, median, RATING_POST as post, report, sleep, startServer } from './lib'
import { benchStores, postgresCpuMs } from './stores'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5)
const CONNECTIONS = 100

interface Pair {
  get: LoadResult
  post: LoadResult
  getCpu: number
  postCpu: number
  /** PostgreSQL's CPU per POST (0 on SQLite, whose writing is in the server's own threads). */
  postgresCpu: number
}

/** One store's server and what has been measured on it. */
interface Subject {
  server: BenchServer
  healthRate: number
  postRate: number
  before: number
  pairs: Pair[]
}

async function measurePair(subject: Subject): Promise<Pair> {
  const { server } = subject
  let cpu = server.cpuMs()
  const get = await load(server.url, health, Math.ceil(subject.healthRate * SECONDS), CONNECTIONS)
  const getCpu = (server.cpuMs() - cpu) / get.requests
  cpu = server.cpuMs()
  const pgCpu = server.store === 'postgres' ? postgresCpuMs() : 0
  const posted = await load(server.url, post, Math.ceil(subject.postRate * SECONDS), CONNECTIONS)
  const postgresCpu = server.store === 'postgres' ? (postgresCpuMs() - pgCpu) / posted.requests : 0
  return { get, post: posted, getCpu, postCpu: (server.cpuMs() - cpu) / posted.requests, postgresCpu }
}

/**
 * POST /api/responses with one response per request (a new id and body every time), 100 connections,
 * against a freshly started server; throughput as a ratio to GET /api/health on the same server in the same
 * run. The two are measured in pairs, one right after the other, `PAIRS` times: a neighbour's burst on this
 * shared machine then spoils one pair, not the figure, which is the median pair's ratio (every pair is
 * printed). Afterwards the rows in the store must equal the 200 answers: each acknowledgement stored exactly
 * one row.
 *
 * On each store of the run (stores.ts), a server each, started together and measured in turn — SQLite's
 * pair, then PostgreSQL's, `PAIRS` rounds — so that both meet the same moments of this shared machine; then
 * PostgreSQL's ratio beside SQLite's, round by round (goal: within 20 %).
 */
export async function writeThroughput(): Promise<Record<string, { ratio: number; p99: number }>> {
  const stores = benchStores()
  console.log(`\n[a] POST /api/responses, one response a request, ${CONNECTIONS} connections (${PAIRS} rounds of ~${SECONDS} s pairs on ${stores.join(' and ')})`)
  const subjects = new Map<string, Subject>()
  try {
    for (const store of stores) {
      const server = await startServer({}, store)
      subjects.set(store, { server, healthRate: 0, postRate: 0, before: 0, pairs: [] })
    }
    for (const subject of subjects.values()) {
      subject.healthRate = await calibrate(subject.server.url, health, 2)
      subject.postRate = await calibrate(subject.server.url, post, 2)
      await sleep(500) // requests cut off when the warm-up stopped may still be committing
      subject.before = await subject.server.countResponses()
    }
    for (let i = 0; i < PAIRS; i++) {
      for (const [store, subject] of subjects) {
        const pair = await measurePair(subject)
        subject.pairs.push(pair)
        report(`round ${i + 1}, ${store}: POST ÷ GET (${pair.post.rps.toFixed(0)} ÷ ${pair.get.rps.toFixed(0)} req/s)`, (pair.post.rps / pair.get.rps).toFixed(3))
      }
    }
    const results: Record<string, { ratio: number; p99: number }> = {}
    for (const [store, subject] of subjects) results[store] = await summarise(store, subject)
    const sqlite = subjects.get('sqlite')
    const postgres = subjects.get('postgres')
    if (sqlite && postgres) {
      const ratio = (p: Pair) => p.post.rps / p.get.rps
      const shares = postgres.pairs.map((p, i) => ratio(p) / ratio(sqlite.pairs[i]!))
      console.log('\n[a] PostgreSQL beside SQLite, same rounds')
      report('POST ÷ GET: PostgreSQL ÷ SQLite, per round', shares.map((s) => s.toFixed(2)).join(' '))
      const share = median(shares)
      report('POST ÷ GET: PostgreSQL ÷ SQLite (median round)', share.toFixed(3), { ok: share >= 0.8, text: '≥ 0.8 (within 20 %)' })
      const sqliteCpu = median(sqlite.pairs.map((p) => p.postCpu))
      report('server CPU per POST: PostgreSQL ÷ SQLite', (median(postgres.pairs.map((p) => p.postCpu)) / sqliteCpu).toFixed(2))
      // The figure the neighbours move least: all the CPU a rating costs, the server's and PostgreSQL's.
      report('server + PostgreSQL CPU per POST ÷ SQLite', (median(postgres.pairs.map((p) => p.postCpu + p.postgresCpu)) / sqliteCpu).toFixed(2))
    }
    return results
  } finally {
    for (const subject of subjects.values()) await subject.server.stop()
  }
}

async function summarise(store: string, { server, before, pairs }: Subject): Promise<{ ratio: number; p99: number }> {
  console.log(`\n[a] ${store}`)
  const stored = (await server.countResponses()) - before
  const acknowledged = pairs.reduce((sum, p) => sum + p.post.ok, 0)
  const failures = pairs.reduce((sum, p) => sum + p.post.failures + p.get.failures, 0)
  const ratio = median(pairs.map((p) => p.post.rps / p.get.rps))
  const p99 = Math.max(...pairs.map((p) => p.post.p99))
  const getCpu = median(pairs.map((p) => p.getCpu))
  const postCpu = median(pairs.map((p) => p.postCpu))
  report('GET /api/health (median)', `${median(pairs.map((p) => p.get.rps)).toFixed(0)} req/s`)
  report('POST /api/responses (median)', `${median(pairs.map((p) => p.post.rps)).toFixed(0)} req/s`)
  report('POST ÷ GET health (median pair)', ratio.toFixed(3), { ok: ratio >= 0.35, text: '≥ 0.35' })
  report('POST p50 (median)', `${median(pairs.map((p) => p.post.p50)).toFixed(1)} ms`)
  report('POST p99 (worst pair)', `${p99.toFixed(1)} ms`, { ok: p99 <= 20, text: '≤ 20 ms' })
  // Less sensitive to the neighbours than req/s: what one request costs the server in CPU (not PostgreSQL's).
  report('server CPU per GET /api/health', `${(getCpu * 1000).toFixed(0)} µs`)
  report('server CPU per POST', `${(postCpu * 1000).toFixed(0)} µs`)
  if (server.store === 'postgres') report('PostgreSQL CPU per POST', `${(median(pairs.map((p) => p.postgresCpu)) * 1000).toFixed(0)} µs`)
  report('GET ÷ POST server CPU per request', (getCpu / postCpu).toFixed(3))
  report('rows stored = 200 answers', `${stored} = ${acknowledged}`, { ok: stored === acknowledged && failures === 0, text: 'equal, no failures' })
  if (failures > 0) {
    const statuses = pairs.flatMap((p) => [p.get.statuses, p.post.statuses])
    console.log(`  failures: ${failures}; answers: ${statuses.map((s) => JSON.stringify(s)).join(' ')}`)
  }
  return { ratio, p99 }
}

if (isMain(import.meta)) await writeThroughput()
