import type Database from 'better-sqlite3'
import type { IntakeStore, PaperEntry } from '../intake-store'
import { PAPER_ENTRY_COLUMNS, paperEntryOf, type PaperEntryRow } from '../intake-rows'

/** Paper intake on the store's own connection: a few entries a day, each seen by the next request. */
export function sqliteIntakeStore(db: Database.Database): IntakeStore {
  const select = `SELECT ${PAPER_ENTRY_COLUMNS} FROM paper_entries e JOIN staff k ON k.id = e.keyed_by LEFT JOIN staff c ON c.id = e.checked_by`
  const byId = db.prepare<[number], PaperEntryRow>(`${select} WHERE e.id = ?`)
  const insert = db.prepare(`INSERT INTO paper_entries (response_id, counter_code, unit_code, questionnaire_key, questionnaire_version, dossier,
    paper_day, form, keyed_by, keyed_at) VALUES (@responseId, @counterCode, @unitCode, @questionnaireKey, @questionnaireVersion, @dossier,
    @paperDay, @form, @keyedBy, @keyedAt) ON CONFLICT DO NOTHING`)
  const list = (status: 'pending' | 'stored') =>
    db.prepare<{ unit: string | null; status: string; limit: number }, PaperEntryRow>(
      `${select} WHERE (@unit IS NULL OR e.unit_code = @unit) AND e.status = @status ORDER BY ${status === 'pending' ? 'e.keyed_at, e.id' : 'e.checked_at DESC, e.id DESC'} LIMIT @limit`,
    )
  const lists = { pending: list('pending'), stored: list('stored') }
  const rated = db.prepare<[string], { one: number }>('SELECT 1 AS one FROM responses WHERE dossier = ?')

  return {
    async addPaperEntry(entry) {
      const { changes, lastInsertRowid } = insert.run(entry)
      return changes === 1 ? paperEntryOf(byId.get(Number(lastInsertRowid))!) : null
    },
    async paperEntry(id) {
      const row = byId.get(id)
      return row ? paperEntryOf(row) : undefined
    },
    async paperEntries(unitCode, status, limit): Promise<PaperEntry[]> {
      return lists[status].all({ unit: unitCode, status, limit }).map(paperEntryOf)
    },
    async dossierRated(dossier) {
      return rated.get(dossier) !== undefined
    },
    async countMismatch(id) {
      return db.prepare("UPDATE paper_entries SET mismatches = mismatches + 1 WHERE id = ? AND status = 'pending'").run(id).changes === 1
    },
    async markStored(id, checkedBy, at) {
      return db.prepare("UPDATE paper_entries SET status = 'stored', checked_by = ?, checked_at = ? WHERE id = ? AND status = 'pending'").run(checkedBy, at, id).changes === 1
    },
    async discard(id, by, at) {
      return db.prepare("UPDATE paper_entries SET status = 'discarded', discarded_by = ?, discarded_at = ? WHERE id = ? AND status = 'pending'").run(by, at, id).changes === 1
    },
  }
}
