import type { IntakeStore } from '../intake-store'
import { PAPER_ENTRY_COLUMNS, paperEntryOf, type PaperEntryRow } from '../intake-rows'
import type { Database } from './database'

const SELECT = `SELECT ${PAPER_ENTRY_COLUMNS} FROM paper_entries e JOIN staff k ON k.id = e.keyed_by LEFT JOIN staff c ON c.id = e.checked_by`

/** Paper intake: each change is one statement, conditional on the entry still pending. */
export function postgresIntakeStore(db: Database): IntakeStore {
  async function byId(id: number) {
    const [row] = await db.rows<PaperEntryRow>(`${SELECT} WHERE e.id = $1`, [id])
    return row ? paperEntryOf(row) : undefined
  }
  const update = async (sql: string, values: unknown[]) => (await db.query(sql, values)).rowCount === 1

  return {
    async addPaperEntry(entry) {
      const [row] = await db.rows<{ id: number }>(
        `INSERT INTO paper_entries (response_id, counter_code, unit_code, questionnaire_key, questionnaire_version, dossier, paper_day, form,
          keyed_by, keyed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING RETURNING id`,
        [entry.responseId, entry.counterCode, entry.unitCode, entry.questionnaireKey, entry.questionnaireVersion, entry.dossier, entry.paperDay,
          entry.form, entry.keyedBy, entry.keyedAt],
      )
      return row ? ((await byId(row.id)) ?? null) : null
    },
    paperEntry: byId,
    async paperEntries(unitCode, status, limit) {
      const order = status === 'pending' ? 'e.keyed_at, e.id' : 'e.checked_at DESC, e.id DESC'
      const rows = await db.rows<PaperEntryRow>(`${SELECT} WHERE ($1::text IS NULL OR e.unit_code = $1) AND e.status = $2 ORDER BY ${order} LIMIT $3`, [
        unitCode,
        status,
        limit,
      ])
      return rows.map(paperEntryOf)
    },
    async dossierRated(dossier) {
      return (await db.rows('SELECT 1 FROM responses WHERE dossier = $1', [dossier])).length > 0
    },
    countMismatch: (id) => update("UPDATE paper_entries SET mismatches = mismatches + 1 WHERE id = $1 AND status = 'pending'", [id]),
    markStored: (id, checkedBy, at) =>
      update("UPDATE paper_entries SET status = 'stored', checked_by = $1, checked_at = $2 WHERE id = $3 AND status = 'pending'", [checkedBy, at, id]),
    discard: (id, by, at) =>
      update("UPDATE paper_entries SET status = 'discarded', discarded_by = $1, discarded_at = $2 WHERE id = $3 AND status = 'pending'", [by, at, id]),
  }
}
