import type Database from 'better-sqlite3'
import type { Questionnaire } from '../../../shared/questionnaire'
import type { InitialData } from '../initial-data'

/**
 * Store.loadInitialData on SQLite, in one write transaction: the catalog's emptiness is checked under the write
 * lock, so two servers starting on one file do not both find it empty (the second would fail on the first
 * one's codes). Returns the questionnaire versions it added, for the store's cache.
 */
export function loadInitialData(db: Database.Database, { agency, questionnaires, catalog }: InitialData): { added: Questionnaire[]; catalog: boolean } {
  return db.transaction(() => {
    const keep = db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)')
    keep.run('agency_vi', agency.vi)
    keep.run('agency_en', agency.en)

    const insert = db.prepare('INSERT OR IGNORE INTO questionnaires (key, version, definition, active, published_at) VALUES (?, ?, ?, 0, ?)')
    const added = questionnaires.filter((q) => insert.run(q.key, q.version, JSON.stringify(q), Date.now()).changes > 0)
    // Activate the newest version of each key unless a version is active already.
    db.exec(`UPDATE questionnaires SET active = 1 WHERE NOT EXISTS (SELECT 1 FROM questionnaires a WHERE a.key = questionnaires.key AND a.active = 1)
      AND version = (SELECT MAX(version) FROM questionnaires b WHERE b.key = questionnaires.key)`)

    if (!catalog || (db.prepare('SELECT COUNT(*) AS n FROM units').get() as { n: number }).n > 0) return { added, catalog: false }
    if (catalog.demo) db.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('demo', '1')").run()
    const unit = db.prepare('INSERT INTO units (code, name_vi, name_en, is_inspectorate) VALUES (?, ?, ?, ?)')
    for (const u of catalog.units) unit.run(u.code, u.name.vi, u.name.en, u.isInspectorate ? 1 : 0)
    const counter = db.prepare('INSERT INTO counters (code, name_vi, name_en, location_vi, location_en, unit_code, questionnaire_key) VALUES (?, ?, ?, ?, ?, ?, ?)')
    for (const c of catalog.counters) counter.run(c.code, c.name.vi, c.name.en, c.location.vi, c.location.en, c.unitCode, c.questionnaireKey)
    const procedure = db.prepare('INSERT INTO procedures (code, national_code, name_vi, name_en, unit_code, time_limit_days) VALUES (?, ?, ?, ?, ?, ?)')
    for (const p of catalog.procedures) procedure.run(p.code, p.nationalCode, p.name.vi, p.name.en, p.unitCode, p.timeLimitDays)
    return { added, catalog: true }
  }).immediate() // as every transaction that writes (see configure in writer-core.ts)
}
