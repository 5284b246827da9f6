import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { deadlineFor, type DeadlineConfig } from '../../shared/petition-types'
import type { RoutingRule } from '../../shared/routing'
import type { WorkingCalendar } from '../../shared/working-days'
import { DEFAULT_DEADLINES } from '../../server/defaults/deadlines'
import { DEFAULT_CALENDAR } from '../../server/defaults/holidays'
import { DEFAULT_ROUTING_RULES } from '../../server/defaults/routing-rules'
import { feedbackItem, postFeedback } from './feedback-fixtures'
import { addStaff, createTestApp, type Session, signIn, staffRequest, type TestApp } from './test-app'

let t: TestApp
let admin: Session
let clerk: Session
beforeEach(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  await addStaff(t, { username: 's.admin', role: 'admin' })
  await addStaff(t, { username: 's.admin2', role: 'admin' })
  await addStaff(t, { username: 's.clerk', role: 'unit_staff', unitCode: 'LS' })
  await addStaff(t, { username: 's.inspector', role: 'inspector', unitCode: 'VP-TT' })
  admin = await signIn(t.app, 's.admin')
  clerk = await signIn(t.app, 's.clerk')
})
afterEach(() => t.close())

const get = (key: string, session: Session = clerk) => staffRequest(t.app, 'GET', `/api/staff/settings/${key}`, session)
const put = (key: string, body: unknown, session: Session = admin) => staffRequest(t.app, 'PUT', `/api/staff/settings/${key}`, session, { body })
const feedbackRow = async (id: string) =>
  (await t.sql('SELECT unit_code, routed_by_rule, resolve_by, received_at FROM feedback WHERE id = ?', id))[0] as {
    unit_code: string
    routed_by_rule: string
    resolve_by: number
    received_at: number
  }

/** Conduct goes to the consular office instead of the inspectorate, ahead of every default rule. */
const conductToLs: RoutingRule = {
  id: 'conduct-ls',
  priority: 1,
  match: { categories: ['conduct'] },
  targets: [{ unit: 'LS' }],
  note: { vi: 'Thử nghiệm: thái độ cán bộ do Phòng Lãnh sự xử lý', en: 'Trial: conduct goes to the consular office' },
}

describe('settings: reading', () => {
  it('gives every signed-in staff member the defaults, as version 0, until an administrator saves', async () => {
    for (const [key, value] of [
      ['routing-rules', DEFAULT_ROUTING_RULES],
      ['deadlines', DEFAULT_DEADLINES],
      ['calendar', DEFAULT_CALENDAR],
    ] as const) {
      const res = await get(key)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({ key, value: JSON.parse(JSON.stringify(value)), version: 0, isDefault: true, updatedAt: null })
    }
  })

  it('names the bad key', async () => {
    const res = await get('holidays')
    expect(res.status).toBe(400)
    expect((await res.json()).error).toMatchObject({ path: 'key' })
  })
})

describe('settings: saving', () => {
  it('routes new items by the saved rules, and keeps the earlier items where they were', async () => {
    const before = feedbackItem({ category: 'conduct' })
    await postFeedback(t.app, [before])
    expect(await feedbackRow(before.id)).toMatchObject({ unit_code: 'VP-TT', routed_by_rule: 'conduct' })

    const res = await put('routing-rules', { version: 0, value: [conductToLs, ...DEFAULT_ROUTING_RULES] })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ key: 'routing-rules', version: 1 })

    const after = feedbackItem({ category: 'conduct' })
    await postFeedback(t.app, [after])
    expect(await feedbackRow(after.id)).toMatchObject({ unit_code: 'LS', routed_by_rule: 'conduct-ls' })
    expect(await feedbackRow(before.id)).toMatchObject({ unit_code: 'VP-TT' })
    expect(await (await get('routing-rules')).json()).toMatchObject({ version: 1, isDefault: false, value: [conductToLs, ...DEFAULT_ROUTING_RULES] })
  })

  it('times new items by the saved deadlines and calendar', async () => {
    const deadlines: DeadlineConfig = structuredClone(DEFAULT_DEADLINES)
    deadlines.rules.feedback.resolve = { days: 3, unit: 'working' }
    expect((await put('deadlines', { version: 0, value: deadlines })).status).toBe(200)
    // Every weekday of the next three weeks off: the deadline must jump past them.
    const calendar: WorkingCalendar = structuredClone(DEFAULT_CALENDAR)
    const today = Date.now()
    const taken = new Set(calendar.holidays.map((h) => h.date))
    for (let d = 0; d < 21; d++) {
      const day = new Date(today + d * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' })
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
      if (weekday === 0 || weekday === 6 || taken.has(day) || calendar.workingDays.some((w) => w.date === day)) continue
      if (!calendar.years.includes(Number(day.slice(0, 4)))) calendar.years.push(Number(day.slice(0, 4)))
      calendar.holidays.push({ date: day, kind: 'holiday', name: { vi: 'Nghỉ thử nghiệm', en: 'Trial day off' } })
    }
    const saved = await put('calendar', { version: 0, value: calendar })
    expect(saved.status, await saved.clone().text()).toBe(200)

    const item = feedbackItem()
    await postFeedback(t.app, [item])
    const row = await feedbackRow(item.id)
    expect(row.resolve_by).toBe(deadlineFor('feedback', row.received_at, deadlines, calendar, { category: 'processing_time' }).resolveBy)
    expect(row.resolve_by).not.toBe(deadlineFor('feedback', row.received_at, DEFAULT_DEADLINES, DEFAULT_CALENDAR, { category: 'processing_time' }).resolveBy)
    expect(row.resolve_by - row.received_at).toBeGreaterThan(21 * 86_400_000)
  })

  it('refuses a save made against an older version, so that two administrators never overwrite each other', async () => {
    const other = await signIn(t.app, 's.admin2')
    expect((await put('routing-rules', { version: 0, value: [conductToLs, ...DEFAULT_ROUTING_RULES] }, other)).status).toBe(200)
    const res = await put('routing-rules', { version: 0, value: DEFAULT_ROUTING_RULES })
    expect(res.status).toBe(409)
    expect((await res.json()).error).toMatchObject({ code: 'stale', path: 'version' })
    expect(await (await get('routing-rules')).json()).toMatchObject({ version: 1, value: [conductToLs, ...DEFAULT_ROUTING_RULES] })
  })

  it('names the bad field of an invalid value and stores nothing', async () => {
    const res = await put('routing-rules', { version: 0, value: [{ ...conductToLs, targets: [] }] })
    expect(res.status).toBe(400)
    expect((await res.json()).error).toMatchObject({ path: 'value.0.targets' })
    const bad = await put('calendar', { version: 0, value: { ...DEFAULT_CALENDAR, closingTime: '25:00' } })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error).toMatchObject({ path: 'value.closingTime' })
    expect((await (await get('routing-rules')).json()).version).toBe(0)
    expect(await t.count('settings_history')).toBe(0)
  })

  it('refuses rules that name units not in the catalog, or leave a category with nowhere to go', async () => {
    const res = await put('routing-rules', { version: 0, value: [{ ...conductToLs, targets: [{ unit: 'NOPE' }] }] })
    expect(res.status).toBe(422)
    const { error } = await res.json()
    expect(error).toMatchObject({ code: 'routing_problems', path: 'value' })
    expect(error.message).toContain('unit NOPE is not in the catalog')
    expect(error.message).toContain('category facilities')
  })

  it('lets only administrators save', async () => {
    const inspector = await signIn(t.app, 's.inspector')
    for (const session of [clerk, inspector]) {
      const res = await put('deadlines', { version: 0, value: DEFAULT_DEADLINES }, session)
      expect(res.status).toBe(403)
    }
    expect((await put('deadlines', { version: 0, value: DEFAULT_DEADLINES }, clerk)).status).toBe(403)
  })

  it('keeps every saved version with who saved it, append-only, across a restart', async () => {
    expect((await put('routing-rules', { version: 0, value: [conductToLs, ...DEFAULT_ROUTING_RULES] })).status).toBe(200)
    expect((await put('routing-rules', { version: 1, value: DEFAULT_ROUTING_RULES })).status).toBe(200)
    await t.reopen()
    admin = await signIn(t.app, 's.admin')
    const res = await staffRequest(t.app, 'GET', '/api/staff/settings/routing-rules/history', admin)
    const { versions } = await res.json()
    expect(versions.map((v: { version: number; actor: number }) => [v.version, v.actor])).toEqual([
      [2, admin.me.id],
      [1, admin.me.id],
    ])
    expect(await (await get('routing-rules', admin)).json()).toMatchObject({ version: 2, value: DEFAULT_ROUTING_RULES })
    await expect(t.sql('UPDATE settings_history SET value = ?', '[]')).rejects.toThrow(/append-only/)
    await expect(t.sql('DELETE FROM settings_history')).rejects.toThrow(/append-only/)
  })
})

const tryRoute = (body: unknown) => staffRequest(t.app, 'POST', '/api/staff/settings/routing-rules/test', admin, { body })

describe('settings: which unit would this go to?', () => {
  it('answers with the saved rules, or with rules being edited', async () => {
    const saved = await (await tryRoute({ category: 'facilities', counter: 'HCC-01' })).json()
    expect(saved.result).toMatchObject({ unitCode: 'LS', ruleId: 'facilities' })
    const proposed = await (await tryRoute({ category: 'conduct', rules: [conductToLs, ...DEFAULT_ROUTING_RULES] })).json()
    expect(proposed.result).toMatchObject({ unitCode: 'LS', ruleId: 'conduct-ls' })
    const current = await (await tryRoute({ category: 'conduct' })).json()
    expect(current.result).toMatchObject({ unitCode: 'VP-TT', ruleId: 'conduct' })
  })

  it('names the bad field', async () => {
    const res = await tryRoute({ category: 'weather' })
    expect(res.status).toBe(400)
    expect((await res.json()).error).toMatchObject({ path: 'category' })
  })
})
