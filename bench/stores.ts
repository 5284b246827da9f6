import { Client } from 'pg'
import { postgresBinDir } from '../deploy/postgres-binaries'
import { type Cluster, startCluster } from '../deploy/postgres-cluster'

export type BenchStore = 'sqlite' | 'postgres'

/**
 * The stores a bench runs on: `BENCH_STORE` = sqlite, postgres or both (the default when PostgreSQL is
 * installed). Both in one run, so that their figures are compared on the same machine at the same moment.
 */
export function benchStores(): BenchStore[] {
  const wanted = process.env.BENCH_STORE ?? (postgresBinDir() ? 'both' : 'sqlite')
  if (wanted === 'both') return ['sqlite', 'postgres']
  if (wanted === 'sqlite' || wanted === 'postgres') return [wanted]
  throw new Error(`BENCH_STORE must be sqlite, postgres or both, not ${wanted}`)
}

let cluster: Cluster | undefined
let databases = 0

/**
 * A fresh database in the run's throw-away PostgreSQL, started on first use with PostgreSQL's durable
 * defaults (fsync, synchronous commit): an acknowledgement costs a WAL flush there as it costs an fsync on
 * SQLite, or the comparison would flatter PostgreSQL.
 */
export async function createBenchDatabase(): Promise<string> {
  if (!cluster) {
    const bin = postgresBinDir()
    if (!bin) throw new Error('PostgreSQL not installed (apt-get install postgresql), or run with BENCH_STORE=sqlite')
    cluster = startCluster(bin, { durable: true })
    process.once('exit', stopBenchPostgres)
  }
  const name = `bench_${++databases}`
  const admin = new Client({ connectionString: cluster.adminUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(cluster.adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** Stops the run's PostgreSQL, if one was started; also done when the process exits. */
export function stopBenchPostgres(): void {
  const running = cluster
  cluster = undefined
  running?.stop()
}

/** Rows in a table of a PostgreSQL database, through a connection of its own. */
export async function postgresCount(url: string, table: string): Promise<number> {
  const client = new Client({ connectionString: url })
  await client.connect()
  try {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)
    return Number(rows[0]!.n)
  } finally {
    await client.end()
  }
}
