import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseConfig } from '../../server/config'
import { DEFAULT_CALENDAR } from '../../server/defaults/holidays'
import { mailSettings } from '../../server/domain/mailer'
import { createNotifier, type Notifier } from '../../server/domain/notifications'
import { retryDelay } from '../../server/domain/webhooks'
import type { MailStatus, NotificationList } from '../../shared/notifications'
import { addWorkingDays } from '../../shared/working-days'
import { CONTACT, seedItem } from './staff-feedback-fixtures'
import { startSmtpSink } from './smtp-sink'
import { addStaff, createTestApp, type Session, signIn, staffRequest, type TestApp } from './test-app'

const PUBLIC_URL = 'http://hailong.test'
/** Wednesday 29 April 2026, 10:00 in Hà Tĩnh: 30/4 and 1/5 are holidays, then a weekend; the next working day is Monday 4 May. */
const WEDNESDAY_1000 = Date.parse('2026-04-29T03:00:00Z')
const MINUTE = 60_000

let t: TestApp
let sink: Awaited<ReturnType<typeof startSmtpSink>>
let clock = WEDNESDAY_1000
const now = () => clock
const notifiers: Notifier[] = []
let logged: string[] = []
let ids: Record<'lsStaff' | 'lsHead' | 'otherStaff' | 'inspector' | 'leader' | 'admin', number>

function mailEnv(): Record<string, string> {
  return { SMTP_URL: sink.url, SMTP_FROM: 'Hài lòng <hailong@songoaivu.test>', PUBLIC_URL, SMTP_REQUIRE_TLS: 'false', MAIL_DIGEST_TIME: '07:30' }
}

/** Whether this test opened an app (the configuration tests do not). */
let opened = false

async function open(env: Record<string, string>) {
  t = await createTestApp(env, { auth: { now } })
  opened = true
  ids = {
    lsStaff: (await addStaff(t, { username: 'ls.staff', role: 'unit_staff', unitCode: 'LS' })).id,
    lsHead: (await addStaff(t, { username: 'ls.head', role: 'unit_head', unitCode: 'LS' })).id,
    otherStaff: (await addStaff(t, { username: 'htqt.staff', role: 'unit_staff', unitCode: 'HTQT' })).id,
    inspector: (await addStaff(t, { username: 'inspector', role: 'inspector', unitCode: 'VP-TT' })).id,
    leader: (await addStaff(t, { username: 'leader', role: 'leadership' })).id,
    admin: (await addStaff(t, { username: 'mail.admin', role: 'admin' })).id,
  }
  return parseConfig({ DATABASE_URL: 'sqlite:unused.sqlite', ...env })
}

function notifier(env: Record<string, string>) {
  const n = createNotifier(t.store, { mail: mailSettings(parseConfig(env)), now })
  notifiers.push(n)
  return n
}

/** One round of the loop, a little over a minute after the last: announcements are made at most once a minute. */
async function round(n: Notifier) {
  clock += MINUTE + 1
  await n.tick()
}

async function listOf(session: Session): Promise<NotificationList> {
  const res = await staffRequest(t.app, 'GET', '/api/staff/notifications', session)
  expect(res.status).toBe(200)
  return (await res.json()) as NotificationList
}

async function setEmail(admin: Session, staffId: number, email: string | null) {
  const res = await staffRequest(t.app, 'PUT', `/api/staff/admin/mail/accounts/${staffId}`, admin, { body: { email } })
  expect(res.status).toBe(200)
}

async function answer(session: Session, id: string, text: string) {
  for (const action of ['acknowledge', 'answer']) {
    const version = (await t.store.feedback.staffView(id))!.version
    const res = await staffRequest(t.app, 'POST', `/api/staff/feedback/${id}/actions`, session, { body: { action, version, ...(action === 'answer' ? { answer: text } : {}) } })
    expect(res.status, await res.clone().text()).toBe(200)
  }
}

beforeEach(async () => {
  clock = WEDNESDAY_1000
  logged = []
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '))
    })
  }
  sink = await startSmtpSink()
})
afterEach(async () => {
  await Promise.all(notifiers.splice(0).map((n) => n.stop()))
  vi.restoreAllMocks()
  await sink.stop().catch(() => {})
  if (opened) await t.close()
  opened = false
})

describe('notifications: in-app', () => {
  it('tells the unit staff of the routed unit and the inspectorate, no one else, once however many instances run', async () => {
    await open({})
    const routed = await seedItem(t, { receivedAt: clock, unitCode: 'LS' })
    const unrouted = await seedItem(t, { receivedAt: clock, unitCode: null })
    // Two instances, and one started again: the marks keep every item announced once.
    await Promise.all([round(notifier({})), notifier({}).tick()])
    await round(notifier({}))
    const news = async (username: string) =>
      (await listOf(await signIn(t.app, username))).notifications.filter((n) => n.kind === 'new').map((n) => n.feedbackId).sort()
    expect(await news('ls.staff')).toEqual([routed.id])
    expect(await news('ls.head')).toEqual([routed.id])
    expect(await news('htqt.staff')).toEqual([])
    expect(await news('inspector')).toEqual([routed.id, unrouted.id].sort())
    expect(await t.count('notifications', "kind = 'new'")).toBe(4)
    // Leadership and administrators are told of no single item.
    for (const username of ['leader', 'mail.admin']) {
      expect((await staffRequest(t.app, 'GET', '/api/staff/notifications', await signIn(t.app, username))).status).toBe(403)
    }
  })

  it('marks read one notification or all of them, only the reader’s own', async () => {
    await open({})
    await seedItem(t, { receivedAt: clock })
    await seedItem(t, { receivedAt: clock })
    await round(notifier({}))
    const staff = await signIn(t.app, 'ls.staff')
    const head = await signIn(t.app, 'ls.head')
    const before = await listOf(staff)
    expect(before.unread).toBe(2)
    const headsFirst = (await listOf(head)).notifications[0]!.id
    // Another officer's notification is not the reader's to mark.
    const foreign = await staffRequest(t.app, 'POST', '/api/staff/notifications/read', staff, { body: { ids: [headsFirst] } })
    expect(await foreign.json()).toEqual({ read: 0 })
    await staffRequest(t.app, 'POST', '/api/staff/notifications/read', staff, { body: { ids: [before.notifications[0]!.id] } })
    expect((await listOf(staff)).unread).toBe(1)
    await staffRequest(t.app, 'POST', '/api/staff/notifications/read', staff, { body: { all: true } })
    expect((await listOf(staff)).unread).toBe(0)
    expect((await listOf(head)).unread).toBe(2)
    const bad = await staffRequest(t.app, 'POST', '/api/staff/notifications/read', staff, { body: { ids: [] } })
    expect(bad.status).toBe(400)
  })

  it('announces items due within one working day and overdue ones, counting holidays and weekends, once each', async () => {
    await open({})
    // From Wednesday 29/4 the next working day is Monday 4/5 (30/4 and 1/5 are holidays, then the weekend).
    const mondayClose = addWorkingDays(WEDNESDAY_1000, 1, DEFAULT_CALENDAR)
    expect(new Date(mondayClose).toISOString()).toBe('2026-05-04T10:00:00.000Z')
    const dueMonday = await seedItem(t, { receivedAt: clock - 10 * 86_400_000, acceptBy: null, resolveBy: mondayClose })
    const dueTuesday = await seedItem(t, { receivedAt: clock - 10 * 86_400_000, acceptBy: null, resolveBy: mondayClose + 86_400_000 })
    const late = await seedItem(t, { receivedAt: clock - 20 * 86_400_000, acceptBy: null, resolveBy: clock - 3_600_000 })
    const n = notifier({})
    await round(n)
    // Signed in afresh at each look: the clock moves days on, past any session.
    const kinds = async () =>
      (await listOf(await signIn(t.app, 'ls.staff'))).notifications
        .filter((x) => x.kind !== 'new')
        .map((x) => `${x.kind}:${x.feedbackId}`)
        .sort()
    expect(await kinds()).toEqual([`due_soon:${dueMonday.id}`, `overdue:${late.id}`].sort())
    // Thursday 30 April, a holiday: counted as deadlines count, from the next working day (Monday), Tuesday is one working day on.
    clock = Date.parse('2026-04-30T03:00:00Z')
    await round(n)
    expect(await kinds()).toEqual([`due_soon:${dueMonday.id}`, `due_soon:${dueTuesday.id}`, `overdue:${late.id}`].sort())
    // Tuesday 5 May, 10:00: Monday's item is overdue; nothing is announced twice, by this instance or another.
    clock = Date.parse('2026-05-05T03:00:00Z')
    await round(n)
    await round(notifier({}))
    expect(await kinds()).toEqual([`due_soon:${dueMonday.id}`, `due_soon:${dueTuesday.id}`, `overdue:${dueMonday.id}`, `overdue:${late.id}`].sort())
    expect(await t.count('notifications', "kind <> 'new' AND staff_id = ?", ids.otherStaff)).toBe(0)
  })
})

describe('notifications: e-mail', () => {
  it('sends the daily digest to the officers it concerns who have an address, once a day', async () => {
    const env = mailEnv()
    await open(env)
    const admin = await signIn(t.app, 'mail.admin')
    await setEmail(admin, ids.lsStaff, 'ls.staff@songoaivu.test')
    await setEmail(admin, ids.otherStaff, 'htqt.staff@songoaivu.test')
    // The inspector has no address: told in the app only.
    const item = await seedItem(t, { receivedAt: clock })
    const n = notifier(env)
    await round(n)
    expect(sink.mails).toHaveLength(1)
    const [mail] = sink.mails
    expect(mail!.to).toEqual(['ls.staff@songoaivu.test'])
    expect(mail!.from).toBe('hailong@songoaivu.test')
    expect(mail!.subject).toContain('Tổng hợp phản ánh ngày 29/04/2026')
    expect(mail!.text).toContain(item.trackingCode)
    expect(mail!.text).toContain(`${PUBLIC_URL}/staff/items/${item.id}`)
    expect(mail!.text.indexOf('Phản ánh, kiến nghị cần anh/chị chú ý')).toBeLessThan(mail!.text.indexOf('Feedback needing your attention'))
    expect(mail!.html).toContain('<a href=')
    await round(n)
    await round(notifier(env))
    expect(sink.mails).toHaveLength(1)
    // The next day, only what is new since and still waits: an item announced before the digest's time and
    // answered meanwhile is left out.
    clock = Date.parse('2026-04-30T00:00:00Z')
    await seedItem(t, { receivedAt: clock, unitCode: 'HTQT' })
    const answered = await seedItem(t, { receivedAt: clock, unitCode: 'LS' })
    await round(n)
    expect(sink.mails).toHaveLength(1)
    await answer(await signIn(t.app, 'ls.head'), answered.id, 'Đã xử lý xong.')
    clock = Date.parse('2026-04-30T01:00:00Z')
    await round(n)
    expect(sink.mails.map((m) => m.to[0])).toEqual(['ls.staff@songoaivu.test', 'htqt.staff@songoaivu.test'])
    expect(sink.mails[1]!.text).not.toContain(item.trackingCode)
    const status = (await (await staffRequest(t.app, 'GET', '/api/staff/admin/mail', await signIn(t.app, 'mail.admin'))).json()) as MailStatus
    expect(status).toMatchObject({ configured: true, from: 'Hài lòng <hailong@songoaivu.test>', digestTime: '07:30', queue: { pending: 0, sent: 2, failed: 0 } })
  })

  it('mails the answer with its tracking link only to a citizen who left an e-mail address with consent', async () => {
    const env = mailEnv()
    await open(env)
    const head = await signIn(t.app, 'ls.head')
    const withEmail = await seedItem(t, { receivedAt: clock, contact: CONTACT, description: 'Mô tả riêng tư của công dân' })
    const phoneOnly = await seedItem(t, { receivedAt: clock, contact: { ...CONTACT, email: null } })
    const anonymous = await seedItem(t, { receivedAt: clock })
    for (const item of [withEmail, phoneOnly, anonymous]) await answer(head, item.id, `Đã trả lời ${item.trackingCode}.`)
    await round(notifier(env))
    expect(sink.mails).toHaveLength(1)
    const [mail] = sink.mails
    expect(mail!.to).toEqual([CONTACT.email])
    expect(mail!.text).toContain(`Đã trả lời ${withEmail.trackingCode}.`)
    expect(mail!.text).toContain(`${PUBLIC_URL}/t/${withEmail.trackingCode}`)
    expect(mail!.subject).toContain(withEmail.trackingCode)
    expect(mail!.text).not.toContain('Mô tả riêng tư')
    expect(await t.count('mail_outbox', "kind = 'answer'")).toBe(1)
    // The queue names whom it goes to, never the address.
    expect(JSON.stringify(await t.sql('SELECT * FROM mail_outbox'))).not.toContain(CONTACT.email)
    for (const line of logged) for (const secret of [CONTACT.email, CONTACT.name, 'Mô tả riêng tư', 'Đã trả lời']) expect(line).not.toContain(secret)
  })

  it('sends nothing, and queues nothing, without a mail server; the administration says so', async () => {
    await open({})
    const admin = await signIn(t.app, 'mail.admin')
    await setEmail(admin, ids.lsStaff, 'ls.staff@songoaivu.test')
    const item = await seedItem(t, { receivedAt: clock, contact: CONTACT })
    await seedItem(t, { receivedAt: clock })
    await answer(await signIn(t.app, 'ls.head'), item.id, 'Đã xử lý.')
    await round(notifier({}))
    expect(await t.count('notifications')).toBeGreaterThan(0)
    expect(await t.count('mail_outbox')).toBe(0)
    expect(sink.mails).toHaveLength(0)
    const status = (await (await staffRequest(t.app, 'GET', '/api/staff/admin/mail', admin)).json()) as MailStatus
    expect(status).toMatchObject({ configured: false, from: null, digestTime: null })
    expect(status.accounts.find((a) => a.id === ids.lsStaff)?.email).toBe('ls.staff@songoaivu.test')
  })

  it('tries again after the mail server refused and after it was down, then sends once; logs ids only', async () => {
    const env = mailEnv()
    await open(env)
    const head = await signIn(t.app, 'ls.head')
    const item = await seedItem(t, { receivedAt: clock, contact: CONTACT })
    await answer(head, item.id, 'Đã trả lời.')
    const n = notifier(env)
    sink.mode = 'refuse'
    await round(n)
    expect(sink.mails).toHaveLength(0)
    const [refused] = await t.sql('SELECT status, attempts, last_error FROM mail_outbox')
    expect(refused).toMatchObject({ status: 'pending', attempts: 1, last_error: 'EMESSAGE 451' })
    // Down: the next try cannot connect.
    await sink.stop()
    sink.mode = 'ok'
    clock += retryDelay(1)
    await n.tick()
    const [down] = await t.sql('SELECT status, attempts, last_error FROM mail_outbox')
    expect(down).toMatchObject({ status: 'pending', attempts: 2 })
    expect(String(down!.last_error)).toMatch(/^E[A-Z]+$/)
    // Not before its time.
    await sink.start()
    await n.tick()
    expect(sink.mails).toHaveLength(0)
    clock += retryDelay(2)
    await n.tick()
    await n.tick()
    expect(sink.mails).toHaveLength(1)
    expect(sink.mails[0]!.to).toEqual([CONTACT.email])
    expect(await t.sql('SELECT status, attempts FROM mail_outbox')).toEqual([{ status: 'sent', attempts: 3 }])
    expect(logged.some((line) => line.includes(`answer:${item.id}`))).toBe(true)
    for (const line of logged) for (const secret of [CONTACT.email, CONTACT.name, CONTACT.phone, 'Đã trả lời']) expect(line).not.toContain(secret)
  })

  it('gives up on a mail whose address is gone, and after its retry window', async () => {
    const env = mailEnv()
    await open(env)
    const admin = await signIn(t.app, 'mail.admin')
    await setEmail(admin, ids.lsStaff, 'ls.staff@songoaivu.test')
    await seedItem(t, { receivedAt: clock })
    const n = notifier(env)
    sink.mode = 'refuse'
    await round(n)
    // The address cleared meanwhile: nothing to send to, no more tries.
    await setEmail(admin, ids.lsStaff, null)
    clock += retryDelay(1)
    await n.tick()
    expect(await t.sql('SELECT status, last_error FROM mail_outbox')).toEqual([{ status: 'failed', last_error: 'NO_ADDRESS' }])
    expect((await (await staffRequest(t.app, 'GET', '/api/staff/admin/mail', admin)).json()) as MailStatus).toMatchObject({ queue: { failed: 1 } })
  })

  it('refuses a bad address with a message naming the field', async () => {
    await open({})
    const admin = await signIn(t.app, 'mail.admin')
    const res = await staffRequest(t.app, 'PUT', `/api/staff/admin/mail/accounts/${ids.lsStaff}`, admin, { body: { email: 'not an address' } })
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toContain('email')
    const missing = await staffRequest(t.app, 'PUT', '/api/staff/admin/mail/accounts/99999', admin, { body: { email: 'a@b.vn' } })
    expect(missing.status).toBe(404)
  })
})

describe('notifications: configuration', () => {
  const base = { DATABASE_URL: 'sqlite:x.sqlite' }
  it('needs a sender and a public address with a mail server, and never echoes a password', () => {
    expect(() => parseConfig({ ...base, SMTP_HOST: 'mail.example.vn' })).toThrow(/SMTP_FROM: needed[\s\S]*PUBLIC_URL: needed/)
    expect(() => parseConfig({ ...base, SMTP_URL: 'smtp://u:p@a', SMTP_HOST: 'b', SMTP_FROM: 'a@b.vn', PUBLIC_URL })).toThrow(/either SMTP_URL or SMTP_HOST/)
    expect(() => parseConfig({ ...base, SMTP_HOST: 'mail.example.vn', SMTP_USER: 'u', SMTP_FROM: 'a@b.vn', PUBLIC_URL })).toThrow(/SMTP_USER and SMTP_PASS go together/)
    let message = ''
    try {
      parseConfig({ ...base, SMTP_URL: 'http://user:hunter2@mail.example.vn' })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toContain('SMTP_URL')
    expect(message).not.toContain('hunter2')
    expect(() => parseConfig({ ...base, MAIL_DIGEST_TIME: '25:00' })).toThrow(/MAIL_DIGEST_TIME/)
    const config = parseConfig({ ...base, SMTP_HOST: 'mail.example.vn', SMTP_PORT: '465', SMTP_USER: 'u', SMTP_PASS: 'p', SMTP_FROM: 'a@b.vn', PUBLIC_URL, MAIL_DIGEST_TIME: 'off' })
    expect(mailSettings(config)).toMatchObject({ from: 'a@b.vn', digestTime: null })
    expect(mailSettings(parseConfig(base))).toBeNull()
  })
})
