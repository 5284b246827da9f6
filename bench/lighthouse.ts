import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { CHROMIUM_ARGS, CHROMIUM_PATH, DIST, isMain, median, report, ROOT, startServer } from './lib'

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 5)
const PAGE = '/q/HCC-01'

interface TableAudit<Item> {
  numericValue?: number
  errorMessage?: string
  details?: { items?: Item[] }
}

interface LighthouseJson {
  categories: {
    performance: { score: number | null; auditRefs: { id: string; weight: number }[] }
    accessibility: { score: number | null }
  }
  audits: Record<string, TableAudit<unknown>> & {
    'long-tasks'?: TableAudit<{ url: string; duration: number; startTime: number }>
    'bootup-time'?: TableAudit<{ url: string; total: number; scripting: number; scriptParseCompile: number }>
  }
}

/** A script's URL as the report prints it: the file name, the page itself or Lighthouse's "Unattributable". */
function shortUrl(url: string): string {
  if (!url.startsWith('http')) return url
  const { pathname } = new URL(url)
  return pathname.startsWith('/assets/') ? pathname.slice('/assets/'.length) : pathname
}

/**
 * Lighthouse's CLI (its default: a mobile device with simulated slow 4G and CPU slow-down) against the
 * built app served by the real server. Lighthouse itself suggests the median of several runs.
 */
async function lighthouse(url: string): Promise<LighthouseJson> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules/lighthouse/cli/index.js'),
      url,
      '--quiet',
      '--output=json',
      '--output-path=stdout',
      '--only-categories=performance,accessibility',
      `--chrome-flags=${CHROMIUM_ARGS.join(' ')}`,
    ],
    { env: { ...process.env, CHROME_PATH: CHROMIUM_PATH }, maxBuffer: 64 * 1024 * 1024 },
  )
  return JSON.parse(stdout) as LighthouseJson
}

/** The median of the runs that have the figure: a run without one (see below) is left out. */
function medianOf(values: (number | null | undefined)[]): number {
  return median(values.filter((v): v is number => typeof v === 'number'))
}

/** One run in a line: the score, TBT, and each long task (≥ 50 ms, as simulated under the CPU slow-down). */
function describeRun(run: LighthouseJson, index: number): string {
  const tasks = (run.audits['long-tasks']?.details?.items ?? []).map((t) => `${shortUrl(t.url)} ${t.duration.toFixed(0)}`)
  const tbt = run.audits['total-blocking-time']?.numericValue ?? Number.NaN
  // A metric Lighthouse could not measure leaves the score empty: say which, rather than print a 0.
  const failed = run.categories.performance.auditRefs
    .filter((ref) => ref.weight > 0 && run.audits[ref.id]?.errorMessage)
    .map((ref) => `${ref.id}: ${run.audits[ref.id]!.errorMessage!.replace(/^.*\((\w+)\)$/, '$1')}`)
  const score = run.categories.performance.score === null ? `no score (${failed.join(', ')})` : (run.categories.performance.score * 100).toFixed(0)
  return `run ${index + 1}: ${score}, TBT ${tbt.toFixed(0)} ms; long tasks (ms): ${tasks.join(', ') || 'none'}`
}

export async function lighthouseScores(): Promise<{ performance: number; accessibility: number; lcp: number; tbt: number }> {
  console.log(`\n[d] Lighthouse 12 (mobile) on ${PAGE}, built app on the real server, median of ${RUNS}`)
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: run `npx vite build` first')
  const server = await startServer()
  try {
    const runs: LighthouseJson[] = []
    for (let i = 0; i < RUNS; i++) {
      runs.push(await lighthouse(`${server.url}${PAGE}`))
      console.log(`  ${describeRun(runs[i]!, i)}`)
    }
    const numeric = (audit: string) => medianOf(runs.map((r) => r.audits[audit]?.numericValue))
    const score = (of: (r: LighthouseJson) => number | null) => medianOf(runs.map((r) => (of(r) === null ? null : of(r)! * 100)))
    const performance = score((r) => r.categories.performance.score)
    const accessibility = score((r) => r.categories.accessibility.score)
    const lcp = numeric('largest-contentful-paint')
    const tbt = numeric('total-blocking-time')
    const unscored = runs.filter((r) => r.categories.performance.score === null).length
    if (unscored > 0) report('runs without a performance score', `${unscored} of ${runs.length}`, { ok: false, text: 'none' })
    report('performance score', performance.toFixed(0), { ok: performance >= 95, text: '≥ 95' })
    report('accessibility score', accessibility.toFixed(0), { ok: accessibility >= 100, text: '100' })
    report('total blocking time', `${tbt.toFixed(0)} ms`, { ok: tbt <= 200, text: '≤ 200 ms' })
    report('largest contentful paint', `${(lcp / 1000).toFixed(2)} s`, { ok: lcp <= 1500, text: '≤ 1.5 s' })
    report('first contentful paint', `${(numeric('first-contentful-paint') / 1000).toFixed(2)} s`)
    report('long tasks, median count', median(runs.map((r) => r.audits['long-tasks']?.details?.items?.length ?? 0)).toFixed(0))
    report('longest task, median', `${median(runs.map((r) => Math.max(0, ...(r.audits['long-tasks']?.details?.items ?? []).map((t) => t.duration)))).toFixed(0)} ms`)
    // Main-thread time per script (evaluation, parse and compile), the run with the median TBT's.
    const middle = [...runs].sort((a, b) => (a.audits['total-blocking-time']?.numericValue ?? 0) - (b.audits['total-blocking-time']?.numericValue ?? 0))[runs.length >> 1]!
    for (const script of middle.audits['bootup-time']?.details?.items ?? []) {
      report(`  script time: ${shortUrl(script.url)}`, `${script.scripting.toFixed(0)} + ${script.scriptParseCompile.toFixed(0)} ms`)
    }
    report('LCP ÷ goal', (lcp / 1500).toFixed(2))
    report('TBT ÷ goal', (tbt / 200).toFixed(2))
    return { performance, accessibility, lcp, tbt }
  } finally {
    await server.stop()
  }
}

if (isMain(import.meta)) await lighthouseScores()
