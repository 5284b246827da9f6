import { today } from '../../shared/dates'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startContactRetention } from '../../server/domain/retention'
import { FEEDBACK_COLUMNS, RESPONSE_COLUMNS } from '../../server/routes/staff-exports'
import { feedbackItem, postFeedback, WITH_CONTACT } from './feedback-fixtures'
import { addStaff, createTestApp, postResponses, quickResponse, type Session, signIn, staffRequest, type TestApp } from './test-app'

let t: TestApp
let admin: Session
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  await addStaff(t, { username: 'x.admin', role: 'admin' })
  admin = await signIn(t.app, 'x.admin')
})
afterAll(() => t.close())

/** A small RFC 4180 reader, enough for the files the server writes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') {
        quoted = false
      } else {
        field += ch
      }
    } else if (ch === '"') {
      quoted = true
    } else if (ch === ',') {
      row.push(field)
      field = ''
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
      i++
    } else {
      field += ch
    }
  }
  return rows
}

async function download(path: string, session: Session = admin): Promise<{ header: string[]; records: Record<string, string>[]; raw: string }> {
  const res = await staffRequest(t.app, 'GET', path, session)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
  // Response.text() would drop the byte-order mark: read the bytes.
  const raw = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer())
  expect(raw.startsWith('\uFEFF')).toBe(true)
  const [header, ...rows] = parseCsv(raw.slice(1))
  return { header: header!, records: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))), raw }
}

describe('period exports', () => {
  it('gives every response of the period once, with its answers, local days from..to included', async () => {
    const inside = Array.from({ length: 1203 }, (_, i) =>
      quickResponse({ answers: { overall: 'unsatisfied', problems: ['fees', 'waiting_time'], comment: `Góp ý, "số ${i}"` }, submittedAt: '2026-03-31T16:59:00Z' }),
    )
    const outside = quickResponse({ submittedAt: '2026-03-31T17:00:00Z' }) // 00:00 on 01/04 local
    for (let i = 0; i < inside.length; i += 400) await postResponses(t.app, inside.slice(i, i + 400))
    await postResponses(t.app, [outside])
    const { header, records } = await download('/api/staff/exports/responses.csv?from=2026-03-01&to=2026-03-31')
    expect(header).toEqual([...RESPONSE_COLUMNS])
    expect(records.map((r) => r.id).sort()).toEqual(inside.map((r) => r.id).sort())
    const one = records.find((r) => r.id === inside[7]!.id)!
    expect(one.local_day).toBe('2026-03-31')
    expect(JSON.parse(one.answers!)).toEqual({ overall: 'unsatisfied', problems: ['fees', 'waiting_time'], comment: 'Góp ý, "số 7"' })
  })

  it('gives feedback items without any contact detail', async () => {
    const item = feedbackItem({ ...WITH_CONTACT, description: 'Phí thu cao hơn niêm yết, cán bộ không giải thích.' })
    await postFeedback(t.app, [item])
    const day = today()
    const { header, records, raw } = await download(`/api/staff/exports/feedback.csv?from=${day}&to=${day}`, await signedIn('x.leader', 'leadership'))
    expect(header).toEqual([...FEEDBACK_COLUMNS])
    const row = records.find((r) => r.id === item.id)!
    expect(row).toMatchObject({ tracking_code: item.trackingCode, has_contact: '1', description: item.description, status: 'received' })
    for (const secret of [WITH_CONTACT.contact.name, '912345678', WITH_CONTACT.contact.email]) expect(raw).not.toContain(secret)
  })

  it('follows the inbox\'s scope: a unit lists its own items only, an administrator the figures without what citizens wrote', async () => {
    // ABTC is HTQT's procedure, HPH-LS the consular office's: one item routed to each.
    const htqt = feedbackItem({ procedure: 'ABTC', dossier: 'HS-HTQT-01', description: 'Phí thu cao hơn niêm yết ở phòng HTQT.' })
    const ls = feedbackItem({ procedure: 'HPH-LS', dossier: 'HS-LS-01', description: 'Cán bộ phòng Lãnh sự hẹn lại ba lần.' })
    await postFeedback(t.app, [htqt, ls])
    const day = today()
    const path = `/api/staff/exports/feedback.csv?from=${day}&to=${day}`
    const ids = (records: Record<string, string>[]) => records.map((r) => r.id).filter((id) => id === htqt.id || id === ls.id)

    const ownUnit = await download(path, await signedIn('x.htqt', 'unit_staff', 'HTQT'))
    expect(ids(ownUnit.records)).toEqual([htqt.id])
    expect(ownUnit.records.every((r) => r.unit_code === 'HTQT')).toBe(true)
    expect(ownUnit.raw).not.toContain(ls.description)
    expect(ownUnit.records.find((r) => r.id === htqt.id)).toMatchObject({ description: htqt.description, tracking_code: htqt.trackingCode, dossier: 'HS-HTQT-01' })
    const head = await download(path, await signedIn('x.lshead', 'unit_head', 'LS'))
    expect(ids(head.records)).toEqual([ls.id])

    const inspector = await download(path, await signedIn('x.inspector', 'inspector', 'VP-TT'))
    expect(ids(inspector.records).sort()).toEqual([htqt.id, ls.id].sort())
    expect(inspector.raw).toContain(ls.description)

    // The inbox refuses administrators every item: the export keeps the rows' figures and drops their content.
    const { records, raw } = await download(path)
    expect(ids(records).sort()).toEqual([htqt.id, ls.id].sort())
    for (const item of [htqt, ls]) {
      expect(records.find((r) => r.id === item.id)).toMatchObject({ category: 'processing_time', status: 'received', tracking_code: '', dossier: '', description: '', public_answer: '' })
      expect(raw).not.toContain(item.description)
      expect(raw).not.toContain(item.trackingCode)
    }
    expect(records.find((r) => r.id === htqt.id)!.unit_code).toBe('HTQT')
  })

  it('names the bad field, and keeps the responses to administrators', async () => {
    const bad = await staffRequest(t.app, 'GET', '/api/staff/exports/responses.csv?from=2026-05-01&to=2026-04-01', admin)
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.path).toBe('from')
    const leader = await signedIn('x.leader', 'leadership')
    expect((await staffRequest(t.app, 'GET', '/api/staff/exports/responses.csv?from=2026-05-01&to=2026-05-02', leader)).status).toBe(403)
    expect((await staffRequest(t.app, 'GET', '/api/staff/exports/feedback.csv?from=2026-05-01&to=2026-04-01', leader)).status).toBe(400)
  })
})

/** A session of an account made on first use. */
const sessions = new Map<string, Session>()
async function signedIn(username: string, role: 'unit_staff' | 'unit_head' | 'inspector' | 'leadership', unitCode: string | null = null): Promise<Session> {
  if (!sessions.has(username)) {
    await addStaff(t, { username, role, unitCode })
    sessions.set(username, await signIn(t.app, username))
  }
  return sessions.get(username)!
}

const contactOf = async (id: string) => (await t.sql('SELECT contact_name, contact_phone, contact_email, status FROM feedback WHERE id = ?', id))[0]
const finish = (id: string, status: string, at: number) => t.sql('UPDATE feedback SET status = ?, closed_at = ? WHERE id = ?', status, at, id)

describe('contact retention', () => {

  it('clears the contact details of items finished longer ago than the retention period, and nothing else', async () => {
    const now = Date.parse('2027-01-01T00:00:00Z')
    const old = feedbackItem({ ...WITH_CONTACT })
    const oldSpam = feedbackItem({ ...WITH_CONTACT })
    const recent = feedbackItem({ ...WITH_CONTACT })
    const open = feedbackItem({ ...WITH_CONTACT })
    await postFeedback(t.app, [old, oldSpam, recent, open])
    await finish(old.id, 'closed', now - 181 * 86_400_000)
    await finish(oldSpam.id, 'spam', now - 200 * 86_400_000)
    await finish(recent.id, 'closed', now - 179 * 86_400_000)

    const retention = startContactRetention(t.store, 180, () => now)
    retention.stop()
    // The first run at start may already have purged; run again to see the count settle.
    await new Promise((r) => setTimeout(r, 10))
    expect(await retention.run()).toBe(0)

    for (const id of [old.id, oldSpam.id]) expect(await contactOf(id)).toMatchObject({ contact_name: null, contact_phone: null, contact_email: null })
    for (const id of [recent.id, open.id]) expect(await contactOf(id)).toMatchObject({ contact_name: WITH_CONTACT.contact.name })
    const events = (await t.sql("SELECT feedback_id FROM feedback_events WHERE action = 'contact_purged'")) as { feedback_id: string }[]
    expect(events.map((e) => e.feedback_id).sort()).toEqual([old.id, oldSpam.id].sort())
    // The items stay, with their tracking codes.
    expect((await t.app.request(`/api/track/${old.trackingCode}`)).status).toBe(200)
  })
})
