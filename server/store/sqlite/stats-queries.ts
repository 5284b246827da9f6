import type Database from 'better-sqlite3'
import type { HeatCell } from '../../../shared/dashboard'
import type { HeatmapQuery } from '../store'
import type { Questionnaire } from '../../../shared/questionnaire'
import type { GroupBy, SatisfactionStats, StatsQuery } from '../../../shared/stats'
import { CHANNEL_NAMES, keyedGroups, questionGroups, statsAnswer, statsFilter, type SumsRow } from '../stats-groups'

// From the rollups (migration 5), never the raw rows: a year over a million responses reads a few thousand
// rows. Means are sums over counts, as AVG over the raw rows gives them.
/** Counts per level, and means as sums over counts, from a rollup whose per-level count is `perLevel`. */
function rollupSums(perLevel: 'responses' | 'answers', scored: string, scoreSum: string): string {
  const level = (l: string) => `SUM(CASE WHEN level = '${l}' THEN ${perLevel} ELSE 0 END) AS ${l}`
  return `SUM(responses) AS responses, ${level('very_satisfied')}, ${level('satisfied')}, ${level('unsatisfied')},
    SUM(${scored}) AS scored, CAST(SUM(${scoreSum}) AS REAL) / NULLIF(SUM(${scored}), 0) AS mean_score,
    CAST(SUM(max_sum) AS REAL) / NULLIF(SUM(max_count), 0) AS mean_max`
}
const RESPONSE_SUMS = rollupSums('responses', 'scored', 'score_sum')
const ANSWER_SUMS = rollupSums('answers', 'points_count', 'points_sum')

const RESPONSE_KEYS: Record<Exclude<GroupBy, 'question'>, string> = {
  unit: 'unit_code',
  counter: 'counter_code',
  procedure: 'procedure_code',
  day: 'local_day',
  // Monday of the week, as shared/dates.ts weekStart: the next Sunday (or the day itself), less six days.
  week: "date(local_day, 'weekday 0', '-6 days')",
  month: 'substr(local_day, 1, 7)',
  channel: 'channel',
}

/** SQLite's positional parameters; local_day is YYYY-MM-DD text. */
const filter = (query: Parameters<typeof statsFilter>[0]) => statsFilter(query, () => '?')

/**
 * Names of every unit, counter or procedure, deactivated ones too: past figures keep their labels after an
 * administrator retires what they were about (the public catalog lists active entries only).
 */
function named(db: Database.Database, table: 'units' | 'counters' | 'procedures') {
  const rows = db.prepare(`SELECT code, name_vi, name_en FROM ${table}`).all() as { code: string; name_vi: string; name_en: string }[]
  return new Map(rows.map((r) => [r.code, { vi: r.name_vi, en: r.name_en }]))
}

export function satisfactionStats(
  db: Database.Database,
  query: StatsQuery,
  questionnaires: Questionnaire[],
): SatisfactionStats {
  const { where, params } = filter(query)
  const total = db.prepare(`SELECT 'all' AS key, ${RESPONSE_SUMS} FROM response_rollup WHERE ${where}`).get(...params) as SumsRow
  if (query.groupBy === 'question') {
    const rows = db
      .prepare(`SELECT questionnaire_key || '.' || question_id AS key, ${ANSWER_SUMS}
        FROM answer_rollup WHERE ${where} GROUP BY questionnaire_key, question_id ORDER BY questionnaire_key, question_id`)
      .all(...params) as SumsRow[]
    return statsAnswer(query, total, questionGroups(rows, questionnaires))
  }
  const rows = db.prepare(`SELECT ${RESPONSE_KEYS[query.groupBy]} AS key, ${RESPONSE_SUMS} FROM response_rollup WHERE ${where} GROUP BY 1 ORDER BY 1`).all(...params) as SumsRow[]
  const names =
    query.groupBy === 'unit' ? named(db, 'units')
    : query.groupBy === 'counter' ? named(db, 'counters')
    : query.groupBy === 'procedure' ? named(db, 'procedures')
    : query.groupBy === 'channel' ? CHANNEL_NAMES
    : undefined
  return statsAnswer(query, total, keyedGroups(query, rows, names))
}

/** Responses per weekday and hour of the day (local time), for the heat map. Procedure filters do not apply. */
export function heatmap(db: Database.Database, query: HeatmapQuery): HeatCell[] {
  const { where, params } = filter({ from: query.from, to: query.to, unit: query.unit, counter: query.counter, channel: query.channel })
  return db
    .prepare(`SELECT weekday, hour, SUM(responses) AS responses, SUM(unsatisfied) AS unsatisfied FROM response_hour_rollup WHERE ${where}
      GROUP BY weekday, hour ORDER BY weekday, hour`)
    .all(...params) as HeatCell[]
}
