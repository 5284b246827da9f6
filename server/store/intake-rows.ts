import type { PaperEntry } from './intake-store'

/** The columns both stores select for a paper entry: `e` the entry, `k` who keyed it, `c` who checked it. */
export const PAPER_ENTRY_COLUMNS = `e.id, e.response_id, e.counter_code, e.unit_code, e.questionnaire_key, e.questionnaire_version, e.dossier,
  e.paper_day, e.form, e.keyed_by, k.display_name AS keyed_by_name, e.keyed_at, e.status, e.mismatches, e.checked_by,
  c.display_name AS checked_by_name, e.checked_at`

export interface PaperEntryRow {
  id: number
  response_id: string
  counter_code: string
  unit_code: string
  questionnaire_key: string
  questionnaire_version: number
  dossier: string | null
  paper_day: string
  form: string
  keyed_by: number
  keyed_by_name: string
  keyed_at: number
  status: PaperEntry['status']
  mismatches: number
  checked_by: number | null
  checked_by_name: string | null
  checked_at: number | null
}

export function paperEntryOf(row: PaperEntryRow): PaperEntry {
  return {
    id: row.id,
    responseId: row.response_id,
    counterCode: row.counter_code,
    unitCode: row.unit_code,
    questionnaireKey: row.questionnaire_key,
    questionnaireVersion: row.questionnaire_version,
    dossier: row.dossier,
    paperDay: row.paper_day,
    form: row.form,
    keyedBy: { id: row.keyed_by, displayName: row.keyed_by_name },
    keyedAt: row.keyed_at,
    status: row.status,
    mismatches: row.mismatches,
    checkedBy: row.checked_by === null ? null : { id: row.checked_by, displayName: row.checked_by_name ?? '' },
    checkedAt: row.checked_at,
  }
}
