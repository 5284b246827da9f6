import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { forgetCsrfToken, setUnauthorizedHandler } from '../../client/api/client'
import { useAdminCatalogStore } from '../../client/stores/admin-catalog'
import { problemText } from '../../client/admin/problems'
import { apiError, fakeApi, json, ME } from './admin-fake-api'

const LS = { code: 'LS', name: { vi: 'Phòng Lãnh sự', en: 'Consular Office' }, isInspectorate: false, active: true }
const HCC1 = { code: 'HCC-01', name: { vi: 'Quầy 1', en: 'Counter 1' }, location: { vi: 'Tầng 1', en: 'Floor 1' }, unitCode: 'LS', questionnaireKey: 'quick', active: true }
const CATALOG = { units: [LS], counters: [HCC1], procedures: [] }

const newCounter = (over: Record<string, unknown> = {}) => ({
  code: 'HCC-09',
  name: { vi: 'Quầy 9', en: 'Counter 9' },
  location: { vi: 'Tầng 2', en: 'Floor 2' },
  unitCode: 'LS',
  questionnaireKey: 'quick',
  ...over,
})

beforeEach(() => {
  setActivePinia(createPinia())
  forgetCsrfToken()
})
afterEach(() => vi.unstubAllGlobals())

describe('admin catalog store', () => {
  it('creates a counter with the session CSRF token and shows it in the list at once', async () => {
    const api = fakeApi({
      'GET /api/staff/admin/catalog': () => json(CATALOG),
      'GET /api/staff/me': () => json(ME),
      'POST /api/staff/admin/catalog/counters': (call) => json({ ...(call.body as object), active: true }, 201),
    })
    const store = useAdminCatalogStore()
    await store.load()
    expect(await store.save('counters', newCounter({ code: '  HCC-09 ' }))).toBeNull()
    const post = api.writes()[0]!
    expect(post.headers['x-csrf-token']).toBe('token-1')
    // The shared schema trimmed the code before it left.
    expect(post.body).toMatchObject({ code: 'HCC-09', unitCode: 'LS' })
    expect(store.catalog?.counters.map((c) => c.code)).toEqual(['HCC-01', 'HCC-09'])
  })

  it('names every field the schema refuses, without asking the server', async () => {
    const api = fakeApi({ 'GET /api/staff/admin/catalog': () => json(CATALOG) })
    const store = useAdminCatalogStore()
    await store.load()
    const problems = await store.save('counters', newCounter({ code: 'quầy 9', name: { vi: ' ', en: 'Counter 9' }, location: { vi: 'x'.repeat(301), en: 'Floor' } }))
    expect(Object.keys(problems ?? {}).sort()).toEqual(['code', 'location.vi', 'name.vi'])
    expect(problemText(problems!['name.vi']!)).toEqual({ key: 'admin.problem.required', params: {} })
    expect(problemText(problems!['location.vi']!)).toEqual({ key: 'admin.problem.tooLong', params: { max: 300 } })
    expect(problemText(problems!.code!).key).toBe('admin.problem.codeChars')
    expect(api.writes()).toHaveLength(0)
  })

  it("puts the server's refusal on the field it names, in the page's words", async () => {
    fakeApi({
      'GET /api/staff/me': () => json(ME),
      'POST /api/staff/admin/catalog/counters': (call) =>
        (call.body as { code: string }).code === 'HCC-01'
          ? apiError(409, 'duplicate', 'code: counter HCC-01 exists already (codes and usernames are unique whatever their case)', 'code')
          : apiError(400, 'invalid', 'unitCode: no unit has the code NOPE', 'unitCode'),
    })
    const store = useAdminCatalogStore()
    const duplicate = await store.save('counters', newCounter({ code: 'HCC-01' }))
    expect(duplicate).toEqual({ code: { code: 'duplicate', message: 'counter HCC-01 exists already (codes and usernames are unique whatever their case)', path: 'code' } })
    expect(problemText(duplicate!.code!).key).toBe('admin.problem.duplicate')
    const unknownUnit = await store.save('counters', newCounter({ unitCode: 'NOPE' }))
    expect(problemText(unknownUnit!.unitCode!)).toEqual({ key: 'admin.problem.unknownUnit', params: { code: 'NOPE' } })
  })

  it('keeps the API sentence as the detail of a refusal that lists what is at fault', async () => {
    fakeApi({
      'GET /api/staff/me': () => json(ME),
      'POST /api/staff/admin/catalog/units/LS/deactivate': () =>
        apiError(409, 'in_use', 'code: the unit LS still has active counters HCC-01; move or deactivate them first', 'code'),
    })
    const store = useAdminCatalogStore()
    const problem = await store.setActive('units', 'LS', false)
    expect(problemText(problem!)).toEqual({ key: 'admin.problem.in_use', detail: 'the unit LS still has active counters HCC-01; move or deactivate them first' })
  })

  it('fetches a new CSRF token once when the session changed, and hands a 401 to the session', async () => {
    // The first /me gives the token of a session that then ended in another tab; the second, the new one.
    const tokens = ['token-1', 'token-2']
    const api = fakeApi({
      'GET /api/staff/me': () => json({ ...ME, csrfToken: tokens.shift() }),
      'POST /api/staff/admin/catalog/units/LS/reactivate': (call) =>
        call.headers['x-csrf-token'] === 'token-2' ? json(LS) : apiError(403, 'csrf', 'bad token', ''),
    })
    const store = useAdminCatalogStore()
    expect(await store.setActive('units', 'LS', true)).toBeNull()
    expect(api.calls.filter((c) => c.path === '/api/staff/admin/catalog/units/LS/reactivate').map((c) => c.headers['x-csrf-token'])).toEqual(['token-1', 'token-2'])

    const signedOut = vi.fn()
    setUnauthorizedHandler(signedOut)
    fakeApi({ 'GET /api/staff/admin/catalog': () => apiError(401, 'session_expired', 'Session expired', '') })
    await store.load()
    expect(signedOut).toHaveBeenCalledOnce()
    expect(store.problem?.code).toBe('session_expired')
  })
})
