import { calibrate, load } from './http-load'
import { isMain, quickResponse, report, sleep, startServer } from './lib'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = 100

/**
 * POST /api/responses with one response per request (a new id and body every time), 100 connections,
 * against a freshly started server; throughput as a ratio to GET /api/health on the same server in the same
 * run. Afterwards the rows in SQLite must equal the 200 answers: each acknowledgement stored exactly one row.
 */
export async function writeThroughput(): Promise<{ ratio: number; p99: number }> {
  console.log(`\n[a] POST /api/responses, one response a request, ${CONNECTIONS} connections (~${SECONDS} s a run)`)
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
    let cpu = server.cpuMs()
    const healthRun = await load(server.url, health, Math.ceil(healthRate * SECONDS), CONNECTIONS)
    const healthCpu = (server.cpuMs() - cpu) / healthRun.requests

    const postRate = await calibrate(server.url, post, 2)
    await sleep(500) // requests cut off when the warm-up stopped may still be committing
    const before = server.countResponses()
    cpu = server.cpuMs()
    const postRun = await load(server.url, post, Math.ceil(postRate * SECONDS), CONNECTIONS)
    const postCpu = (server.cpuMs() - cpu) / postRun.requests
    const stored = server.countResponses() - before

    const ratio = postRun.rps / healthRun.rps
    report('GET /api/health', `${healthRun.rps.toFixed(0)} req/s`)
    report('GET /api/health p99', `${healthRun.p99.toFixed(1)} ms`)
    report('POST /api/responses', `${postRun.rps.toFixed(0)} req/s`)
    report('POST ÷ GET health (same run)', ratio.toFixed(3), { ok: ratio >= 0.35, text: '≥ 0.35' })
    report('POST p50', `${postRun.p50.toFixed(1)} ms`)
    report('POST p99', `${postRun.p99.toFixed(1)} ms`, { ok: postRun.p99 <= 20, text: '≤ 20 ms' })
    report('POST p99 ÷ GET health p99', (postRun.p99 / healthRun.p99).toFixed(2))
    // Less sensitive to the neighbours than req/s: what one request costs the server in CPU.
    report('server CPU per GET /api/health', `${(healthCpu * 1000).toFixed(0)} µs`)
    report('server CPU per POST', `${(postCpu * 1000).toFixed(0)} µs`)
    report('GET ÷ POST server CPU per request', (healthCpu / postCpu).toFixed(3))
    report('rows stored = 200 answers', `${stored} = ${postRun.ok}`, { ok: stored === postRun.ok && postRun.failures === 0, text: 'equal, no failures' })
    if (postRun.failures + healthRun.failures > 0) console.log(`  failures: GET ${healthRun.failures}, POST ${postRun.failures}`)
    return { ratio, p99: postRun.p99 }
  } finally {
    await server.stop()
  }
}

if (isMain(import.meta)) await writeThroughput()
