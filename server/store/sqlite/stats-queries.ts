import type Database from 'better-sqlite3'
import type { HeatCell } from '../../../shared/dashboard'
import { addDays, weekStart } from '../../../shared/dates'
import type { Questionnaire } from '../../../shared/questionnaire'
import { levelRates, round2 } from '../../../shared/scoring'
import type { GroupBy, SatisfactionStats, StatsGroup, StatsQuery } from '../../../shared/stats'

interface Row {
  key: string
  responses: number
  very_satisfied: number
  satisfied: number
  unsatisfied: number
  scored: number
  mean_score: number | null
  mean_max: number | null
}

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
}

/** The period and the optional unit, counter and procedure filters, as SQL and its parameters. */
export function statsFilter(query: Pick<StatsQuery, 'from' | 'to' | 'unit' | 'counter' | 'procedure'>): { where: string; params: string[] } {
  const clauses = ['local_day BETWEEN ? AND ?']
  const params = [query.from, query.to]
  for (const [column, value] of [
    ['unit_code', query.unit],
    ['counter_code', query.counter],
    ['procedure_code', query.procedure],
  ] as const) {
    if (value === undefined) continue
    clauses.push(`${column} = ?`)
    params.push(value)
  }
  return { where: clauses.join(' AND '), params }
}

function toGroup(row: Row, label: StatsGroup['label']): StatsGroup {
  return {
    key: row.key,
    label,
    responses: row.responses,
    ...levelRates({ very_satisfied: row.very_satisfied ?? 0, satisfied: row.satisfied ?? 0, unsatisfied: row.unsatisfied ?? 0 }),
    scored: row.scored,
    meanScore: row.mean_score === null ? null : round2(row.mean_score),
    meanMaxScore: row.mean_max === null ? null : round2(row.mean_max),
  }
}

/**
 * Names of every unit, counter or procedure, deactivated ones too: past figures keep their labels after an
 * administrator retires what they were about (the public catalog lists active entries only).
 */
function named(db: Database.Database, table: 'units' | 'counters' | 'procedures') {
  const rows = db.prepare(`SELECT code, name_vi, name_en FROM ${table}`).all() as { code: string; name_vi: string; name_en: string }[]
  return new Map(rows.map((r) => [r.code, { vi: r.name_vi, en: r.name_en }]))
}

const EMPTY: Omit<Row, 'key'> = { responses: 0, very_satisfied: 0, satisfied: 0, unsatisfied: 0, scored: 0, mean_score: null, mean_max: null }

/** Every period key between from and to, so a time series shows the days with no response as zero. */
function periodKeys(groupBy: 'day' | 'week' | 'month', from: string, to: string): string[] {
  const keys: string[] = []
  let day = groupBy === 'week' ? weekStart(from) : from
  while (day <= to) {
    const key = groupBy === 'month' ? day.slice(0, 7) : day
    if (keys.at(-1) !== key) keys.push(key)
    day = addDays(day, groupBy === 'week' ? 7 : 1)
  }
  return keys
}

export function satisfactionStats(
  db: Database.Database,
  query: StatsQuery,
  questionnaires: Questionnaire[],
): SatisfactionStats {
  const { where, params } = statsFilter(query)
  const totalRow = db.prepare(`SELECT 'all' AS key, ${RESPONSE_SUMS} FROM response_rollup WHERE ${where}`).get(...params) as Row
  const total = toGroup({ ...totalRow, responses: totalRow.responses ?? 0, scored: totalRow.scored ?? 0 }, null)

  let groups: StatsGroup[]
  if (query.groupBy === 'question') {
    const rows = db
      .prepare(`SELECT questionnaire_key || '.' || question_id AS key, ${ANSWER_SUMS}
        FROM answer_rollup WHERE ${where} GROUP BY questionnaire_key, question_id ORDER BY questionnaire_key, question_id`)
      .all(...params) as Row[]
    // The newest version that asks a question gives its label.
    const labels = new Map<string, StatsGroup['label']>()
    const order = new Map<string, number>()
    for (const q of [...questionnaires].sort((a, b) => a.version - b.version)) {
      q.questions.forEach((question, i) => {
        labels.set(`${q.key}.${question.id}`, question.text)
        order.set(`${q.key}.${question.id}`, i)
      })
    }
    // Questions in the order the form asks them, not alphabetically by id.
    const position = (key: string) => [key.split('.')[0]!, order.get(key) ?? Number.MAX_SAFE_INTEGER] as const
    rows.sort((a, b) => {
      const [qa, ia] = position(a.key)
      const [qb, ib] = position(b.key)
      return qa === qb ? ia - ib : qa < qb ? -1 : 1
    })
    groups = rows.map((row) => toGroup(row, labels.get(row.key) ?? null))
  } else {
    const key = RESPONSE_KEYS[query.groupBy]
    const rows = db.prepare(`SELECT ${key} AS key, ${RESPONSE_SUMS} FROM response_rollup WHERE ${where} GROUP BY 1 ORDER BY 1`).all(...params) as Row[]
    const byKey = new Map(rows.map((row) => [row.key, row]))
    const names =
      query.groupBy === 'unit' ? named(db, 'units')
      : query.groupBy === 'counter' ? named(db, 'counters')
      : query.groupBy === 'procedure' ? named(db, 'procedures')
      : undefined
    if (names) {
      groups = rows.map((row) => toGroup(row, row.key === '' ? { vi: 'Không nêu thủ tục', en: 'Procedure not stated' } : (names.get(row.key) ?? null)))
    } else {
      const period = query.groupBy as 'day' | 'week' | 'month'
      groups = periodKeys(period, query.from, query.to).map((k) => toGroup(byKey.get(k) ?? { key: k, ...EMPTY }, null))
    }
  }
  return { from: query.from, to: query.to, groupBy: query.groupBy, total, groups }
}

/** Responses per weekday and hour of the day (local time), for the heat map. Procedure filters do not apply. */
export function heatmap(db: Database.Database, query: Pick<StatsQuery, 'from' | 'to' | 'unit' | 'counter'>): HeatCell[] {
  const { where, params } = statsFilter({ from: query.from, to: query.to, unit: query.unit, counter: query.counter })
  return db
    .prepare(`SELECT weekday, hour, SUM(responses) AS responses, SUM(unsatisfied) AS unsatisfied FROM response_hour_rollup WHERE ${where}
      GROUP BY weekday, hour ORDER BY weekday, hour`)
    .all(...params) as HeatCell[]
}
