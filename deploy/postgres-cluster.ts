import { execFileSync } from 'node:child_process'
import { chownSync, mkdtempSync, rmSync } from 'node:fs'
import { userInfo } from 'node:os'
import { join } from 'node:path'

/** The cluster's port only names its socket file: it listens on no TCP port at all (see start). */
const PORT = 5432

export interface Cluster {
  /** Superuser URL of the `postgres` database, over the cluster's unix socket. */
  adminUrl: string
  stop: () => void
}

/**
 * initdb refuses to run as root, and the tests run as root in CI (as may `npm run cluster`): then the cluster's programs run as the
 * `postgres` user that Debian's package creates, in a directory that user owns.
 */
function asClusterOwner(bin: string, program: string, args: string[]): void {
  const command = join(bin, program)
  if (userInfo().uid === 0) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' })
  else execFileSync(command, args, { stdio: 'pipe' })
}

export interface ClusterOptions {
  /**
   * Keep PostgreSQL's durable defaults (fsync, synchronous commit, full page writes) — for the benches, which
   * compare it with SQLite's durable acknowledgements. Without it the cluster skips fsync and waits for no WAL
   * flush: the tests check behaviour, not durability, and run faster so.
   */
  durable?: boolean
}

/**
 * A throw-away PostgreSQL cluster in a temporary directory, for one test run, one bench run or one `npm run
 * cluster` (see cluster.ts). It listens only on a unix socket in its own directory, so that it can neither
 * collide with a port in use nor be reached from elsewhere.
 */
export function startCluster(bin: string, { durable = false }: ClusterOptions = {}): Cluster {
  const dir = mkdtempSync('/tmp/hailong-pg-')
  if (userInfo().uid === 0) {
    const owner = execFileSync('id', ['-u', 'postgres']).toString().trim()
    const group = execFileSync('id', ['-g', 'postgres']).toString().trim()
    chownSync(dir, Number(owner), Number(group))
  }
  const data = join(dir, 'data')
  const log = join(dir, 'log')
  try {
    asClusterOwner(bin, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'])
    const options = [
      `-p ${PORT}`,
      `-k ${dir}`,
      "-c listen_addresses=''",
      ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
      '-c max_connections=200',
    ].join(' ')
    asClusterOwner(bin, 'pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', 'start'])
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  return {
    adminUrl: `postgresql://postgres@localhost:${PORT}/postgres?host=${encodeURIComponent(dir)}`,
    stop() {
      try {
        asClusterOwner(bin, 'pg_ctl', ['-D', data, '-m', 'immediate', 'stop'])
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
