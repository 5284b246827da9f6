import { batchLatency } from './batch-latency'
import { clusterThroughput } from './cluster-throughput'
import { dashboardQueries } from './dashboard-queries'
import { firstPaintJs } from './first-paint-js'
import { lighthouseScores } from './lighthouse'
import { mixedLoad } from './mixed-load'
import { offlineFlush } from './offline-flush'
import { stopBenchPostgres } from './stores'
import { writeThroughput } from './write-throughput'

/**
 * Every benchmark, one after another (never two at once: on 2 cores they would measure each other). Each
 * starts its own server over a fresh database. The client benches read dist/: build first.
 */
const benches: [string, () => unknown][] = [
  ['a', writeThroughput],
  ['b', batchLatency],
  ['c', firstPaintJs],
  ['d', lighthouseScores],
  ['e', offlineFlush],
  ['f', dashboardQueries],
  ['g', mixedLoad],
  ['h', clusterThroughput],
]
const only = process.argv.slice(2)
let failed = false
for (const [key, bench] of benches) {
  if (only.length > 0 && !only.includes(key)) continue
  try {
    await bench()
  } catch (error) {
    failed = true
    console.error(`  [${key}] failed:`, error instanceof Error ? error.message : error)
  }
}
stopBenchPostgres()
process.exitCode = failed ? 1 : 0
