import * as v from 'valibot'
import { type ProcedureInput, ProcedureCreate } from '../../shared/admin'
import { plainMessage } from '../../shared/api-error'
import type { AdminCatalog, ImportRow } from '../store/admin-store'
import { readCsv } from './csv-read'

/** The columns of the procedure catalog file, in the order the template lists them. */
export const IMPORT_COLUMNS = ['code', 'national_code', 'name_vi', 'name_en', 'unit_code', 'time_limit_days'] as const
type Column = (typeof IMPORT_COLUMNS)[number]

/** Where a valibot issue on a procedure lands in the file. */
const COLUMN_OF: Record<string, Column> = {
  code: 'code',
  nationalCode: 'national_code',
  'name.vi': 'name_vi',
  'name.en': 'name_en',
  unitCode: 'unit_code',
  timeLimitDays: 'time_limit_days',
}

export interface RejectedRow {
  line: number
  /** The column at fault, or null when the row as a whole is (a wrong number of fields, a code repeated). */
  column: Column | null
  /** The row's code as written, when it has one: the administrator finds the row by it. */
  code: string | null
  reason: string
}

export interface ImportPlan {
  /** Data rows read (blank lines are not rows). */
  rows: number
  valid: ImportRow[]
  created: string[]
  updated: string[]
  unchanged: string[]
  rejected: RejectedRow[]
  /** Columns of the header the import does not know; their values are left alone. */
  ignoredColumns: string[]
}

/** A fault of the whole file: nothing can be read from it row by row. */
export class ImportFileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message)
  }
}

const sameProcedure = (a: ProcedureInput, b: ProcedureInput) =>
  a.nationalCode === b.nationalCode && a.name.vi === b.name.vi && a.name.en === b.name.en && a.unitCode === b.unitCode && a.timeLimitDays === b.timeLimitDays

/**
 * Reads a procedure catalog exported as CSV and decides, row by row, what would be created, updated or left
 * as it is, and which rows are rejected and why. Pure: the catalog it checks against is given, nothing is
 * written. Rows whose code appears twice in the file are all rejected: which of them is meant cannot be told.
 */
export function planProcedureImport(text: string, catalog: AdminCatalog): ImportPlan {
  const records = readCsv(text)
  const header = records.shift()
  if (!header || header.fields.every((f) => f.trim() === '')) throw new ImportFileError('header', `header: the file is empty; its first line must name the columns ${IMPORT_COLUMNS.join(', ')}`)
  if (header.error) throw new ImportFileError('header', `header: ${header.error}`)
  const names = header.fields.map((f) => f.trim().toLowerCase())
  const index = new Map<string, number>()
  for (const [i, name] of names.entries()) {
    if (index.has(name)) throw new ImportFileError('header', `header: the column ${name} appears twice`)
    index.set(name, i)
  }
  const missing = IMPORT_COLUMNS.filter((c) => !index.has(c))
  if (missing.length > 0) {
    throw new ImportFileError('header', `header: the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing; the first line must name ${IMPORT_COLUMNS.join(', ')}`)
  }

  const plan: ImportPlan = {
    rows: 0,
    valid: [],
    created: [],
    updated: [],
    unchanged: [],
    rejected: [],
    ignoredColumns: names.filter((name) => name !== '' && !(IMPORT_COLUMNS as readonly string[]).includes(name)),
  }
  const rows = records.filter((r) => r.error !== undefined || r.fields.some((f) => f.trim() !== ''))
  plan.rows = rows.length
  if (rows.length === 0) throw new ImportFileError('body', 'body: the file has no rows after its header')

  const cell = (r: { fields: string[] }, column: Column) => r.fields[index.get(column)!]?.trim() ?? ''
  // Lines per code, compared as the store compares codes (case does not make two procedures).
  const linesByCode = new Map<string, number[]>()
  for (const r of rows) {
    const code = cell(r, 'code').toUpperCase()
    if (code !== '') linesByCode.set(code, [...(linesByCode.get(code) ?? []), r.line])
  }
  const units = new Map(catalog.units.map((u) => [u.code, u]))
  const existing = new Map(catalog.procedures.map((p) => [p.code.toUpperCase(), p]))

  for (const r of rows) {
    const code = cell(r, 'code')
    const reject = (column: Column | null, reason: string) => plan.rejected.push({ line: r.line, column, code: code === '' ? null : code, reason })
    if (r.error) {
      reject(null, `the row cannot be read: ${r.error}`)
      continue
    }
    if (r.fields.length !== names.length) {
      reject(null, `the row has ${r.fields.length} field${r.fields.length === 1 ? '' : 's'} and the header ${names.length}`)
      continue
    }
    const others = (linesByCode.get(code.toUpperCase()) ?? []).filter((l) => l !== r.line)
    if (others.length > 0) {
      reject('code', `the code ${code} also appears on line ${others.join(', ')}: none of these rows was applied`)
      continue
    }
    const days = cell(r, 'time_limit_days')
    if (days !== '' && !/^\d+$/.test(days)) {
      reject('time_limit_days', `time_limit_days must be a whole number of working days, or empty when the result is given on the spot ("${days}" is not)`)
      continue
    }
    const parsed = v.safeParse(ProcedureCreate, {
      code,
      nationalCode: cell(r, 'national_code'),
      name: { vi: cell(r, 'name_vi'), en: cell(r, 'name_en') },
      unitCode: cell(r, 'unit_code'),
      timeLimitDays: days === '' ? null : Number(days),
    })
    if (!parsed.success) {
      const issue = parsed.issues[0]
      const column = COLUMN_OF[(issue.path ?? []).map((p) => String((p as { key: unknown }).key)).join('.')] ?? null
      reject(column, `${column ?? 'the row'} ${plainMessage(issue, ProcedureCreate)}`)
      continue
    }
    const procedure = parsed.output
    const unit = units.get(procedure.unitCode)
    if (!unit || !unit.active) {
      reject('unit_code', unit ? `the unit ${procedure.unitCode} is inactive` : `no unit has the code ${procedure.unitCode}`)
      continue
    }
    const current = existing.get(procedure.code.toUpperCase())
    if (current && current.code !== procedure.code) {
      reject('code', `the code ${procedure.code} differs only in case from the existing procedure ${current.code}; write it as ${current.code}`)
      continue
    }
    plan.valid.push({ line: r.line, procedure })
    if (!current) plan.created.push(procedure.code)
    else if (sameProcedure(current, procedure)) plan.unchanged.push(procedure.code)
    else plan.updated.push(procedure.code)
  }
  return plan
}
