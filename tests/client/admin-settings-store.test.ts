import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { forgetCsrfToken } from '../../client/api/client'
import { useAdminCalendarStore } from '../../client/stores/admin-calendar'
import { problemText } from '../../client/admin/problems'
import { useAdminRoutingStore } from '../../client/stores/admin-routing'
import type { RoutingRule } from '../../shared/routing'
import { apiError, fakeApi, json, ME } from './admin-fake-api'

const RULES: RoutingRule[] = [
  { id: 'facilities', priority: 20, match: { categories: ['facilities'] }, targets: ['counter_unit'], note: { vi: 'Cơ sở vật chất', en: 'Facilities' } },
  { id: 'conduct', priority: 10, match: { categories: ['conduct'] }, targets: ['inspectorate'], note: { vi: 'Thái độ', en: 'Conduct' } },
]
const setting = (value: unknown, version: number) => json({ key: 'routing-rules', value, version, isDefault: version === 0, updatedAt: null })

beforeEach(() => {
  setActivePinia(createPinia())
  forgetCsrfToken()
})
afterEach(() => vi.unstubAllGlobals())

describe('routing rules store', () => {
  it('loads the rules in the order they are tried, saves them with the version they were loaded at, then edits on from the new one', async () => {
    const api = fakeApi({
      'GET /api/staff/settings/routing-rules': () => setting(RULES, 3),
      'GET /api/staff/me': () => json(ME),
      'PUT /api/staff/settings/routing-rules': (call) => json({ key: 'routing-rules', version: (call.body as { version: number }).version + 1 }),
    })
    const store = useAdminRoutingStore()
    await store.load()
    expect(store.draft?.map((r) => r.id)).toEqual(['conduct', 'facilities'])
    store.draft![1]!.targets.push({ unit: 'LS' })
    expect(await store.save()).toBe(true)
    expect(api.writes()[0]!.body).toEqual({ version: 3, value: [RULES[1], { ...RULES[0], targets: ['counter_unit', { unit: 'LS' }] }] })
    expect(store.version).toBe(4)
    expect(store.saved).toBe(true)
    await store.save()
    expect((api.writes()[1]!.body as { version: number }).version).toBe(4)
  })

  it('refuses to save over a save made meanwhile, and starts again from it on reload', async () => {
    let version = 3
    fakeApi({
      'GET /api/staff/settings/routing-rules': () => setting(RULES, version),
      'GET /api/staff/me': () => json(ME),
      'PUT /api/staff/settings/routing-rules': () => apiError(409, 'stale', 'version: routing-rules was saved meanwhile (now version 4); reload and edit again', 'version'),
    })
    const store = useAdminRoutingStore()
    await store.load()
    store.removeRule(0)
    expect(await store.save()).toBe(false)
    expect(store.stale).toBe(true)
    expect(problemText(store.problems.version!).key).toBe('admin.problem.stale')
    version = 4
    await store.load()
    expect(store.stale).toBe(false)
    expect(store.version).toBe(4)
    expect(store.draft).toHaveLength(2)
    expect(store.problems).toEqual({})
  })

  it('shows the routing problems the server finds in the whole list', async () => {
    fakeApi({
      'GET /api/staff/settings/routing-rules': () => setting(RULES, 1),
      'GET /api/staff/me': () => json(ME),
      'PUT /api/staff/settings/routing-rules': () =>
        apiError(422, 'routing_problems', 'value: an item of category other without procedure or counter reaches no unit', 'value'),
    })
    const store = useAdminRoutingStore()
    await store.load()
    expect(await store.save()).toBe(false)
    expect(problemText(store.problems.value!)).toEqual({ key: 'admin.problem.routing_problems', detail: 'an item of category other without procedure or counter reaches no unit' })
    expect(store.stale).toBe(false)
  })

  it('names the field of the rule at fault before sending anything', async () => {
    const api = fakeApi({ 'GET /api/staff/settings/routing-rules': () => setting(RULES, 1) })
    const store = useAdminRoutingStore()
    await store.load()
    store.draft![0]!.targets = []
    store.draft![1]!.note.vi = ''
    expect(await store.save()).toBe(false)
    expect(Object.keys(store.problems).sort()).toEqual(['value.0.targets', 'value.1.note.vi'])
    expect(problemText(store.problems['value.0.targets']!).key).toBe('admin.problem.noTarget')
    expect(api.writes()).toHaveLength(0)
  })

  it('asks the tester about the draft or about the saved rules', async () => {
    const api = fakeApi({
      'GET /api/staff/settings/routing-rules': () => setting(RULES, 1),
      'GET /api/staff/me': () => json(ME),
      'POST /api/staff/settings/routing-rules/test': (call) =>
        json({
          result: (call.body as { rules?: unknown }).rules
            ? { unitCode: 'LS', ruleId: 'facilities', target: { unit: 'LS' }, reason: { vi: 'Cơ sở vật chất → LS', en: 'Facilities → LS' } }
            : null,
        }),
    })
    const store = useAdminRoutingStore()
    await store.load()
    store.draft![0]!.targets = [{ unit: 'LS' }]
    await store.tryRoute({ category: 'facilities', procedure: '', counter: 'HCC-01', useDraft: true })
    expect(api.writes()[0]!.body).toEqual({ category: 'facilities', counter: 'HCC-01', rules: store.draft })
    expect(store.trialResult?.unitCode).toBe('LS')
    await store.tryRoute({ category: 'facilities', procedure: 'ABTC', counter: '', useDraft: false })
    expect(api.writes()[1]!.body).toEqual({ category: 'facilities', procedure: 'ABTC' })
    expect(store.trialResult).toBeNull()
  })

  it('moves a rule and renumbers the priorities in the order shown', async () => {
    fakeApi({ 'GET /api/staff/settings/routing-rules': () => setting(RULES, 1) })
    const store = useAdminRoutingStore()
    await store.load()
    store.moveRule(1, -1)
    expect(store.draft?.map((r) => [r.id, r.priority])).toEqual([
      ['facilities', 10],
      ['conduct', 20],
    ])
  })
})

describe('calendar store', () => {
  it('checks the calendar with the shared schema and points at the day at fault', async () => {
    const calendar = { closingTime: '17:00', years: [2026], holidays: [{ date: '2026-01-01', name: { vi: 'Tết Dương lịch', en: "New Year's Day" }, kind: 'holiday' }], workingDays: [] }
    const api = fakeApi({ 'GET /api/staff/settings/calendar': () => json({ key: 'calendar', value: calendar, version: 0, isDefault: true, updatedAt: null }) })
    const store = useAdminCalendarStore()
    await store.load()
    store.draft!.workingDays.push({ date: '2026-01-06', name: { vi: 'Làm bù', en: 'Worked' } })
    expect(await store.save()).toBe(false)
    expect(problemText(store.problems['value.workingDays']!).key).toBe('admin.problem.weekendOnly')
    expect(api.writes()).toHaveLength(0)
  })
})
