import { gunzipSync } from 'node:zlib'
import * as v from 'valibot'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DEMO_COUNTERS, DEMO_PROCEDURES, DEMO_START, DEMO_UNITS } from '../../server/seed/demo-catalog'
import { OFFICIAL_V1, OFFICIAL_V2, QUICK_V1 } from '../../server/defaults/questionnaires'
import { Catalog } from '../../shared/catalog'
import { QUICK_V2 } from '../shared/quick-v2'
import { createTestApp, type TestApp } from './test-app'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

async function getCatalog(): Promise<Catalog> {
  const res = await t.app.request('/api/catalog')
  expect(res.status).toBe(200)
  return (await res.json()) as Catalog
}

describe('GET /api/catalog', () => {
  it('get /catalog answers the demo catalog of a new install, marked as demo', async () => {
    const catalog = await getCatalog()
    expect(v.safeParse(Catalog, catalog).success).toBe(true)
    expect(catalog.demo).toBe(true)
    expect(catalog.agency.vi).toBe('Sở Ngoại vụ tỉnh Hà Tĩnh')
    expect(catalog.units.map((u) => u.code).sort()).toEqual(DEMO_UNITS.map((u) => u.code).sort())
    expect(catalog.counters.map((c) => c.code).sort()).toEqual(DEMO_COUNTERS.map((c) => c.code).sort())
    expect(catalog.procedures.map((p) => p.code).sort()).toEqual(DEMO_PROCEDURES.map((p) => p.code).sort())
  })

  it('get /catalog ties every counter and procedure to a listed unit, and every counter to an active questionnaire', async () => {
    const catalog = await getCatalog()
    const units = new Set(catalog.units.map((u) => u.code))
    const keys = new Set(catalog.questionnaires.map((q) => q.key))
    for (const counter of catalog.counters) {
      expect(units).toContain(counter.unitCode)
      expect(keys).toContain(counter.questionnaireKey)
    }
    for (const procedure of catalog.procedures) expect(units).toContain(procedure.unitCode)
    expect(catalog.units.filter((u) => u.isInspectorate).map((u) => u.code)).toEqual(['VP-TT'])
  })

  it('get /catalog lists the active questionnaires, one version per key, in full', async () => {
    const catalog = await getCatalog()
    expect(catalog.questionnaires.map((q) => `${q.key}@${q.version}`).sort()).toEqual(['official@2', 'quick@1', 'sipas@1'])
    expect(catalog.questionnaires.find((q) => q.key === 'quick')).toEqual(QUICK_V1)
    expect(catalog.questionnaires.find((q) => q.key === 'official')).toEqual(OFFICIAL_V2)
  })

  it('get /catalog is cacheable for a short time, so posters keep working offline', async () => {
    const res = await t.app.request('/api/catalog')
    expect(res.headers.get('cache-control')).toContain('max-age=60')
    expect(res.headers.get('content-type')).toContain('application/json')
  })

  it('seeds the demo catalog once: a second open of the same file adds nothing', async () => {
    const before = await getCatalog()
    const counts = () => Promise.all(['units', 'counters', 'procedures', 'questionnaires', 'meta'].map((table) => t.count(table)))
    const rowsBefore = await counts()
    await t.reopen()
    expect(await t.store.loadInitialData(DEMO_START)).toEqual({ catalog: false })
    expect(await counts()).toEqual(rowsBefore)
    expect(await getCatalog()).toEqual(before)
  })

  it('keeps the agency a database already has: the default is stored only when none is', async () => {
    expect((await getCatalog()).agency).toEqual(DEMO_START.agency)
    expect(await t.store.loadInitialData({ ...DEMO_START, agency: { vi: 'Sở khác', en: 'Another department' } })).toEqual({ catalog: false })
    expect((await getCatalog()).agency).toEqual(DEMO_START.agency)
  })

  it('does not seed the demo catalog over a catalog an administrator already has', async () => {
    await t.sql('DELETE FROM counters')
    await t.sql('DELETE FROM procedures')
    await t.sql("DELETE FROM units WHERE code <> 'VP-TT'")
    await t.reopen()
    const catalog = await getCatalog()
    expect(catalog.units.map((u) => u.code)).toEqual(['VP-TT'])
    expect(catalog.counters).toEqual([])
  })

  it('keeps v1 active when v2 of the same questionnaire is added later, until someone activates it', async () => {
    await t.reopen([QUICK_V1, OFFICIAL_V1, OFFICIAL_V2, QUICK_V2])
    const catalog = await getCatalog()
    expect(catalog.questionnaires.map((q) => `${q.key}@${q.version}`).sort()).toEqual(['official@2', 'quick@1', 'sipas@1'])
    expect(await t.store.questionnaire('quick', 2)).toEqual(QUICK_V2)
    expect(await t.store.questionnaire('quick', 1)).toEqual(QUICK_V1)
    expect(await t.store.questionnaire('quick', 3)).toBeUndefined()
  })

  it('activates the newest version of a key on a new install', async () => {
    const fresh = await createTestApp({}, { questionnaires: [QUICK_V1, QUICK_V2, OFFICIAL_V1] })
    try {
      const res = await fresh.app.request('/api/catalog')
      const catalog = (await res.json()) as Catalog
      expect(catalog.questionnaires.map((q) => `${q.key}@${q.version}`).sort()).toEqual(['official@1', 'quick@2'])
    } finally {
      await fresh.close()
    }
  })
})

describe('compression of what phones wait for', () => {
  it('get /catalog is gzipped for a client that accepts it, and reads back the same', async () => {
    const plain = await t.app.request('/api/catalog')
    const zipped = await t.app.request('/api/catalog', { headers: { 'accept-encoding': 'gzip' } })
    expect(zipped.headers.get('content-encoding')).toBe('gzip')
    expect(plain.headers.get('content-encoding')).toBeNull()
    const bytes = Buffer.from(await zipped.arrayBuffer())
    const text = gunzipSync(bytes).toString('utf8')
    const original = await plain.text()
    expect(JSON.parse(text)).toEqual(JSON.parse(original))
    expect(bytes.length).toBeLessThan(original.length / 2)
  })
})
