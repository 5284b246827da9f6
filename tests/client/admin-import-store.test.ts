import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { forgetCsrfToken } from '../../client/api/client'
import { useAdminImportStore } from '../../client/stores/admin-import'
import { problemText } from '../../client/admin/problems'
import { apiError, fakeApi, json, ME } from './admin-fake-api'

const CSV = 'code,national_code,name_vi,name_en,unit_code,time_limit_days\nLS-01,,Thủ tục một,Procedure one,LS,5\nBAD,,Sai,Wrong,NOPE,1\n'
const report = (dryRun: boolean) => ({
  dryRun,
  rows: 2,
  created: ['LS-01'],
  updated: [],
  unchanged: [],
  ignoredColumns: [],
  rejected: [{ line: 3, column: 'unit_code', code: 'BAD', reason: 'no unit has the code NOPE' }],
})

beforeEach(() => {
  setActivePinia(createPinia())
  forgetCsrfToken()
})
afterEach(() => vi.unstubAllGlobals())

describe('procedure import store', () => {
  it('runs the file dry first, then applies the same file', async () => {
    const api = fakeApi({
      'GET /api/staff/me': () => json(ME),
      'POST /api/staff/admin/catalog/procedures/import?dryRun=true': () => json(report(true)),
      'POST /api/staff/admin/catalog/procedures/import?dryRun=false': () => json(report(false)),
    })
    const store = useAdminImportStore()
    const file = new File([CSV], 'thu-tuc.csv', { type: 'text/csv' })
    store.choose(file)
    expect(store.canApply).toBe(false)
    await store.apply()
    expect(api.writes()).toHaveLength(0)

    await store.check()
    expect(store.preview?.rejected[0]).toEqual({ line: 3, column: 'unit_code', code: 'BAD', reason: 'no unit has the code NOPE' })
    expect(store.canApply).toBe(true)
    await store.apply()
    const [dry, real] = api.writes()
    expect([dry!.path, real!.path]).toEqual(['/api/staff/admin/catalog/procedures/import?dryRun=true', '/api/staff/admin/catalog/procedures/import?dryRun=false'])
    expect(real!.body).toBe(file)
    expect(real!.headers['content-type']).toMatch(/^text\/csv/)
    expect(store.applied?.created).toEqual(['LS-01'])
    expect(store.preview).toBeNull()
  })

  it('forgets the report when another file is chosen, and cannot apply what nothing would change', async () => {
    fakeApi({
      'GET /api/staff/me': () => json(ME),
      'POST /api/staff/admin/catalog/procedures/import?dryRun=true': () => json({ ...report(true), created: [] }),
    })
    const store = useAdminImportStore()
    store.choose(new File([CSV], 'a.csv'))
    await store.check()
    expect(store.preview).not.toBeNull()
    expect(store.canApply).toBe(false)
    store.choose(new File([CSV], 'b.csv'))
    expect(store.preview).toBeNull()
  })

  it('says why a file cannot be read at all', async () => {
    fakeApi({
      'GET /api/staff/me': () => json(ME),
      'POST /api/staff/admin/catalog/procedures/import?dryRun=true': () =>
        apiError(400, 'invalid_encoding', 'body: the file is not UTF-8; save it as "CSV UTF-8" and try again', 'body'),
    })
    const store = useAdminImportStore()
    store.choose(new File([new Uint8Array([0xff, 0xfe, 0x41])], 'latin.csv'))
    await store.check()
    expect(problemText(store.problem!).key).toBe('admin.problem.invalid_encoding')
    expect(store.canApply).toBe(false)
  })
})
