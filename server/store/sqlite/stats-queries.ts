import type Database from 'better-sqlite3'
import type { Catalog } from '../../../shared/catalog'
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

const LEVEL_SUMS = `
  SUM(level = 'very_satisfied') AS very_satisfied,
  SUM(level = 'satisfied') AS satisfied,
  SUM(level = 'unsatisfied') AS unsatisfied`

const RESPONSE_KEYS: Record<Exclude<GroupBy, 'question'>, string> = {
  unit: 'unit_code',
  counter: 'counter_code',
  procedure: "COALESCE(procedure_code, '')",
  day: 'local_day',
  week: 'week_start',
  month: 'substr(local_day, 1, 7)',
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

function named(list: { code: string; name: { vi: string; en: string } }[]) {
  return new Map(list.map((item) => [item.code, item.name]))
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
  catalog: Catalog,
  questionnaires: Questionnaire[],
): SatisfactionStats {
  const range = [query.from, query.to]
  const totalRow = db
    .prepare(`SELECT 'all' AS key, COUNT(*) AS responses, ${LEVEL_SUMS}, COUNT(score) AS scored, AVG(score) AS mean_score,
      AVG(max_score) AS mean_max FROM responses WHERE local_day BETWEEN ? AND ?`)
    .get(...range) as Row
  const total = toGroup(totalRow, null)

  let groups: StatsGroup[]
  if (query.groupBy === 'question') {
    const rows = db
      .prepare(`SELECT questionnaire_key || '.' || question_id AS key, COUNT(DISTINCT response_id) AS responses, ${LEVEL_SUMS}, COUNT(points) AS scored,
        AVG(points) AS mean_score, AVG(max_points) AS mean_max
        FROM response_answers WHERE local_day BETWEEN ? AND ? GROUP BY questionnaire_key, question_id ORDER BY questionnaire_key, question_id`)
      .all(...range) as Row[]
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
    const rows = db
      .prepare(`SELECT ${key} AS key, COUNT(*) AS responses, ${LEVEL_SUMS}, COUNT(score) AS scored, AVG(score) AS mean_score,
        AVG(max_score) AS mean_max FROM responses WHERE local_day BETWEEN ? AND ? GROUP BY 1 ORDER BY 1`)
      .all(...range) as Row[]
    const byKey = new Map(rows.map((row) => [row.key, row]))
    const names =
      query.groupBy === 'unit' ? named(catalog.units)
      : query.groupBy === 'counter' ? named(catalog.counters)
      : query.groupBy === 'procedure' ? named(catalog.procedures)
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
