import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { CHROMIUM_ARGS, CHROMIUM_PATH, DIST, isMain, median, report, ROOT, startServer } from './lib'

const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3)
const PAGE = '/q/HCC-01'

interface LighthouseJson {
  categories: { performance: { score: number }; accessibility: { score: number } }
  audits: Record<string, { numericValue?: number }>
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

export async function lighthouseScores(): Promise<{ performance: number; accessibility: number; lcp: number }> {
  console.log(`\n[d] Lighthouse 12 (mobile) on ${PAGE}, built app on the real server, median of ${RUNS}`)
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: run `npx vite build` first')
  const server = await startServer()
  try {
    const runs: LighthouseJson[] = []
    for (let i = 0; i < RUNS; i++) runs.push(await lighthouse(`${server.url}${PAGE}`))
    const performance = median(runs.map((r) => r.categories.performance.score * 100))
    const accessibility = median(runs.map((r) => r.categories.accessibility.score * 100))
    const lcp = median(runs.map((r) => r.audits['largest-contentful-paint']?.numericValue ?? Number.NaN))
    const fcp = median(runs.map((r) => r.audits['first-contentful-paint']?.numericValue ?? Number.NaN))
    report('performance score', performance.toFixed(0), { ok: performance >= 100, text: '100' })
    report('accessibility score', accessibility.toFixed(0), { ok: accessibility >= 100, text: '100' })
    report('largest contentful paint', `${(lcp / 1000).toFixed(2)} s`, { ok: lcp <= 1500, text: '≤ 1.5 s' })
    report('first contentful paint', `${(fcp / 1000).toFixed(2)} s`)
    report('LCP ÷ goal', (lcp / 1500).toFixed(2))
    return { performance, accessibility, lcp }
  } finally {
    await server.stop()
  }
}

if (isMain(import.meta)) await lighthouseScores()
