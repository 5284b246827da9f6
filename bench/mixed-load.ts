import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import sharp from 'sharp'
import { feedbackItem, photo } from '../tests/server/feedback-fixtures'
import { isMain, percentile, quickResponse, report, sleep, startServer, type BenchServer } from './lib'

/**
 * Issue 12: a minute of everyday traffic — citizens rating and filing feedback with a photo, a unit head
 * working the inbox, unit staff and the inspectorate reading and searching theirs, leadership on the
 * dashboard, an administrator exporting — with the health check polled
 * throughout; then the same minute with one hostile address sending, at its full allowance, the bodies
 * that used to stall the server (deeply nested JSON, a flat array of a million values, three full-size
 * photos). Every client has its own address (TRUST_PROXY, X-Forwarded-For) and the default allowances.
 * Figures: the health check's p50 / p99, the other clients' success rate and their 5xx count, per phase.
 */
const SECONDS = Number(process.env.BENCH_MIXED_SECONDS ?? 60)
const CITIZENS = 8

interface Tally {
  ok: number
  failed: number
  serverErrors: number
  statuses: Map<number, number>
}
const tally = (): Tally => ({ ok: 0, failed: 0, serverErrors: 0, statuses: new Map() })
function count(t: Tally, status: number, ok: boolean) {
  t.statuses.set(status, (t.statuses.get(status) ?? 0) + 1)
  if (ok) t.ok++
  else t.failed++
  if (status >= 500) t.serverErrors++
}

async function jpeg(width: number, height: number, quality: number): Promise<Buffer> {
  // Noise compresses badly: the largest file for its size, the heaviest decode.
  const noise = Buffer.alloc(width * height * 3)
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24
  return sharp(noise, { raw: { width, height, channels: 3 } }).jpeg({ quality }).toBuffer()
}

class Client {
  cookie = ''
  csrf = ''
  constructor(
    readonly server: BenchServer,
    readonly address: string,
  ) {}
  async send(method: string, path: string, body?: string): Promise<Response> {
    const headers: Record<string, string> = { 'x-forwarded-for': this.address, origin: this.server.url }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (this.cookie) headers.cookie = this.cookie
    if (this.csrf) headers['x-csrf-token'] = this.csrf
    return fetch(`${this.server.url}${path}`, { method, headers, body })
  }
  async signIn(username: string, password: string) {
    const res = await this.send('POST', '/api/auth/sign-in', JSON.stringify({ username, password }))
    if (res.status !== 200) throw new Error(`sign-in of ${username} answered ${res.status}`)
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken
  }
}

const POLLER = `
const { parentPort, workerData } = require('node:worker_threads')
;(async () => {
  const latencies = []
  while (Date.now() < workerData.until) {
    const started = performance.now()
    const res = await fetch(workerData.url + '/api/health').catch(() => undefined)
    if (res) await res.arrayBuffer()
    latencies.push(res && res.status === 200 ? performance.now() - started : 30000)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  parentPort.postMessage(latencies)
})()
`

/** GET /api/health every 100 ms until `until`, from a worker thread; a failed check counts as 30 s. */
function pollHealth(url: string, until: number): Promise<number[]> {
  const worker = new Worker(POLLER, { eval: true, workerData: { url, until } })
  return new Promise((resolve, reject) => {
    worker.once('message', (latencies: number[]) => void worker.terminate().then(() => resolve(latencies)))
    worker.once('error', reject)
  })
}

interface Phase {
  health: number[]
  others: Tally
  hostile: Tally
}

async function runPhase(server: BenchServer, password: string, hostile: boolean, photoBytes: Buffer, bigPhoto: Buffer): Promise<Phase> {
  const phase: Phase = { health: [], others: tally(), hostile: tally() }
  const until = Date.now() + SECONDS * 1000
  const running = () => Date.now() < until
  const tag = hostile ? 'h' : 'n'
  const loops: Promise<void>[] = []

  // The health check, as a monitor polls it: from a thread of its own, so that the load this process
  // makes (tens of megabytes of hostile bodies) does not delay the poller's own clock.
  loops.push(pollHealth(server.url, until).then((latencies) => void phase.health.push(...latencies)))
  // Citizens: a rating every second or so, a feedback item with a photo now and then.
  for (let i = 0; i < CITIZENS; i++) {
    const citizen = new Client(server, `10.${tag === 'h' ? 1 : 0}.${i}.1`)
    loops.push(
      (async () => {
        for (let n = 0; running(); n++) {
          const withFeedback = n % 8 === i % 8
          const res = withFeedback
            ? await citizen.send('POST', '/api/feedback', JSON.stringify({ items: [feedbackItem({ photos: [photo(photoBytes)] })] })).catch(() => undefined)
            : await citizen.send('POST', '/api/responses', JSON.stringify({ responses: [quickResponse()] })).catch(() => undefined)
          count(phase.others, res?.status ?? 0, res?.status === 200)
          await res?.arrayBuffer()
          await sleep(700 + Math.random() * 600)
        }
      })(),
    )
  }
  // Staff: the head of HTQT works the inbox, acknowledging and answering what the citizens filed.
  const head = new Client(server, `10.2.${tag === 'h' ? 1 : 0}.1`)
  await head.signIn('demo.head', password)
  loops.push(
    (async () => {
      while (running()) {
        const inbox = await head.send('GET', '/api/staff/feedback?view=all&status=received')
        count(phase.others, inbox.status, inbox.status === 200)
        const items = inbox.status === 200 ? ((await inbox.json()) as { items: { id: string }[] }).items : []
        for (const item of items.slice(0, 3)) {
          const detail = await head.send('GET', `/api/staff/feedback/${item.id}`)
          count(phase.others, detail.status, detail.status === 200)
          if (detail.status !== 200) continue
          const { version } = (await detail.json()) as { version: number }
          const ack = await head.send('POST', `/api/staff/feedback/${item.id}/actions`, JSON.stringify({ action: 'acknowledge', version }))
          // 409 is a real answer (someone else acted first), not a failure of the server.
          count(phase.others, ack.status, ack.status === 200 || ack.status === 409)
          await ack.arrayBuffer()
          const answer = await head.send('POST', `/api/staff/feedback/${item.id}/actions`, JSON.stringify({ action: 'answer', version: version + 1, answer: 'Đơn vị đã xử lý hồ sơ.' }))
          count(phase.others, answer.status, answer.status === 200 || answer.status === 409)
          await answer.arrayBuffer()
        }
        await sleep(1000)
      }
    })(),
  )
  // Leadership on the dashboard, an administrator exporting, unit staff and the inspectorate reading.
  const leader = new Client(server, `10.3.${tag === 'h' ? 1 : 0}.1`)
  await leader.signIn('demo.leader', password)
  const admin = new Client(server, `10.4.${tag === 'h' ? 1 : 0}.1`)
  await admin.signIn('demo.admin', password)
  const officer = new Client(server, `10.5.${tag === 'h' ? 1 : 0}.1`)
  await officer.signIn('demo.staff', password)
  const inspector = new Client(server, `10.6.${tag === 'h' ? 1 : 0}.1`)
  await inspector.signIn('demo.inspector', password)
  // This year to today (a period may not end in the future).
  const today = new Date().toISOString().slice(0, 10)
  const since = `${today.slice(0, 4)}-01-01`
  for (const [client, path, pause] of [
    [leader, `/api/staff/dashboard?from=${since}&to=${today}`, 2000],
    [admin, `/api/staff/exports/feedback.csv?from=${since}&to=${today}`, 5000],
    [admin, `/api/staff/exports/responses.csv?from=${since}&to=${today}`, 5000],
    [officer, '/api/staff/feedback?view=all', 1500],
    [inspector, `/api/staff/feedback/summary?from=${since}&to=${today}`, 3000],
    [inspector, '/api/staff/feedback?view=all&q=trễ hẹn', 3000],
  ] as const) {
    loops.push(
      (async () => {
        while (running()) {
          const res = await client.send('GET', path)
          count(phase.others, res.status, res.status === 200)
          await res.arrayBuffer()
          await sleep(pause)
        }
      })(),
    )
  }

  if (hostile) {
    // One address, its whole allowance: the bucket's burst at once, then two a second.
    const attacker = new Client(server, '203.0.113.66')
    const depth = 4_000_000
    const bodies = [
      `{"items":${'['.repeat(depth)}${']'.repeat(depth)}}`,
      JSON.stringify({ items: [feedbackItem({ photos: [photo(bigPhoto), photo(bigPhoto), photo(bigPhoto)] })] }),
      `{"items":[${Array(1_000_000).fill('0').join(',')}]}`,
    ]
    const attack = async (n: number) => {
      const res = await attacker.send('POST', '/api/feedback', bodies[n % bodies.length]).catch(() => undefined)
      count(phase.hostile, res?.status ?? 0, false)
      await res?.arrayBuffer()
    }
    loops.push(
      (async () => {
        const burst: Promise<void>[] = []
        for (let n = 0; n < 60; n++) burst.push(attack(n))
        await Promise.all(burst)
        for (let n = 0; running(); n++) {
          void attack(n)
          await sleep(500)
        }
      })(),
    )
  }
  await Promise.all(loops)
  return phase
}

function show(name: string, phase: Phase) {
  const sent = phase.others.ok + phase.others.failed
  const rate = (100 * phase.others.ok) / Math.max(1, sent)
  report(
    `${name}: GET /api/health p50 / p99`,
    `${percentile(phase.health, 50).toFixed(1)} / ${percentile(phase.health, 99).toFixed(1)} ms over ${phase.health.length} checks`,
    { ok: percentile(phase.health, 99) <= 200, text: 'p99 ≤ 200 ms' },
  )
  report(
    `${name}: other clients' requests that succeeded`,
    `${rate.toFixed(2)} % of ${sent} (${phase.others.serverErrors} × 5xx; statuses ${[...phase.others.statuses].map(([s, n]) => `${s}×${n}`).join(', ')})`,
    { ok: phase.others.serverErrors === 0, text: '0 × 5xx' },
  )
  if (phase.hostile.ok + phase.hostile.failed > 0) {
    report(`${name}: the hostile address's answers`, [...phase.hostile.statuses].map(([s, n]) => `${s}×${n}`).join(', '))
  }
}

export async function mixedLoad() {
  console.log(`g) mixed load (issue 12): ${SECONDS} s of everyday traffic, then ${SECONDS} s with one hostile address`)
  const server = await startServer({ TRUST_PROXY: 'true', RATE_LIMIT_PER_MINUTE: '120' })
  try {
    const db = new Database(server.databaseUrl.replace(/^sqlite:/, ''), { readonly: true })
    const password = (db.prepare("SELECT value FROM meta WHERE key = 'demo_staff_password'").get() as { value: string }).value
    db.close()
    // The device shrinks a photo to about this; the hostile one sends the largest the schema allows.
    const [photoBytes, bigPhoto] = await Promise.all([jpeg(1024, 768, 75), jpeg(1200, 1200, 100)])
    const normal = await runPhase(server, password, false, photoBytes, bigPhoto)
    show('everyday', normal)
    const attacked = await runPhase(server, password, true, photoBytes, bigPhoto)
    show('with a hostile address', attacked)
    report(
      'health p99 with the hostile address ÷ without',
      (percentile(attacked.health, 99) / Math.max(1, percentile(normal.health, 99))).toFixed(2),
    )
  } finally {
    await server.stop()
  }
}

if (isMain(import.meta)) await mixedLoad()
