import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { surveyShell, withSurveyShell } from '../../server/pages/survey-shell'
import { DEMO_COUNTERS, DEMO_PROCEDURES, DEMO_UNITS } from '../../server/seed/demo-catalog'
import { DEFAULT_AGENCY } from '../../server/defaults/agency'
import { DEFAULT_QUESTIONNAIRES } from '../../server/defaults/questionnaires'
import type { Catalog } from '../../shared/catalog'
import { createTestApp, type TestApp } from './test-app'

const HTML = '<!doctype html><html><head><title>x</title></head><body><div id="app"></div></body></html>'
const catalog: Catalog = {
  agency: DEFAULT_AGENCY,
  demo: true,
  units: DEMO_UNITS,
  counters: DEMO_COUNTERS,
  procedures: DEMO_PROCEDURES,
  questionnaires: DEFAULT_QUESTIONNAIRES.filter((q) => q.version === 1),
}

describe('the first screen the server draws for /q/<counter>', () => {
  it('names the agency, the counter, the unit of the procedure asked for, and the first question', () => {
    const counter = DEMO_COUNTERS.find((c) => c.code === 'HCC-01')!
    const procedure = DEMO_PROCEDURES.find((p) => p.unitCode !== counter.unitCode)!
    const shell = surveyShell(catalog, 'HCC-01', procedure.code)!
    const quick = catalog.questionnaires.find((q) => q.key === counter.questionnaireKey)!
    expect(shell).toContain(`<h1>${counter.name.vi}</h1>`)
    expect(shell).toContain(`<h2>${quick.title.vi}</h2>`)
    expect(shell).toContain(`<legend>${quick.questions[0]!.text.vi}</legend>`)
    expect(shell).toContain(DEMO_UNITS.find((u) => u.code === procedure.unitCode)!.name.vi)
    // Without a procedure, the counter's own unit.
    expect(surveyShell(catalog, 'HCC-01', null)).toContain(DEMO_UNITS.find((u) => u.code === counter.unitCode)!.name.vi)
  })

  it('draws nothing for a counter it does not know, leaving the app to explain', () => {
    expect(surveyShell(catalog, 'NOPE', null)).toBeNull()
    expect(withSurveyShell(HTML, null)).toBe(HTML)
  })

  it('escapes every text it writes', () => {
    const hostile: Catalog = {
      ...catalog,
      agency: { vi: 'Sở <img src=x onerror=alert(1)>', en: 'x' },
      counters: catalog.counters.map((c) => ({ ...c, name: { vi: '"Quầy" & <b>1</b>', en: 'x' } })),
    }
    const shell = surveyShell(hostile, 'HCC-01', null)!
    expect(shell).toContain('Sở &lt;img src=x onerror=alert(1)&gt;')
    expect(shell).toContain('&quot;Quầy&quot; &amp; &lt;b&gt;1&lt;/b&gt;')
    expect(shell).not.toContain('<img')
    expect(shell).not.toContain('<b>')
  })
})

describe('GET /q/* with a built client', () => {
  let t: TestApp
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hailong-shell-'))
    writeFileSync(join(dir, 'index.html'), HTML)
    t = await createTestApp({ STATIC_DIR: dir })
  })
  afterAll(() => t.close())

  it('puts the shell into the rating page only, beside the inline catalog', async () => {
    const page = await (await t.app.request('/q/HCC-01?p=ABTC')).text()
    expect(page).toContain('<script id="catalog-data"')
    expect(page).toMatch(/<div id="app"><header class="topbar">.*<legend>.*<\/legend><\/fieldset><\/form><\/main><\/div>/)
    expect(page).toContain('Phòng Hợp tác quốc tế')
    for (const path of ['/q/NOPE', '/q/HCC-01/phan-anh']) {
      const other = await (await t.app.request(path)).text()
      expect(other, path).toContain('<div id="app"></div>')
    }
  })
})
