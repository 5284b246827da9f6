import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AxeBuilder } from '@axe-core/playwright'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { openStore } from '../../server/store/open-store'
import type { Store } from '../../server/store/store'
import { createTestDatabase, type TestDatabase } from '../support/postgres-database'
import { storeCount, storeSql, type SqlRows } from '../support/store-sql'

const ROOT = join(import.meta.dirname, '..', '..')

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

/** A cheap Android phone's screen, as the citizen pages are tested on. */
export const MOBILE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true })
}

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

/**
 * The store the servers of this run use: SQLite unless HAILONG_TEST_STORE=postgres (the `e2e-postgres`
 * project of vitest.config.ts), which gives each server a fresh database in the run's throw-away cluster.
 */
export const e2eStore: 'sqlite' | 'postgres' = process.env.HAILONG_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite'

export interface RunningServer {
  url: string
  port: number
  /** The server's DATABASE_URL: `sqlite:<file in dir>`, or `postgres://…` a database of its own. */
  databaseUrl: string
  /** The SQLite file, for checks only SQLite has (its integrity check); undefined on PostgreSQL. */
  sqlitePath: string | undefined
  dir: string
  process: ChildProcess
  /** Stops the process (SIGKILL simulates a crash or power cut) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>
  /** Starts the server again on the same port and database; `env` changes its environment from then on (e.g. another STATIC_DIR, a deploy). */
  restart(env?: Record<string, string>): Promise<void>
  cleanup(): Promise<void>
  output(): string
  /** SQL on the server's database beside it, on either store: `?` parameters, SQL both dialects read alike. */
  sql(sql: string, ...params: unknown[]): Promise<SqlRows>
  /** Rows of a table, with an optional WHERE clause in the same terms as sql. */
  count(table: string, where?: string, ...params: unknown[]): Promise<number>
  /** The store beside the running server, as `npm run create-admin` opens it; the caller closes it. */
  openStore(): Store
}

// Generous: on a shared 2-core machine under load, a server run through tsx was seen to need over 30 s to start.
async function waitForHealth(url: string, child: ChildProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`)
    try {
      const res = await fetch(`${url}/api/health`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`server did not answer ${url}/api/health within ${timeoutMs} ms`)
}

/** The compiled server, as `npm start` runs it (`npm run build` writes it). */
const SERVER_ENTRY = join(ROOT, 'dist-server', 'server', 'index.js')

/**
 * Starts the real server (`node dist-server/server/index.js`) over a new database with the demo catalog: a
 * temporary SQLite file, or a fresh PostgreSQL database when the run is on that store (e2eStore).
 */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  // STATIC_DIR (passed on to the server) lets a build elsewhere be tested while dist/ is being rebuilt.
  const staticDir = env.STATIC_DIR ?? process.env.STATIC_DIR ?? join(ROOT, 'dist')
  if (!existsSync(join(staticDir, 'index.html'))) {
    throw new Error(`${staticDir} has no index.html: run \`npm run build\` first (npm test does it)`)
  }
  if (!existsSync(SERVER_ENTRY)) throw new Error(`${SERVER_ENTRY} is missing: run \`npm run build\` first (npm test does it)`)
  const dir = mkdtempSync(join(tmpdir(), 'hailong-e2e-'))
  const database: TestDatabase | undefined = e2eStore === 'postgres' ? await createTestDatabase() : undefined
  const sqlitePath = database ? undefined : join(dir, 'e2e.sqlite')
  const databaseUrl = database?.url ?? `sqlite:${sqlitePath}`
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let log = ''
  let child!: ChildProcess
  let launchEnv = env
  const launch = async (changes: Record<string, string> = {}) => {
    launchEnv = { ...launchEnv, ...changes }
    child = spawn(process.execPath, [SERVER_ENTRY], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: databaseUrl, LOG_REQUESTS: 'false', RATE_LIMIT_PER_MINUTE: '100000', UPLOAD_ITEMS_PER_HOUR_PER_ADDRESS: '100000', ...launchEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()))
    await waitForHealth(url, child)
  }
  try {
    await launch()
  } catch (error) {
    child.kill('SIGKILL')
    await database?.drop()
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`${error instanceof Error ? error.message : String(error)}; its output:\n${log}`, { cause: error })
  }
  const server: RunningServer = {
    url,
    port,
    databaseUrl,
    sqlitePath,
    dir,
    get process() {
      return child
    },
    async kill(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill(signal)
      })
    },
    restart: launch,
    async cleanup() {
      await server.kill('SIGKILL')
      await database?.drop()
      rmSync(dir, { recursive: true, force: true })
    },
    output: () => log,
    sql: (sql, ...params) => storeSql(databaseUrl, sql, params),
    count: (table, where, ...params) => storeCount(databaseUrl, table, where, params),
    openStore: () => openStore({ DATABASE_URL: databaseUrl }),
  }
  return server
}

/**
 * Starts the real server (with `env`) and Chromium before the tests of the file that calls it, and stops both
 * after them. Read `server` and `browser` inside the tests: they are set once the file's beforeAll has run.
 */
export function serverAndBrowser(env: Record<string, string> = {}): { server: RunningServer; browser: Browser } {
  const running = {} as { server: RunningServer; browser: Browser }
  beforeAll(async () => {
    running.server = await startServer(env)
    running.browser = await launchBrowser()
  })
  afterAll(async () => {
    await running.browser?.close()
    await running.server?.cleanup()
  })
  return running
}

/** The demo accounts' shared password, as `npm start` prints it (made at random for each database). */
export async function demoPassword(server: RunningServer): Promise<string> {
  const [row] = await server.sql("SELECT value FROM meta WHERE key = 'demo_staff_password'")
  if (typeof row?.value !== 'string') throw new Error('the database has no demo staff password')
  return row.value
}

/** axe-core on the page as it stands: no violation, each one named with `what` and its elements if any. */
export async function expectNoAxeViolations(page: Page, what: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze()
  const found = result.violations.map((v) => `${what}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
  expect(found).toEqual([])
}

/**
 * Opens `next` signed out, which must send the browser to the staff sign-in page; signs in there as
 * `username` (demo password) and waits to be brought back to `next`.
 */
export async function signInFrom(context: BrowserContext, server: RunningServer, next: string, username: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${server.url}${next}`)
  await page.waitForURL(/\/staff\/sign-in\?/)
  await page.getByTestId('sign-in-username').fill(username)
  await page.getByTestId('sign-in-password').fill(await demoPassword(server))
  await page.getByTestId('sign-in-submit').click()
  await page.waitForURL(`${server.url}${next}`)
  return page
}

/**
 * Until the service worker has precached the app (its lazy chunks included) and controls the page, a chunk
 * fetched offline fails. The worker takes control at the next navigation (it does not claim open pages), so
 * the page is reloaded once it is active. Polled through page.evaluate, which awaits the check
 * (waitForFunction would take the promise an async check returns for a truthy answer).
 */
export async function controlledByServiceWorker(page: Page): Promise<void> {
  const check = (what: 'active' | 'controller') =>
    page.evaluate(async (w) => {
      const registration = await navigator.serviceWorker.getRegistration()
      return w === 'active' ? registration?.active?.state === 'activated' : navigator.serviceWorker.controller !== null
    }, what)
  await expect.poll(() => check('active'), { timeout: 30_000 }).toBe(true)
  if (!(await check('controller'))) await page.reload()
  await expect.poll(() => check('controller'), { timeout: 30_000 }).toBe(true)
}

/** A real small JPEG, drawn by the browser, so that the thumbnail shows a picture. */
export async function jpegBase64(page: Page): Promise<string> {
  return page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 320
    canvas.height = 240
    const g = canvas.getContext('2d')!
    g.fillStyle = '#0b5394'
    g.fillRect(0, 0, 320, 240)
    g.fillStyle = '#ffd966'
    g.fillRect(40, 60, 240, 120)
    return canvas.toDataURL('image/jpeg', 0.8).split(',')[1]!
  })
}
