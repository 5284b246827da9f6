import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createWebhookDispatcher, type Dispatcher, retryDelay, send } from '../../server/domain/webhooks'
import { openPostgresStore } from '../../server/store/postgres/postgres-store'
import type { Store } from '../../server/store/store'
import type { CreatedWebhook, WebhookDelivery } from '../../shared/webhooks'
import { feedbackItem, postFeedback, WITH_CONTACT } from './feedback-fixtures'
import { CONTACT, seedItem } from './staff-feedback-fixtures'
import { addStaff, createTestApp, onPostgres, postResponses, quickResponse, refuseInserts, type Session, signIn, staffRequest, type TestApp } from './test-app'

/** What the receiver heard: one entry per request, in order. */
interface Heard {
  headers: IncomingMessage['headers']
  body: string
}

type Mode = 'ok' | 'down' | 'hang'

/** A local receiver on a free port: answers 204, 503 while down, or never while hanging. */
async function startReceiver() {
  const heard: Heard[] = []
  const hanging: ServerResponse[] = []
  let mode: Mode = 'ok'
  const server: Server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (chunk: string) => (body += chunk))
    req.on('end', () => {
      heard.push({ headers: req.headers, body })
      if (mode === 'hang') hanging.push(res)
      else res.writeHead(mode === 'ok' ? 204 : 503).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/hailong`,
    heard,
    set mode(m: Mode) {
      mode = m
    },
    /** Deliveries by id: how many times each arrived. */
    counts: () => heard.reduce((m, h) => m.set(String(h.headers['x-hailong-delivery']), (m.get(String(h.headers['x-hailong-delivery'])) ?? 0) + 1), new Map<string, number>()),
    close: () => {
      for (const res of hanging) res.destroy()
      server.closeAllConnections()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

let t: TestApp
let admin: Session
let head: Session
let staffId: number
let receiver: Awaited<ReturnType<typeof startReceiver>>
/** The tests' clock: real time moved on by `offset`, so that no test waits for a retry. */
let offset = 0
const now = () => Date.now() + offset
const dispatchers: Dispatcher[] = []
const dispatcher = (store: Store = t.store, options: { timeoutMs?: number; concurrency?: number } = {}) => {
  const d = createWebhookDispatcher(store, { allowPrivate: true, now, ...options })
  dispatchers.push(d)
  return d
}

beforeEach(async () => {
  offset = 0
  t = await createTestApp({ WEBHOOK_ALLOW_PRIVATE: 'true', RATE_LIMIT_PER_MINUTE: '100000' }, { auth: { now } })
  await addStaff(t, { username: 'hook.admin', role: 'admin' })
  await addStaff(t, { username: 'ls.head', role: 'unit_head', unitCode: 'LS' })
  staffId = (await addStaff(t, { username: 'ls.staff', role: 'unit_staff', unitCode: 'LS' })).id
  admin = await signIn(t.app, 'hook.admin')
  head = await signIn(t.app, 'ls.head')
  receiver = await startReceiver()
})
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((d) => d.stop()))
  await receiver.close()
  await t.close()
})

const hooks = (method: string, path: string, body?: unknown, session = admin) => staffRequest(t.app, method, `/api/staff/admin/webhooks${path}`, session, { body })

async function register(events: string[] = ['feedback.filed', 'feedback.assigned', 'feedback.answered', 'feedback.overdue', 'response.stored']) {
  const res = await hooks('POST', '', { name: 'LGSP Hà Tĩnh', url: receiver.url, events })
  expect(res.status).toBe(201)
  return (await res.json()) as CreatedWebhook
}

async function deliveries(hookId: number): Promise<WebhookDelivery[]> {
  const res = await hooks('GET', `/${hookId}/deliveries`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { deliveries: WebhookDelivery[] }).deliveries
}

async function action(id: string, body: Record<string, unknown>) {
  const version = (await t.store.feedback.staffView(id))!.version
  const res = await staffRequest(t.app, 'POST', `/api/staff/feedback/${id}/actions`, head, { body: { ...body, version } })
  expect(res.status).toBe(200)
}

const verify = (secret: string, h: Heard) =>
  h.headers['x-hailong-signature'] === `sha256=${createHmac('sha256', secret).update(`${String(h.headers['x-hailong-timestamp'])}.${h.body}`).digest('hex')}`

describe('webhooks: deliveries', () => {
  it('delivers every event type to a local receiver, signed, without personal data', async () => {
    const hook = await register()
    expect(hook.secret).toMatch(/^whsec_[0-9a-f]{64}$/)
    const { id, trackingCode } = await seedItem(t, { receivedAt: now(), contact: CONTACT, description: 'Mô tả riêng tư của công dân' })
    await action(id, { action: 'assign', staffId })
    await action(id, { action: 'acknowledge' })
    await action(id, { action: 'answer', answer: 'Hồ sơ đã được trả kết quả.' })
    await seedItem(t, { receivedAt: now() - 40 * 86_400_000, acceptBy: null, resolveBy: now() - 1000 })
    const [stored] = await postResponses(t.app, [quickResponse()])
    expect(stored?.status).toBe('stored')
    await dispatcher().tick()

    const events = receiver.heard.map((h) => h.headers['x-hailong-event'])
    expect(events.sort()).toEqual(['feedback.answered', 'feedback.assigned', 'feedback.filed', 'feedback.filed', 'feedback.overdue', 'response.stored'])
    for (const h of receiver.heard) {
      expect(verify(hook.secret, h)).toBe(true)
      expect(h.headers['content-type']).toBe('application/json')
      expect(Math.abs(Number(h.headers['x-hailong-timestamp']) * 1000 - now())).toBeLessThan(60_000)
      expect(h.headers['x-hailong-delivery']).toMatch(/^[0-9a-f]{32}$/)
      expect(JSON.parse(h.body).event).toBe(h.headers['x-hailong-event'])
      // Never the contact details nor what the citizen wrote.
      expect(h.body).not.toMatch(/Riêng|912345678|example\.vn|riêng tư/)
    }
    // A body changed on the way no longer matches its signature.
    expect(verify(hook.secret, { ...receiver.heard[0]!, body: `${receiver.heard[0]!.body} ` })).toBe(false)
    const answered = JSON.parse(receiver.heard.find((h) => h.headers['x-hailong-event'] === 'feedback.answered')!.body)
    expect(answered.feedback).toMatchObject({ id, trackingCode, status: 'answered', unitCode: 'LS', publicAnswer: 'Hồ sơ đã được trả kết quả.' })
    const assigned = JSON.parse(receiver.heard.find((h) => h.headers['x-hailong-event'] === 'feedback.assigned')!.body)
    expect(assigned.feedback).toMatchObject({ id, assigneeId: staffId })
    expect(JSON.parse(receiver.heard.find((h) => h.headers['x-hailong-event'] === 'response.stored')!.body).response).toMatchObject({
      id: stored!.id,
      counterCode: 'HCC-01',
    })
    expect((await deliveries(hook.id)).every((d) => d.status === 'delivered' && d.attempts === 1 && d.lastStatus === 204)).toBe(true)

    // Reported once: the overdue scan again, and the dispatcher again, send nothing more.
    offset += 2 * 60_000
    await dispatcher().tick()
    expect(receiver.heard).toHaveLength(6)
  })

  it('sends only the events a hook chose, and nothing to a disabled hook', async () => {
    const hook = await register(['feedback.answered'])
    await seedItem(t, { receivedAt: now() })
    await postResponses(t.app, [quickResponse()])
    await dispatcher().tick()
    expect(receiver.heard).toHaveLength(0)
    expect((await hooks('PATCH', `/${hook.id}`, { enabled: false, events: ['feedback.filed'] })).status).toBe(200)
    await seedItem(t, { receivedAt: now() })
    await dispatcher().tick()
    expect(receiver.heard).toHaveLength(0)
    expect((await hooks('PATCH', `/${hook.id}`, { enabled: true })).status).toBe(200)
    await seedItem(t, { receivedAt: now() })
    await dispatcher().tick()
    expect(receiver.heard.map((h) => h.headers['x-hailong-event'])).toEqual(['feedback.filed'])
  })

  it('retries with back-off while the receiver is down and delivers once, when it is back', async () => {
    const hook = await register(['feedback.filed'])
    receiver.mode = 'down'
    await seedItem(t, { receivedAt: now() })
    const d = dispatcher()
    await d.tick()
    expect(receiver.heard).toHaveLength(1)
    let [delivery] = await deliveries(hook.id)
    expect(delivery).toMatchObject({ status: 'pending', attempts: 1, lastStatus: 503, lastError: 'HTTP 503' })
    expect(Date.parse(delivery!.nextAt!) - Date.parse(delivery!.lastAttemptAt!)).toBe(30_000)

    // Not before its time.
    offset += 20_000
    await d.tick()
    expect(receiver.heard).toHaveLength(1)
    offset += 10_000
    await d.tick()
    expect(receiver.heard).toHaveLength(2)
    ;[delivery] = await deliveries(hook.id)
    expect(Date.parse(delivery!.nextAt!) - Date.parse(delivery!.lastAttemptAt!)).toBe(60_000)

    receiver.mode = 'ok'
    offset += 60_000
    await d.tick()
    ;[delivery] = await deliveries(hook.id)
    expect(delivery).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 204, nextAt: null })
    // The same delivery id each time: a receiver that saw a try it could not answer drops the repeat.
    expect([...receiver.counts().values()]).toEqual([3])
    offset += 3_600_000
    await d.tick()
    expect(receiver.heard).toHaveLength(3)
  })

  it('gives up after a day of retries; an administrator sends a failed one again', async () => {
    expect([1, 2, 3, 8, 20].map(retryDelay)).toEqual([30_000, 60_000, 120_000, 3_600_000, 3_600_000])
    const hook = await register(['feedback.filed'])
    receiver.mode = 'down'
    await seedItem(t, { receivedAt: now() })
    const d = dispatcher()
    for (let i = 0; i < 40; i++) {
      await d.tick()
      offset += 3_600_000
    }
    // The staff session has long timed out on the moved clock.
    admin = await signIn(t.app, 'hook.admin')
    const [failed] = await deliveries(hook.id)
    expect(failed).toMatchObject({ status: 'failed', nextAt: null, lastStatus: 503 })
    // 30 s, 1, 2, 4 … 32 min, then hourly: 29 tries fit in the day (each tick here is an hour apart).
    expect(failed!.attempts).toBeGreaterThan(20)
    expect(failed!.attempts).toBeLessThan(30)
    expect((await hooks('GET', '')).status).toBe(200)
    expect(((await (await hooks('GET', '')).json()) as { webhooks: { failed: number }[] }).webhooks[0]!.failed).toBe(1)

    receiver.mode = 'ok'
    const res = await hooks('POST', `/${hook.id}/deliveries/${failed!.id}/resend`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ id: failed!.id, status: 'pending', attempts: 0 })
    await d.tick()
    expect((await deliveries(hook.id))[0]).toMatchObject({ status: 'delivered', attempts: 1 })
    // A delivery that is not failed is not sent again by hand.
    const again = await hooks('POST', `/${hook.id}/deliveries/${failed!.id}/resend`)
    expect(again.status).toBe(409)
    expect(((await again.json()) as { error: { path: string } }).error.path).toBe('delivery')
    expect(await t.count('admin_audit', "entity = 'webhook' AND action = 'resend'")).toBe(1)
  })

  it('queues a feedback event in the transaction of its item: neither is stored without the other', async () => {
    await register(['feedback.filed'])
    const allow = await refuseInserts(t, 'webhook_deliveries')
    await expect(seedItem(t, { receivedAt: now() })).rejects.toThrow()
    expect(await t.count('feedback')).toBe(0)
    await allow()
    await seedItem(t, { receivedAt: now() })
    expect(await t.count('feedback')).toBe(1)
    expect(await t.count('webhook_deliveries')).toBe(1)
  })

  it('queues a rating sent twice once', async () => {
    const hook = await register(['response.stored'])
    const response = quickResponse()
    expect((await postResponses(t.app, [response]))[0]?.status).toBe('stored')
    expect((await postResponses(t.app, [response]))[0]?.status).toBe('duplicate')
    await dispatcher().tick()
    expect(receiver.heard).toHaveLength(1)
    expect(await deliveries(hook.id)).toHaveLength(1)
  })

  it('delivers what was queued before a server restart', async () => {
    await register(['feedback.filed'])
    await seedItem(t, { receivedAt: now() })
    await seedItem(t, { receivedAt: now() })
    await t.reopen()
    await dispatcher(t.store).tick()
    expect(receiver.heard).toHaveLength(2)
    expect(await t.count('webhook_deliveries', "status = 'delivered'")).toBe(2)
  })

  it('never sends one delivery twice, even with two dispatchers racing' + (onPostgres ? ' on one PostgreSQL' : ''), async () => {
    await register(['feedback.filed'])
    for (let i = 0; i < 30; i++) await seedItem(t, { receivedAt: now() })
    // On PostgreSQL a second instance: its own store (its own pool) on the same database.
    const other = onPostgres ? openPostgresStore({ url: t.databaseUrl }) : t.store
    try {
      await Promise.all([dispatcher(t.store, { concurrency: 4 }).tick(), dispatcher(other, { concurrency: 4 }).tick(), dispatcher(other, { concurrency: 3 }).tick()])
    } finally {
      if (other !== t.store) await other.close()
    }
    const counts = receiver.counts()
    expect(counts.size).toBe(30)
    expect([...counts.values()].every((n) => n === 1)).toBe(true)
  })

  it('a receiver that never answers does not hold up the request that caused an event', async () => {
    await register(['feedback.filed'])
    receiver.mode = 'hang'
    await seedItem(t, { receivedAt: now() })
    const d = dispatcher(t.store, { timeoutMs: 60_000 })
    const round = d.tick()
    // The first delivery is now in flight, and its receiver will not answer.
    while (receiver.heard.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
    const [filed] = await postFeedback(t.app, [feedbackItem({ ...WITH_CONTACT })])
    expect(filed?.status).toBe('stored')
    expect(await t.count('webhook_deliveries', "status = 'pending'")).toBe(2)
    expect(receiver.heard).toHaveLength(1)
    await receiver.close()
    await round
  })

  it('times out a receiver that never answers and retries it later', async () => {
    const hook = await register(['feedback.filed'])
    receiver.mode = 'hang'
    await seedItem(t, { receivedAt: now() })
    await dispatcher(t.store, { timeoutMs: 100 }).tick()
    expect((await deliveries(hook.id))[0]).toMatchObject({ status: 'pending', attempts: 1, lastStatus: null, lastError: 'timed out' })
  })
})

describe('webhooks: administration', () => {
  it('never shows the secret again, and audits every change without it', async () => {
    const hook = await register(['feedback.filed'])
    const list = await (await hooks('GET', '')).text()
    expect(list).not.toContain(hook.secret)
    expect(JSON.parse(list).webhooks).toEqual([
      expect.objectContaining({ id: hook.id, name: 'LGSP Hà Tĩnh', url: receiver.url, events: ['feedback.filed'], enabled: true, pending: 0, failed: 0 }),
    ])
    expect((await hooks('PATCH', `/${hook.id}`, { name: 'LGSP' })).status).toBe(200)
    expect((await hooks('DELETE', `/${hook.id}`)).status).toBe(204)
    expect((await hooks('DELETE', `/${hook.id}`)).status).toBe(404)
    const audit = await t.sql("SELECT action, before, after FROM admin_audit WHERE entity = 'webhook' ORDER BY id")
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete'])
    expect(JSON.stringify(audit)).not.toContain(hook.secret)
  })

  it('admits administrators only', async () => {
    expect((await hooks('GET', '', undefined, head)).status).toBe(403)
  })

  it.each([
    [{ events: ['feedback.filed'] }, 'name'],
    [{ name: 'x', url: 'not a url', events: ['feedback.filed'] }, 'url'],
    [{ name: 'x', url: 'ftp://lgsp.example.gov.vn/h', events: ['feedback.filed'] }, 'url'],
    [{ name: 'x', url: 'https://user:pw@lgsp.example.gov.vn/h', events: ['feedback.filed'] }, 'url'],
    [{ name: 'x', url: 'https://lgsp.example.gov.vn/h', events: [] }, 'events'],
    [{ name: 'x', url: 'https://lgsp.example.gov.vn/h', events: ['feedback.filed', 'feedback.deleted'] }, 'events.1'],
  ])('refuses %j naming the field %s', async (body, field) => {
    const res = await hooks('POST', '', { url: receiver.url, ...body })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { path: string } }).error.path).toBe(field)
  })
})

describe('webhooks: SSRF', () => {
  let strict: TestApp
  let strictAdmin: Session
  beforeEach(async () => {
    strict = await createTestApp()
    await addStaff(strict, { username: 'strict.admin', role: 'admin' })
    strictAdmin = await signIn(strict.app, 'strict.admin')
  })
  afterEach(() => strict.close())

  it.each([
    'https://127.0.0.1/hook',
    'https://10.0.0.5/hook',
    'https://192.168.1.10/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://localhost/hook',
    'https://intranet/hook',
    'http://lgsp.example.gov.vn/hook',
  ])('refuses %s unless WEBHOOK_ALLOW_PRIVATE=true', async (url) => {
    const res = await staffRequest(strict.app, 'POST', '/api/staff/admin/webhooks', strictAdmin, { body: { name: 'x', url, events: ['feedback.filed'] } })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { path: string } }).error.path).toBe('url')
  })

  it('accepts a public https address', async () => {
    const res = await staffRequest(strict.app, 'POST', '/api/staff/admin/webhooks', strictAdmin, {
      body: { name: 'LGSP', url: 'https://lgsp.hatinh.gov.vn/hooks/hailong', events: ['feedback.filed'] },
    })
    expect(res.status).toBe(201)
  })

  it('refuses at delivery time a name that resolves to a private address', async () => {
    const delivery = { id: 'a'.repeat(32), hookId: 1, event: 'feedback.filed' as const, payload: '{}', secret: 's', attempts: 1, createdAt: 0, giveUpAt: 0, leaseToken: 't' }
    expect(await send({ ...delivery, url: 'https://localhost:1/hook' }, Date.now(), false, 1000)).toEqual({ status: null, error: 'EPRIVATE' })
    expect((await send({ ...delivery, url: 'https://127.0.0.1:1/hook' }, Date.now(), false, 1000)).error).toMatch(/^refused/)
  })
})
