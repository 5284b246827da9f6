import { calibrate, load, type LoadResult } from './http-load'
import { isMain, median, quickResponse, report, sleep, startServer } from './lib'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5)
const CONNECTIONS = 100

/**
 * POST /api/responses with one response per request (a new id and body every time), 100 connections,
 * against a freshly started server; throughput as a ratio to GET /api/health on the same server in the same
 * run. The two are measured in pairs, one right after the other, `PAIRS` times: a neighbour's burst on this
 * shared machine then spoils one pair, not the figure, which is the median pair's ratio (every pair is
 * printed). Afterwards the rows in SQLite must equal the 200 answers: each acknowledgement stored exactly one
 * row.
 */
export async function writeThroughput(): Promise<{ ratio: number; p99: number }> {
  console.log(`\n[a] POST /api/responses, one response a request, ${CONNECTIONS} connections (${PAIRS} pairs of ~${SECONDS} s runs)`)
  const server = await startServer()
  try {
    const health = { method: 'GET', path: '/api/health' }
    const post = {
      method: 'POST',
      path: '/api/responses',
      headers: { 'content-type': 'application/json' },
      newBody: () => JSON.stringify({ responses: [quickResponse()] }),
    }
    const healthRate = await calibrate(server.url, health, 2)
    const postRate = await calibrate(server.url, post, 2)
    await sleep(500) // requests cut off when the warm-up stopped may still be committing
    const before = server.countResponses()

    const pairs: { get: LoadResult; post: LoadResult; getCpu: number; postCpu: number }[] = []
    for (let i = 0; i < PAIRS; i++) {
      let cpu = server.cpuMs()
      const get = await load(server.url, health, Math.ceil(healthRate * SECONDS), CONNECTIONS)
      const getCpu = (server.cpuMs() - cpu) / get.requests
      cpu = server.cpuMs()
      const posted = await load(server.url, post, Math.ceil(postRate * SECONDS), CONNECTIONS)
      pairs.push({ get, post: posted, getCpu, postCpu: (server.cpuMs() - cpu) / posted.requests })
      report(`pair ${i + 1}: POST ÷ GET (${posted.rps.toFixed(0)} ÷ ${get.rps.toFixed(0)} req/s)`, (posted.rps / get.rps).toFixed(3))
    }
    const stored = server.countResponses() - before
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
    // Less sensitive to the neighbours than req/s: what one request costs the server in CPU.
    report('server CPU per GET /api/health', `${(getCpu * 1000).toFixed(0)} µs`)
    report('server CPU per POST', `${(postCpu * 1000).toFixed(0)} µs`)
    report('GET ÷ POST server CPU per request', (getCpu / postCpu).toFixed(3))
    report('rows stored = 200 answers', `${stored} = ${acknowledged}`, { ok: stored === acknowledged && failures === 0, text: 'equal, no failures' })
    if (failures > 0) console.log(`  failures: ${failures}`)
    return { ratio, p99 }
  } finally {
    await server.stop()
  }
}

if (isMain(import.meta)) await writeThroughput()
