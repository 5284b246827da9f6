import { readFileSync } from 'node:fs'
import { join } from 'node:path'
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

/** user + system time of /proc/<pid>/stat, in ms, with that of its children reaped so far (`reaped`). */
function processCpuMs(pid: number, reaped: boolean): number {
  // After the command's closing parenthesis: fields 14–17 of stat (utime, stime, cutime, cstime), in ticks of 10 ms.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  const own = Number(fields[11]) + Number(fields[12])
  return (reaped ? own + Number(fields[13]) + Number(fields[14]) : own) * 10
}

/**
 * CPU time the run's PostgreSQL has used so far, in ms: the postmaster, its live processes (one per
 * connection, and the background writers) and those that have ended. What a store on PostgreSQL costs beside
 * the server's own CPU, so that the two stores' cost per request can be compared whole.
 */
export function postgresCpuMs(): number {
  if (!cluster) return 0
  const dir = new URL(cluster.adminUrl).searchParams.get('host')!
  const postmaster = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0])
  let total = processCpuMs(postmaster, true)
  for (const child of readFileSync(`/proc/${postmaster}/task/${postmaster}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
    try {
      total += processCpuMs(Number(child), false)
    } catch {
      // ended between the two reads: its time is in the postmaster's reaped children from now on
    }
  }
  return total
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
