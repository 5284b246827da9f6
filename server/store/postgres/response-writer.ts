import { hash } from 'node:crypto'
import type { PreparedResponse } from '../prepared-response'
import type { InsertStatus } from '../store'
import type { Database, Queryable } from './database'

// A run of a group in one statement: each column one array (unnest), so that a run of any size costs one
// round trip, and, sent alone, no BEGIN and COMMIT either (a statement is its own transaction, durable when it
// returns). ON CONFLICT DO NOTHING covers both the id and the dossier: an insert racing another instance's
// waits for it, then does nothing if that one committed. The answers are those of the responses stored, and
// their rollup: a question answered with several options has a row per option; the response counts once, on
// the first of them in the order given (ord), at its level. The rollups read `stored`, not the tables: a
// statement does not see its own inserts. Named: planned once per connection.
const STORE_RUN = { name: 'store-run', text: `
WITH stored AS (
  INSERT INTO responses (id, counter_code, unit_code, procedure_code, dossier, questionnaire_key, questionnaire_version, level,
    score, max_score, lang, submitted_at, received_at, rated_at, local_day, week_start, hour, weekday, payload, hash, channel)
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[], $8::text[],
    $9::int[], $10::int[], $11::text[], $12::bigint[], $13::bigint[], $14::bigint[], $15::date[], $16::date[], $17::smallint[],
    $18::smallint[], $19::text[], $20::text[], $21::text[])
  ON CONFLICT DO NOTHING
  RETURNING *
), by_level AS (
  INSERT INTO response_rollup AS r (local_day, unit_code, counter_code, procedure_code, level, channel, responses, scored, score_sum,
    max_count, max_sum)
  SELECT local_day, unit_code, counter_code, COALESCE(procedure_code, ''), COALESCE(level, ''), channel, COUNT(*), COUNT(score),
    COALESCE(SUM(score), 0), COUNT(max_score), COALESCE(SUM(max_score), 0)
  FROM stored GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
  ON CONFLICT (local_day, unit_code, counter_code, procedure_code, level, channel) DO UPDATE SET responses = r.responses + excluded.responses,
    scored = r.scored + excluded.scored, score_sum = r.score_sum + excluded.score_sum, max_count = r.max_count + excluded.max_count,
    max_sum = r.max_sum + excluded.max_sum
), by_hour AS (
  INSERT INTO response_hour_rollup AS r (local_day, unit_code, counter_code, channel, weekday, hour, responses, unsatisfied)
  SELECT local_day, unit_code, counter_code, channel, MIN(weekday), hour, COUNT(*), COUNT(*) FILTER (WHERE level = 'unsatisfied')
  FROM stored GROUP BY local_day, unit_code, counter_code, channel, hour ORDER BY 1, 2, 3, 4, 6
  ON CONFLICT (local_day, unit_code, counter_code, channel, hour) DO UPDATE SET responses = r.responses + excluded.responses,
    unsatisfied = r.unsatisfied + excluded.unsatisfied
), given AS (
  SELECT * FROM unnest($22::uuid[], $23::text[], $24::text[], $25::text[], $26::int[], $27::int[], $28::text[], $29::date[])
    WITH ORDINALITY AS a (response_id, questionnaire_key, question_id, value, points, max_points, level, local_day, ord)
  WHERE response_id IN (SELECT id FROM stored)
), answers AS (
  INSERT INTO response_answers (response_id, questionnaire_key, question_id, value, points, max_points, level, local_day)
  SELECT response_id, questionnaire_key, question_id, value, points, max_points, level, local_day FROM given
), ranked AS (
  SELECT given.*, row_number() OVER (PARTITION BY response_id, question_id ORDER BY ord) = 1 AS first FROM given
), by_answer AS (
  INSERT INTO answer_rollup AS r (local_day, unit_code, counter_code, procedure_code, channel, questionnaire_key, question_id, level,
    answers, responses, points_count, points_sum, max_count, max_sum)
  SELECT a.local_day, s.unit_code, s.counter_code, COALESCE(s.procedure_code, ''), s.channel, a.questionnaire_key, a.question_id,
    COALESCE(a.level, ''), COUNT(*), COUNT(*) FILTER (WHERE a.first), COUNT(a.points), COALESCE(SUM(a.points), 0), COUNT(a.max_points),
    COALESCE(SUM(a.max_points), 0)
  FROM ranked a JOIN stored s ON s.id = a.response_id
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8
  ON CONFLICT (local_day, unit_code, counter_code, procedure_code, channel, questionnaire_key, question_id, level) DO UPDATE SET
    answers = r.answers + excluded.answers, responses = r.responses + excluded.responses, points_count = r.points_count + excluded.points_count,
    points_sum = r.points_sum + excluded.points_sum, max_count = r.max_count + excluded.max_count, max_sum = r.max_sum + excluded.max_sum
)
SELECT id FROM stored` }

/** SHA-256 of the payload, base64url: the digest the SQLite store keeps, so a resend compares the same way. */
function contentHash(payload: string): string {
  return hash('sha256', payload, 'base64url')
}

/**
 * Consecutive runs of the group in which no id and no dossier comes twice. Within a run the items cannot
 * affect each other, so one statement stores the run; runs go in order, so an item that repeats an earlier
 * one's id or dossier is judged against it, as if the items were stored one after another.
 */
function runs(items: PreparedResponse[]): PreparedResponse[][] {
  const result: PreparedResponse[][] = []
  let ids = new Set<string>()
  let dossiers = new Set<string>()
  for (const item of items) {
    if (ids.has(item.id) || (item.dossier !== null && dossiers.has(item.dossier)) || result.length === 0) {
      result.push([])
      ids = new Set()
      dossiers = new Set()
    }
    result.at(-1)!.push(item)
    ids.add(item.id)
    if (item.dossier !== null) dossiers.add(item.dossier)
  }
  return result
}

function responseColumns(items: PreparedResponse[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 21 }, () => [])
  for (const r of items) {
    // The channel is not part of the payload: the hash a resend must match stays what it always was.
    const values = [r.id, r.counterCode, r.unitCode, r.procedureCode, r.dossier, r.questionnaireKey, r.questionnaireVersion, r.level,
      r.score, r.maxScore, r.lang, r.submittedAt, r.receivedAt, r.ratedAt, r.localDay, r.weekStart, r.hour, r.weekday, r.payload,
      contentHash(r.payload), r.channel]
    values.forEach((value, i) => columns[i]!.push(value))
  }
  return columns
}

function answerColumns(items: PreparedResponse[]): unknown[][] {
  const columns: unknown[][] = Array.from({ length: 8 }, () => [])
  for (const r of items) {
    for (const a of r.answers) {
      const values = [r.id, r.questionnaireKey, a.questionId, a.value, a.points, a.maxPoints, a.level, r.localDay]
      values.forEach((value, i) => columns[i]!.push(value))
    }
  }
  return columns
}

/** Stores a run, answering which of its ids were stored. */
async function storeRun(client: Queryable, run: PreparedResponse[]): Promise<Set<string>> {
  const { rows } = await client.query<{ id: string }>(STORE_RUN, [...responseColumns(run), ...answerColumns(run)])
  return new Set(rows.map((r) => r.id))
}

/** Each item's status, from the ids stored: a refused one is a duplicate, a conflict, or its dossier was rated. */
async function statuses(client: Queryable, run: PreparedResponse[], stored: Set<string>): Promise<InsertStatus[]> {
  const refused = run.filter((item) => !stored.has(item.id))
  const existing = new Map<string, string>()
  if (refused.length > 0) {
    const found = await client.query<{ id: string; hash: string }>('SELECT id, hash FROM responses WHERE id = ANY($1::uuid[])', [refused.map((r) => r.id)])
    for (const row of found.rows) existing.set(row.id, row.hash)
  }
  return run.map((item) => {
    if (stored.has(item.id)) return 'stored'
    const digest = existing.get(item.id)
    // Not stored and no row of its id: the dossier is another response's.
    if (digest === undefined) return 'dossier_already_rated'
    return digest === contentHash(item.payload) ? 'duplicate' : 'conflict'
  })
}

/**
 * The one transaction that stores a group of responses: idempotent by id (same hash → duplicate, other hash
 * → conflict), one response per dossier, the rollups of what it stored, results in the order given. A group
 * of one run (the usual: a repeat within a group is rare) is one statement; the rows it refused are then
 * read after it, as they were before it: a stored response is never changed.
 */
export function responseWriter(db: Database): (items: PreparedResponse[]) => Promise<InsertStatus[]> {
  return async (items) => {
    const parts = runs(items)
    if (parts.length === 1) {
      const stored = await db.statement((client) => storeRun(client, items))
      return statuses(db, items, stored)
    }
    return db.transaction(async (client) => {
      const all: InsertStatus[] = []
      for (const run of parts) all.push(...(await statuses(client, run, await storeRun(client, run))))
      return all
    })
  }
}
