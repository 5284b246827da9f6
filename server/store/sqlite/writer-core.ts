import { hash } from 'node:crypto'
import type Database from 'better-sqlite3'
import type { Channel } from '../../../shared/channels'
import type { PreparedResponse } from '../prepared-response'
import type { InsertStatus } from '../store'
import { rollupWriter } from './rollups'

/** Settings every connection to the database uses, the store's own and the writer thread's. */
export function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL')
  // FULL (not NORMAL) in WAL mode: every commit is fsynced, so an acknowledged response survives a power cut.
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  // The store's connection and the writer thread's write the same file at once, so one of them often waits.
  // The busy timeout makes it wait, but only before its transaction has read: a deferred transaction that
  // has read and then writes fails at once with "database is locked" (waiting could not help it, as once
  // the other commits, what it read is out of date). Hence every transaction that may write begins with
  // BEGIN IMMEDIATE (better-sqlite3's `.immediate`): it takes the write lock first, waiting up to 5 s.
  db.pragma('busy_timeout = 5000')
}

/**
 * One prepared response as the values of its `responses` row, in column order but for the hash (which the
 * writer adds, see rowWriter; the channel is not part of the payload it digests), followed by its answers flattened five values each (question_id, value,
 * points, max_points, level). Flat arrays of primitives cost the structured clone to the writer thread
 * about a third less than the objects with their field names and nested answer objects.
 */
export type Row = [
  id: string,
  counterCode: string,
  unitCode: string,
  procedureCode: string | null,
  dossier: string | null,
  questionnaireKey: string,
  questionnaireVersion: number,
  level: string | null,
  score: number | null,
  maxScore: number | null,
  lang: string,
  submittedAt: number,
  receivedAt: number,
  ratedAt: number,
  localDay: string,
  weekStart: string,
  hour: number,
  weekday: number,
  payload: string,
  channel: Channel,
  answers: (string | number | null)[],
]

const ROW_PAYLOAD = 18
const ROW_ANSWERS = 20

function toRow(item: PreparedResponse): Row {
  const answers: (string | number | null)[] = []
  for (const a of item.answers) answers.push(a.questionId, a.value, a.points, a.maxPoints, a.level)
  return [
    item.id,
    item.counterCode,
    item.unitCode,
    item.procedureCode,
    item.dossier,
    item.questionnaireKey,
    item.questionnaireVersion,
    item.level,
    item.score,
    item.maxScore,
    item.lang,
    item.submittedAt,
    item.receivedAt,
    item.ratedAt,
    item.localDay,
    item.weekStart,
    item.hour,
    item.weekday,
    item.payload,
    item.channel,
    answers,
  ]
}

/** The items as rows, what the writer thread is sent. */
export function toRows(items: PreparedResponse[]): Row[] {
  return items.map(toRow)
}

/**
 * The digest a resent id must match: SHA-256 of the payload (the validated content as stable JSON), as it
 * always was, so that the hashes already stored still match a device's resend. Taken here, on the writer
 * thread, rather than while preparing: the main thread is the one every request waits on.
 */
export function contentHash(payload: string): string {
  return hash('sha256', payload, 'base64url')
}

/**
 * The one transaction that stores responses: idempotent by id (same hash → duplicate, other hash →
 * conflict), one response per dossier, results in the order given, and the statistics rollups of what it
 * stored (rollups.ts). Takes rows (see toRows).
 */
export function rowWriter(db: Database.Database): (rows: Row[]) => InsertStatus[] {
  const findById = db.prepare<[string], { hash: string }>('SELECT hash FROM responses WHERE id = ?')
  const findByDossier = db.prepare<[string], { id: string }>('SELECT id FROM responses WHERE dossier = ?')
  const insertResponse = db.prepare(`
    INSERT INTO responses (id, counter_code, unit_code, procedure_code, dossier, questionnaire_key,
      questionnaire_version, level, score, max_score, lang, submitted_at, received_at, rated_at, local_day,
      week_start, hour, weekday, payload, channel, hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
  const insertAnswer = db.prepare(`
    INSERT INTO response_answers (response_id, questionnaire_key, question_id, value, points, max_points, level, local_day)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)

  const addToRollups = rollupWriter(db)

  const write = db.transaction((rows: Row[]): InsertStatus[] => {
    const stored: Row[] = []
    const statuses = rows.map((row): InsertStatus => {
      const [id, , , , dossier, questionnaireKey, , , , , , , , , localDay] = row
      const digest = contentHash(row[ROW_PAYLOAD])
      const existing = findById.get(id)
      if (existing) return existing.hash === digest ? 'duplicate' : 'conflict'
      if (dossier && findByDossier.get(dossier)) return 'dossier_already_rated'
      const answers = row[ROW_ANSWERS]
      const values: unknown[] = row.slice(0, ROW_ANSWERS)
      values.push(digest)
      insertResponse.run(values)
      for (let i = 0; i < answers.length; i += 5) {
        insertAnswer.run(id, questionnaireKey, answers[i], answers[i + 1], answers[i + 2], answers[i + 3], answers[i + 4], localDay)
      }
      stored.push(row)
      return 'stored'
    })
    addToRollups(stored)
    return statuses
  })
  // Immediate: it reads (the ids, the dossiers) before it writes; see configure.
  return (rows) => write.immediate(rows)
}

/**
 * The same transaction over prepared responses, run in process: for an in-memory database, which a second
 * thread cannot open.
 */
export function responseWriter(db: Database.Database): (items: PreparedResponse[]) => InsertStatus[] {
  const write = rowWriter(db)
  return (items) => write(items.map(toRow))
}
