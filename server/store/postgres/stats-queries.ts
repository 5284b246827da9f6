import type { HeatCell } from '../../../shared/dashboard'
import type { HeatmapQuery } from '../store'
import type { Questionnaire } from '../../../shared/questionnaire'
import type { SatisfactionStats, StatsQuery } from '../../../shared/stats'
import { CHANNEL_NAMES, keyedGroups, type KeyedGroupBy, type Names, questionGroups, statsAnswer, statsFilter, type SumsRow } from '../stats-groups'
import type { Database } from './database'

// From the rollups, never the raw rows, as on SQLite. Means are sums over counts in double precision, as
// SQLite's REAL division gives them, so that both stores round to the same figures.
function rollupSums(perLevel: 'responses' | 'answers', scored: string, scoreSum: string): string {
  const level = (l: string) => `SUM(CASE WHEN level = '${l}' THEN ${perLevel} ELSE 0 END) AS ${l}`
  return `SUM(responses) AS responses, ${level('very_satisfied')}, ${level('satisfied')}, ${level('unsatisfied')},
    SUM(${scored}) AS scored, SUM(${scoreSum})::float8 / NULLIF(SUM(${scored}), 0) AS mean_score,
    SUM(max_sum)::float8 / NULLIF(SUM(max_count), 0) AS mean_max`
}
const RESPONSE_SUMS = rollupSums('responses', 'scored', 'score_sum')
const ANSWER_SUMS = rollupSums('answers', 'points_count', 'points_sum')

const RESPONSE_KEYS: Record<KeyedGroupBy, string> = {
  unit: 'unit_code',
  counter: 'counter_code',
  procedure: 'procedure_code',
  day: "to_char(local_day, 'YYYY-MM-DD')",
  // Monday of the ISO week, as shared/dates.ts weekStart (date - integer is a date; no time zone involved).
  week: "to_char(local_day - (extract(isodow FROM local_day)::int - 1), 'YYYY-MM-DD')",
  month: "to_char(local_day, 'YYYY-MM')",
  channel: 'channel',
}

/** PostgreSQL's numbered parameters; the days compared as dates. */
const filter = (query: Parameters<typeof statsFilter>[0]) => statsFilter(query, (n) => `$${n}`, (text) => `${text}::date`)

/** Names of every unit, counter or procedure, deactivated ones too (see keyedGroups). */
async function named(db: Database, table: 'units' | 'counters' | 'procedures'): Promise<Names> {
  const rows = await db.rows<{ code: string; name_vi: string; name_en: string }>(`SELECT code, name_vi, name_en FROM ${table}`)
  return new Map(rows.map((r) => [r.code, { vi: r.name_vi, en: r.name_en }]))
}

const NAMED_TABLES = { unit: 'units', counter: 'counters', procedure: 'procedures' } as const

export async function satisfactionStats(db: Database, query: StatsQuery, questionnaires: () => Promise<Questionnaire[]>): Promise<SatisfactionStats> {
  const { where, params } = filter(query)
  const [total] = await db.rows<SumsRow>(`SELECT 'all' AS key, ${RESPONSE_SUMS} FROM response_rollup WHERE ${where}`, params)
  if (query.groupBy === 'question') {
    const rows = await db.rows<SumsRow>(
      `SELECT questionnaire_key || '.' || question_id AS key, ${ANSWER_SUMS}
        FROM answer_rollup WHERE ${where} GROUP BY questionnaire_key, question_id ORDER BY questionnaire_key, question_id`,
      params,
    )
    return statsAnswer(query, total!, questionGroups(rows, await questionnaires()))
  }
  // COLLATE "C": period keys are computed text, which would otherwise sort by the database's locale.
  const rows = await db.rows<SumsRow>(
    `SELECT (${RESPONSE_KEYS[query.groupBy]}) COLLATE "C" AS key, ${RESPONSE_SUMS} FROM response_rollup WHERE ${where} GROUP BY 1 ORDER BY 1`,
    params,
  )
  const table = query.groupBy in NAMED_TABLES ? NAMED_TABLES[query.groupBy as keyof typeof NAMED_TABLES] : undefined
  const names = table ? await named(db, table) : query.groupBy === 'channel' ? CHANNEL_NAMES : undefined
  return statsAnswer(query, total!, keyedGroups(query, rows, names))
}

/** Responses per weekday and hour of the day (local time), for the heat map. Procedure filters do not apply. */
export async function heatmap(db: Database, query: HeatmapQuery): Promise<HeatCell[]> {
  const { where, params } = filter({ from: query.from, to: query.to, unit: query.unit, counter: query.counter, channel: query.channel })
  return db.rows<HeatCell & Record<string, number>>(
    `SELECT weekday, hour, SUM(responses) AS responses, SUM(unsatisfied) AS unsatisfied FROM response_hour_rollup WHERE ${where}
      GROUP BY weekday, hour ORDER BY weekday, hour`,
    params,
  )
}
