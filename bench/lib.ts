import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { uuidv7 } from 'uuidv7'
import { type BenchStore, createBenchDatabase, postgresCount } from './stores'

export const ROOT = join(import.meta.dirname, '..')
/** The built client the benches read and serve; BENCH_DIST points at another build, e.g. for a before/after. */
export const DIST = process.env.BENCH_DIST ?? join(ROOT, 'dist')

/** The flags every browser run uses: Debian's Chromium, headless, nothing talking to the network behind our back. */
export const CHROMIUM_PATH = '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}

export interface BenchServer {
  url: string
  store: BenchStore
  /** The SQLite file, or the PostgreSQL database's URL. */
  databaseUrl: string
  process: ChildProcess
  /** CPU time the server process has used so far (all its threads), in ms, from /proc. */
  cpuMs(): number
  /** Rows in `responses`, read through a connection of the bench's own (WAL lets SQLite's read while the server writes). */
  countResponses(): Promise<number>
  stop(): Promise<void>
}

/**
 * A freshly started server process, as production runs it: `node dist-server/server/index.js` over a
 * temporary database with the demo catalog — a SQLite file, or a new database in the run's PostgreSQL
 * (stores.ts). The rate limit and the cap on one address's connections are lifted (every request comes from
 * 127.0.0.1) and request logging is off, so none of them is what gets measured.
 */
export async function startServer(env: Record<string, string> = {}, store: BenchStore = 'sqlite'): Promise<BenchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-bench-'))
  const dbPath = join(dir, 'bench.sqlite')
  const databaseUrl = store === 'postgres' ? await createBenchDatabase() : `sqlite:${dbPath}`
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let log = ''
  // BENCH_SERVER_ENTRY runs another copy of the server (e.g. a checkout of the previous version) for an A/B.
  // A TypeScript entry (a checkout from before the server was compiled) is run through tsx.
  const entry = process.env.BENCH_SERVER_ENTRY ?? 'dist-server/server/index.js'
  const child = spawn(process.execPath, entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      RATE_LIMIT_PER_MINUTE: '10000000',
      // 100 connections from one address: the per-address cap (64) would close a third of them.
      MAX_CONNECTIONS_PER_ADDRESS: '1000',
      LOG_REQUESTS: 'false',
      STATIC_DIR: DIST,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (d: Buffer) => (log += d.toString()))
  child.stderr.on('data', (d: Buffer) => (log += d.toString()))
  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`)
    if (Date.now() > deadline) throw new Error(`server did not start within 30 s:\n${log}`)
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false)
    if (ok) break
    await sleep(100)
  }
  return {
    url,
    store,
    databaseUrl,
    process: child,
    cpuMs() {
      // Fields 14 and 15 of /proc/<pid>/stat: user and system time in clock ticks (100 a second on Linux).
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
      return (Number(fields[11]) + Number(fields[12])) * 10
    },
    async countResponses() {
      if (store === 'postgres') return postgresCount(databaseUrl, 'responses')
      const db = new Database(dbPath, { readonly: true, fileMustExist: true })
      try {
        return (db.prepare('SELECT COUNT(*) AS n FROM responses').get() as { n: number }).n
      } finally {
        db.close()
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        await new Promise<void>((resolve) => {
          child.once('exit', () => resolve())
          child.kill('SIGTERM')
        })
      }
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** A valid quick rating without a dossier, so any number of them can be stored; every call gives a new id. */
export function quickResponse(at = Date.now()) {
  return {
    id: uuidv7(),
    counter: 'HCC-01',
    questionnaire: { key: 'quick', version: 1 },
    answers: { overall: 'very_satisfied' },
    lang: 'vi',
    submittedAt: new Date(at).toISOString(),
  }
}

/** The two requests the throughput benches compare: a health check, and one new rating a request. */
export const HEALTH_GET = { method: 'GET', path: '/api/health' }
export const RATING_POST = {
  method: 'POST',
  path: '/api/responses',
  headers: { 'content-type': 'application/json' },
  newBody: () => JSON.stringify({ responses: [quickResponse()] }),
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

/** One line of a benchmark's report; `goal` is printed beside the figure with a pass/fail mark. */
export function report(name: string, figure: string, goal?: { ok: boolean; text: string }): void {
  const mark = goal ? `${goal.ok ? 'ok  ' : 'MISS'} (goal ${goal.text})` : ''
  console.log(`  ${name.padEnd(44)} ${figure.padStart(14)}  ${mark}`)
}

/** True when the module is the script node was started with, so each bench runs alone or from run-all. */
export function isMain(meta: ImportMeta): boolean {
  return process.argv[1] !== undefined && meta.filename === process.argv[1]
}
