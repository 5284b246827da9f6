import type { Catalog } from '../../shared/catalog'
import type { Questionnaire } from '../../shared/questionnaire'
import type { AdminCounter, AdminProcedure, AdminUnit } from './admin-store'

/**
 * Catalog rows as both stores read them, and how they become the administrators' entries and the public
 * catalog: one home whatever SQL read them. A flag is SQLite's 0/1 or PostgreSQL's boolean.
 * (sqlite/admin-store.ts still has its own copies; it is to use these once the SQLite store is free to change.)
 */
type Flag = boolean | number

export interface UnitRow {
  code: string
  name_vi: string
  name_en: string
  is_inspectorate: Flag
  active: Flag
}
export interface CounterRow {
  code: string
  name_vi: string
  name_en: string
  location_vi: string
  location_en: string
  unit_code: string
  questionnaire_key: string
  active: Flag
}
export interface ProcedureRow {
  code: string
  national_code: string | null
  name_vi: string
  name_en: string
  unit_code: string
  time_limit_days: number | null
  active: Flag
}

export const toUnit = (r: UnitRow): AdminUnit => ({
  code: r.code,
  name: { vi: r.name_vi, en: r.name_en },
  isInspectorate: Boolean(r.is_inspectorate),
  active: Boolean(r.active),
})
export const toCounter = (r: CounterRow): AdminCounter => ({
  code: r.code,
  name: { vi: r.name_vi, en: r.name_en },
  location: { vi: r.location_vi, en: r.location_en },
  unitCode: r.unit_code,
  questionnaireKey: r.questionnaire_key,
  active: Boolean(r.active),
})
export const toProcedure = (r: ProcedureRow): AdminProcedure => ({
  code: r.code,
  nationalCode: r.national_code,
  name: { vi: r.name_vi, en: r.name_en },
  unitCode: r.unit_code,
  timeLimitDays: r.time_limit_days,
  active: Boolean(r.active),
})

/** An entry as the public catalog lists it: the administrators' entry, in the same key order, less `active`. */
function listed<E extends { active: boolean }>(entry: E): Omit<E, 'active'> {
  const { active: _active, ...rest } = entry
  return rest
}

/** The public catalog from its active rows (in code order), the active questionnaire versions and the meta table. */
export function publicCatalog(
  rows: { units: UnitRow[]; counters: CounterRow[]; procedures: ProcedureRow[] },
  questionnaires: Questionnaire[],
  meta: { key: string; value: string }[],
): Catalog {
  const values = Object.fromEntries(meta.map((r) => [r.key, r.value]))
  // Stored by Store.loadInitialData, which the start command runs before serving.
  if (values.agency_vi === undefined || values.agency_en === undefined) throw new Error('meta has no agency: Store.loadInitialData was not run')
  return {
    agency: { vi: values.agency_vi, en: values.agency_en },
    demo: values.demo === '1',
    units: rows.units.map((r) => listed(toUnit(r))),
    counters: rows.counters.map((r) => listed(toCounter(r))),
    procedures: rows.procedures.map((r) => listed(toProcedure(r))),
    questionnaires,
  }
}
