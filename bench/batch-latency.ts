import { isMain, median, percentile, quickResponse, report, startServer } from './lib'
import { type BenchStore, benchStores } from './stores'

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40)
const BATCH = 500

async function timePost(url: string, count: number): Promise<number> {
  const body = JSON.stringify({ responses: Array.from({ length: count }, () => quickResponse()) })
  const started = performance.now()
  const res = await fetch(`${url}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
  const { results } = (await res.json()) as { results: { status: string }[] }
  const elapsed = performance.now() - started
  if (res.status !== 200 || results.some((r) => r.status !== 'stored')) throw new Error(`batch not stored: ${res.status}`)
  return elapsed
}

/**
 * One device catching up: a 500-item batch, sent alone, timed from the request to the acknowledgement
 * (which the server gives only after the fsync). Beside it, a 1-item POST timed the same way in the same run.
 * On each store of the run (stores.ts).
 */
export async function batchLatency(): Promise<Record<string, { median: number }>> {
  const results: Record<string, { median: number }> = {}
  for (const store of benchStores()) results[store] = await batchLatencyOn(store)
  if (results.sqlite && results.postgres) {
    console.log('\n[b] PostgreSQL beside SQLite, same run')
    report(`${BATCH}-item batch median: PostgreSQL ÷ SQLite`, (results.postgres.median / results.sqlite.median).toFixed(2))
  }
  return results
}

async function batchLatencyOn(store: BenchStore): Promise<{ median: number }> {
  console.log(`\n[b] ${store}: ${BATCH}-item batch, time to a durable acknowledgement (${ROUNDS} rounds, one at a time)`)
  const server = await startServer({}, store)
  try {
    for (let i = 0; i < 5; i++) await timePost(server.url, BATCH) // warm-up
    const batch: number[] = []
    const single: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      batch.push(await timePost(server.url, BATCH))
      single.push(await timePost(server.url, 1))
    }
    const m = median(batch)
    report(`${BATCH}-item batch median`, `${m.toFixed(1)} ms`, { ok: m <= 20, text: '≤ 20 ms' })
    report(`${BATCH}-item batch p90`, `${percentile(batch, 90).toFixed(1)} ms`)
    report('1-item POST median', `${median(single).toFixed(1)} ms`)
    report(`${BATCH}-item ÷ 1-item (same run)`, (m / median(single)).toFixed(1))
    return { median: m }
  } finally {
    await server.stop()
  }
}

if (isMain(import.meta)) await batchLatency()
