import autocannon, { type Client, type Request } from 'autocannon'
import { percentile } from './lib'

export interface LoadResult {
  requests: number
  ok: number
  /** Completed requests a second, from the start of the run to the last response received. */
  rps: number
  p50: number
  p99: number
  failures: number
  /** Answers by status code, and `errors` / `timeouts` for requests that got none. */
  statuses: Record<string, number>
}

/** A request to load the server with: fixed, or with a new body for every request sent. */
export interface LoadRequest {
  method: string
  path: string
  headers?: Record<string, string>
  /** Called once per request to be sent, before the run: each request carries its own body. */
  newBody?: () => string
}

/**
 * Each connection's requests, built before the run. autocannon can also make a body per request while it
 * runs (setupRequest), but it then rebuilds the whole request from its options, about 12 µs a request in
 * this generator, on the same two cores as the server it measures. With `amount`, autocannon gives every
 * connection an exact share, so each gets that many distinct requests up front.
 */
function options(url: string, request: LoadRequest, connections: number, amount?: number) {
  const { newBody, ...fixed } = request
  if (!newBody) return { url, connections, requests: [fixed] }
  if (amount === undefined) {
    // Sized by time, not by count: the bodies are made as the run goes (only to warm up and learn the rate).
    return { url, connections, requests: [{ ...fixed, setupRequest: (req: Request) => ({ ...req, body: newBody() }) }] }
  }
  const share = Math.ceil(amount / connections)
  // Dealt out in turn, so that the bodies sent at about the same time were made at about the same time, as
  // on real devices: a body made later carries a later UUID v7, and ids arriving in order append to the index.
  const perConnection: Request[][] = Array.from({ length: connections }, () => [])
  for (let i = 0; i < share * connections; i++) perConnection[i % connections]!.push({ ...fixed, body: newBody() })
  let next = 0
  return {
    url,
    connections,
    amount,
    requests: [{ ...fixed, body: newBody() }],
    setupClient: (client: Client) => client.setRequests(perConnection[next++]!),
  }
}

/**
 * autocannon with a fixed number of requests (not a duration), so every request sent is answered before it
 * returns: a duration run stops with requests in flight, which the server may still store. Throughput and
 * latency are computed here from each response's time rather than from autocannon's per-second samples, which
 * a partial last second would skew. The clock starts once autocannon has set up its connections' requests.
 */
export async function load(url: string, request: LoadRequest, amount: number, connections = 100): Promise<LoadResult> {
  const latencies: number[] = []
  let last = 0
  const instance = autocannon({ ...options(url, request, connections, amount), amount, timeout: 30 })
  const started = performance.now()
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
    statuses: {
      ...Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count])),
      ...(result.errors > 0 ? { errors: result.errors } : {}),
      ...(result.timeouts > 0 ? { timeouts: result.timeouts } : {}),
    },
  }
}

/** A short run to warm the server's JIT and learn the rate, so the measured run can be sized to a duration. */
export async function calibrate(url: string, request: LoadRequest, seconds: number): Promise<number> {
  let count = 0
  const instance = autocannon({ ...options(url, request, 100), duration: seconds })
  const started = performance.now()
  instance.on('response', () => count++)
  await instance
  return count / ((performance.now() - started) / 1000)
}
