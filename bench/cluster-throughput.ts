import { startLocalCluster } from '../deploy/cluster'
import { calibrate, load } from './http-load'
import { freePort, HEALTH_GET as health, isMain, median, RATING_POST as post, report, sleep } from './lib'
import { postgresCount } from './stores'

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const RUNS = Number(process.env.BENCH_CLUSTER_RUNS ?? 3)
const CONNECTIONS = 100

interface ClusterFigures {
  post: number
  get: number
}

/**
 * `npm run cluster`'s set-up (nginx in front of the instances, one PostgreSQL with its durable defaults) with
 * one instance, then with two: POST /api/responses (one new response a request) and GET /api/health through
 * nginx, `RUNS` runs of ~`SECONDS` s each, medians. Every acknowledged rating must be a row.
 */
async function throughput(instances: number): Promise<ClusterFigures> {
  console.log(`\n[h] ${instances} instance${instances > 1 ? 's' : ''} behind nginx, one PostgreSQL, ${CONNECTIONS} connections (${RUNS} runs of ~${SECONDS} s)`)
  const port = await freePort()
  const instancePorts: number[] = []
  for (let i = 0; i < instances; i++) instancePorts.push(await freePort())
  const cluster = await startLocalCluster({
    instances,
    port,
    instancePorts,
    durable: true,
    quiet: true,
    // Every request comes from 127.0.0.1: the rate limit is lifted, as for the other benches.
    env: { RATE_LIMIT_PER_MINUTE: '10000000', LOG_REQUESTS: 'false' },
  })
  try {
    const getRate = await calibrate(cluster.url, health, 2)
    const postRate = await calibrate(cluster.url, post, 2)
    await sleep(500)
    const before = await postgresCount(cluster.databaseUrl, 'responses')
    const gets: number[] = []
    const posts: number[] = []
    let acknowledged = 0
    let failures = 0
    for (let i = 0; i < RUNS; i++) {
      const get = await load(cluster.url, health, Math.ceil(getRate * SECONDS), CONNECTIONS)
      const posted = await load(cluster.url, post, Math.ceil(postRate * SECONDS), CONNECTIONS)
      gets.push(get.rps)
      posts.push(posted.rps)
      acknowledged += posted.ok
      failures += posted.failures + get.failures
      report(`run ${i + 1}: POST, GET`, `${posted.rps.toFixed(0)}, ${get.rps.toFixed(0)} req/s`)
    }
    const stored = (await postgresCount(cluster.databaseUrl, 'responses')) - before
    const figures = { post: median(posts), get: median(gets) }
    report('POST /api/responses (median)', `${figures.post.toFixed(0)} req/s`)
    report('GET /api/health (median)', `${figures.get.toFixed(0)} req/s`)
    report('rows stored = acknowledged', `${stored} = ${acknowledged}`, { ok: stored === acknowledged && failures === 0, text: 'equal, no failures' })
    return figures
  } finally {
    await cluster.stop()
  }
}

/**
 * Two instances against one, in the same run. On this 2-core machine nginx, PostgreSQL, the instances and the
 * load generator share the same two cores, so the ratio shows what a second instance costs or gains here;
 * on separate machines each instance brings its own cores.
 */
export async function clusterThroughput(): Promise<{ one: ClusterFigures; two: ClusterFigures }> {
  const one = await throughput(1)
  const two = await throughput(2)
  console.log('\n[h] two instances beside one, same run')
  report('POST req/s: two instances ÷ one', (two.post / one.post).toFixed(2))
  report('GET req/s: two instances ÷ one', (two.get / one.get).toFixed(2))
  return { one, two }
}

if (isMain(import.meta)) await clusterThroughput()
