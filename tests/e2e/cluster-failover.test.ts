import { execFileSync } from 'node:child_process'
import { Client } from 'pg'
import { uuidv7 } from 'uuidv7'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LocalCluster, startLocalCluster } from '../../deploy/cluster'
import { postgresBinDir, POSTGRES_MISSING } from '../../deploy/postgres-binaries'
import { freePort } from './harness'

/**
 * Two instances behind nginx on one PostgreSQL (`npm run cluster`), one killed under load: every rating a
 * device was told is stored is in the database, and the devices' resends (same id) land on the other.
 */
const nginx = (() => {
  try {
    execFileSync('nginx', ['-v'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
})()
const missing = !postgresBinDir() ? POSTGRES_MISSING : !nginx ? 'nginx not installed: apt-get install nginx' : undefined
if (missing) console.error(`cluster-failover: ${missing}`)

const DEVICES = 8
const PER_DEVICE = 40

function rating() {
  return { id: uuidv7(), counter: 'HCC-01', questionnaire: { key: 'quick', version: 1 }, answers: { overall: 'satisfied' }, lang: 'vi', submittedAt: new Date().toISOString() }
}

describe.skipIf(missing !== undefined)(missing ?? 'two instances behind nginx, one killed under load', () => {
  let cluster: LocalCluster
  beforeAll(async () => {
    cluster = await startLocalCluster({
      instances: 2,
      port: await freePort(),
      instancePorts: [await freePort(), await freePort()],
      env: { RATE_LIMIT_PER_MINUTE: '1000000', LOG_REQUESTS: 'false', SEED_DEMO: 'true' },
    })
  })
  afterAll(async () => {
    await cluster?.stop()
  })

  it('loses no acknowledged rating when one instance dies: what was in flight is sent again to the other', async () => {
    const acknowledged = new Set<string>()
    let failures = 0
    let sent = 0
    let killed: Promise<void> | undefined
    /** A device: each rating sent until the server acknowledges it, resent with its id after a failure. */
    async function device() {
      for (let n = 0; n < PER_DEVICE; n++) {
        const item = rating()
        for (;;) {
          sent++
          // A third of the way in, the first instance dies as a crash would.
          if (!killed && sent > (DEVICES * PER_DEVICE) / 3) killed = cluster.kill(0, 'SIGKILL')
          try {
            const res = await fetch(`${cluster.url}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ responses: [item] }) })
            if (res.ok) {
              const [result] = ((await res.json()) as { results: { status: string }[] }).results
              if (result?.status === 'stored' || result?.status === 'duplicate') {
                acknowledged.add(item.id)
                break
              }
            }
          } catch {
            // the connection dropped: resend, as the outbox does
          }
          failures++
          await new Promise((r) => setTimeout(r, 50))
        }
      }
    }
    await Promise.all(Array.from({ length: DEVICES }, device))
    await killed
    expect(cluster.instances[0]!.signalCode).toBe('SIGKILL')
    expect(acknowledged.size).toBe(DEVICES * PER_DEVICE)

    const db = new Client({ connectionString: cluster.databaseUrl })
    await db.connect()
    try {
      const stored = new Set((await db.query<{ id: string }>('SELECT id::text AS id FROM responses')).rows.map((r) => r.id))
      expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([])
      expect(stored.size).toBe(acknowledged.size)
    } finally {
      await db.end()
    }
    // The survivor still answers, directly and through nginx.
    expect((await fetch(`http://127.0.0.1:${cluster.instancePorts[1]}/api/health`)).ok).toBe(true)
    expect((await fetch(`${cluster.url}/api/health`)).ok).toBe(true)
    console.log(`cluster-failover: ${acknowledged.size} ratings acknowledged and stored, ${failures} resends after failures`)
  })
})
