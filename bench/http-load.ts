import autocannon, { type Request } from 'autocannon'
import { percentile } from './lib'

export interface LoadResult {
  requests: number
  ok: number
  /** Completed requests a second, from the first request sent to the last response received. */
  rps: number
  p50: number
  p99: number
  failures: number
}

/**
 * autocannon with a fixed number of requests (not a duration), so every request sent is answered before it
 * returns: a duration run stops with requests in flight, which the server may still store. Throughput and
 * latency are computed here from each response's time rather than from autocannon's per-second samples, which
 * a partial last second would skew.
 */
export async function load(url: string, request: Request, amount: number, connections = 100): Promise<LoadResult> {
  const latencies: number[] = []
  let last = 0
  const started = performance.now()
  const instance = autocannon({ url, connections, amount, timeout: 30, requests: [request] })
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => {
    latencies.push(responseTime)
    last = performance.now()
  })
  const result = await instance
  const ok = result.statusCodeStats['200']?.count ?? 0
  return {
    requests: latencies.length,
    ok,
    rps: latencies.length / ((last - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures: result.errors + result.timeouts + result.non2xx,
  }
}

/** A short run to warm the server's JIT and learn the rate, so the measured run can be sized to a duration. */
export async function calibrate(url: string, request: Request, seconds: number): Promise<number> {
  let count = 0
  const started = performance.now()
  const instance = autocannon({ url, connections: 100, duration: seconds, requests: [request] })
  instance.on('response', () => count++)
  await instance
  return count / ((performance.now() - started) / 1000)
}
