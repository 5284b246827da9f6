import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readCsv } from '../../server/domain/csv-read'
import type { Catalog } from '../../shared/catalog'
import { addStaff, createTestApp, type Session, signIn, type TestApp } from './test-app'

let t: TestApp
let admin: Session
beforeEach(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000', BODY_LIMIT_BYTES: '4096' })
  await addStaff(t, { username: 'i.admin', role: 'admin' })
  admin = await signIn(t.app, 'i.admin')
})
afterEach(() => t.close())

function upload(body: string | Uint8Array<ArrayBuffer>, query = '', contentType = 'text/csv; charset=utf-8') {
  return t.app.request(`http://localhost/api/staff/admin/catalog/procedures/import${query}`, {
    method: 'POST',
    headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, 'content-type': contentType },
    body,
  })
}

const procedures = async () =>
  (await t.sql('SELECT code, national_code, name_vi, name_en, unit_code, time_limit_days FROM procedures ORDER BY code')) as unknown as {
    code: string
    national_code: string | null
    name_vi: string
    name_en: string
    unit_code: string
    time_limit_days: number | null
  }[]
const auditRows = () => t.sql('SELECT entity_key, action, note FROM admin_audit ORDER BY id')

const HEADER = 'code,national_code,name_vi,name_en,unit_code,time_limit_days'

/**
 * A file as a spreadsheet exports it: a byte-order mark, CRLF, names with commas and a line break in quotes,
 * an update of a demo procedure, and rows wrong in each way the report must explain.
 */
const MESSY = [
  `\uFEFF${HEADER}`,
  'LS-01,1.001234,"Hợp pháp hóa lãnh sự giấy tờ, tài liệu","Consular legalisation of papers, documents",LS,5',
  'ABTC,2.000111,"Cho phép sử dụng thẻ ABTC","APEC Business Travel Card, approval",HTQT,7',
  'LS-02,,"Chứng nhận lãnh sự',
  'tại Sở","Consular certification ""on site""",LS,',
  'BAD-UNIT,,Thủ tục X,Procedure X,NOPE,3',
  'NO-NAME,,,Procedure without a Vietnamese name,LS,3',
  'DUP,,Thủ tục trùng 1,Duplicate one,LS,1',
  '',
  'DUP,,Thủ tục trùng 2,Duplicate two,LS,2',
  'DAYS,,Thủ tục Y,Procedure Y,LS,ba ngày',
  'SHORT,,Thủ tục Z,LS',
].join('\r\n')

describe('procedure import: a messy file', () => {
  it('applies every valid row in one go and reports each rejected row by line, column and reason', async () => {
    const before = await procedures()
    const res = await upload(MESSY)
    expect(res.status).toBe(200)
    const report = await res.json()
    expect(report).toEqual({
      dryRun: false,
      rows: 9,
      created: ['LS-01', 'LS-02'],
      updated: ['ABTC'],
      unchanged: [],
      ignoredColumns: [],
      rejected: [
        { line: 6, column: 'unit_code', code: 'BAD-UNIT', reason: 'no unit has the code NOPE' },
        { line: 7, column: 'name_vi', code: 'NO-NAME', reason: 'name_vi is required' },
        { line: 8, column: 'code', code: 'DUP', reason: 'the code DUP also appears on line 10: none of these rows was applied' },
        { line: 10, column: 'code', code: 'DUP', reason: 'the code DUP also appears on line 8: none of these rows was applied' },
        { line: 11, column: 'time_limit_days', code: 'DAYS', reason: expect.stringContaining('whole number of working days') },
        { line: 12, column: null, code: 'SHORT', reason: 'the row has 4 fields and the header 6' },
      ],
    })
    const after = await procedures()
    expect(after).toHaveLength(before.length + 2)
    expect(after.find((p) => p.code === 'LS-01')).toEqual({
      code: 'LS-01',
      national_code: '1.001234',
      name_vi: 'Hợp pháp hóa lãnh sự giấy tờ, tài liệu',
      name_en: 'Consular legalisation of papers, documents',
      unit_code: 'LS',
      time_limit_days: 5,
    })
    expect(after.find((p) => p.code === 'LS-02')).toMatchObject({ name_vi: 'Chứng nhận lãnh sự\r\ntại Sở', name_en: 'Consular certification "on site"', time_limit_days: null })
    expect(after.find((p) => p.code === 'ABTC')).toMatchObject({ national_code: '2.000111', name_en: 'APEC Business Travel Card, approval', time_limit_days: 7 })
    expect(after.some((p) => ['BAD-UNIT', 'NO-NAME', 'DUP', 'DAYS', 'SHORT'].includes(p.code))).toBe(false)
    expect(await auditRows()).toEqual([
      { entity_key: 'LS-01', action: 'create', note: 'CSV import, line 2' },
      { entity_key: 'ABTC', action: 'update', note: 'CSV import, line 3' },
      { entity_key: 'LS-02', action: 'create', note: 'CSV import, line 4' },
    ])
    // The public catalog has them at once.
    const catalog = (await (await t.app.request('/api/catalog')).json()) as Catalog
    expect(catalog.procedures.map((p) => p.code)).toEqual(expect.arrayContaining(['LS-01', 'LS-02']))
  })

  it('dry run: the same report, nothing written', async () => {
    const before = await procedures()
    const dry = await (await upload(MESSY, '?dryRun=true')).json()
    expect(await procedures()).toEqual(before)
    expect(await auditRows()).toEqual([])
    const real = await (await upload(MESSY)).json()
    expect({ ...dry, dryRun: false }).toEqual(real)
    expect(dry.dryRun).toBe(true)
  })

  it('imports the same file again as unchanged, without audit rows', async () => {
    await upload(MESSY)
    const rows = (await auditRows()).length
    const again = await (await upload(MESSY)).json()
    expect(again).toMatchObject({ created: [], updated: [], unchanged: ['LS-01', 'ABTC', 'LS-02'] })
    expect(await auditRows()).toHaveLength(rows)
  })

  it('reads LF files, columns in any order, and ignores unknown columns', async () => {
    const file = 'unit_code,code,name_en,name_vi,time_limit_days,national_code,note\nBG,BG-02,Border pass,Cấp giấy thông hành,4,,internal\n'
    const report = await (await upload(file)).json()
    expect(report).toMatchObject({ created: ['BG-02'], rejected: [], ignoredColumns: ['note'] })
    expect((await procedures()).find((p) => p.code === 'BG-02')).toMatchObject({ unit_code: 'BG', name_en: 'Border pass', time_limit_days: 4 })
  })

  it('rejects a code that differs only in case from an existing one', async () => {
    const report = await (await upload(`${HEADER}\nabtc,,Thẻ ABTC,ABTC card,HTQT,10\n`)).json()
    expect(report.rejected).toEqual([{ line: 2, column: 'code', code: 'abtc', reason: expect.stringContaining('differs only in case') }])
  })

  it('reports a quote never closed on the line it opened', async () => {
    const report = await (await upload(`${HEADER}\nOK-1,,Một,One,LS,1\nBROKEN,,"Hai,Two,LS,1\n`)).json()
    expect(report.created).toEqual(['OK-1'])
    expect(report.rejected).toEqual([{ line: 3, column: null, code: 'BROKEN', reason: expect.stringContaining('never closed') }])
  })
})

describe('procedure import: refused files', () => {
  it.each([
    ['an empty file', '', 'header'],
    ['a header without name_en', 'code,national_code,name_vi,unit_code,time_limit_days\nX,,Y,LS,1', 'header'],
    ['a column named twice', `${HEADER},code\nX,,Y,Z,LS,1,X`, 'header'],
    ['a header and no rows', `${HEADER}\r\n\r\n`, 'body'],
  ])('answers 400 for %s, naming the part', async (_what, file, path) => {
    const res = await upload(file)
    expect(res.status).toBe(400)
    expect((await res.json()).error).toMatchObject({ code: 'invalid_file', path })
  })

  it('answers 400 for a file that is not UTF-8 (a legacy Windows code page)', async () => {
    // "Hà" in Windows-1258: 0xE0 is not valid UTF-8 on its own.
    const bytes = new Uint8Array([...new TextEncoder().encode(`${HEADER}\nX,,H`), 0xe0, ...new TextEncoder().encode(',Ha,LS,1\n')])
    const res = await upload(bytes)
    expect(res.status).toBe(400)
    expect((await res.json()).error).toMatchObject({ code: 'invalid_encoding', path: 'body' })
  })

  it('answers 415 for JSON, 413 over the body limit and 400 for a bad dryRun', async () => {
    expect((await upload(`${HEADER}\n`, '', 'application/json')).status).toBe(415)
    const big = `${HEADER}\n${'X-1,,Một,One,LS,1\n'.repeat(400)}`
    expect((await upload(big)).status).toBe(413)
    const res = await upload(`${HEADER}\nX,,Y,Z,LS,1`, '?dryRun=maybe')
    expect(res.status).toBe(400)
    expect((await res.json()).error.path).toBe('dryRun')
    expect(await auditRows()).toEqual([])
  })
})

describe('readCsv', () => {
  it('reads quoted fields, doubled quotes, CR, LF and CRLF, and numbers records by their first line', () => {
    expect(readCsv('\uFEFFa,"b,c"\r\n"d\ne","f""g"\rh,\n')).toEqual([
      { line: 1, fields: ['a', 'b,c'] },
      { line: 2, fields: ['d\ne', 'f"g'] },
      { line: 4, fields: ['h', ''] },
    ])
  })

  it('spoils only the record with text after a closing quote', () => {
    expect(readCsv('"a"b,c\nd,e')).toEqual([
      { line: 1, fields: ['a'], error: expect.stringContaining('closing quote') },
      { line: 2, fields: ['d', 'e'] },
    ])
  })
})
