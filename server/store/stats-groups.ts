import { CHANNEL_LABELS, CHANNELS } from '../../shared/channels'
import { addDays, weekStart } from '../../shared/dates'
import type { Questionnaire } from '../../shared/questionnaire'
import { levelRates, round2 } from '../../shared/scoring'
import type { GroupBy, SatisfactionStats, StatsGroup, StatsQuery } from '../../shared/stats'

/**
 * The satisfaction figures as both stores' rollup queries give them, and how they become the API's groups:
 * one home for the shape of the answer, whatever SQL produced the sums.
 */
export interface SumsRow {
  key: string
  responses: number
  very_satisfied: number
  satisfied: number
  unsatisfied: number
  scored: number
  mean_score: number | null
  mean_max: number | null
}

export type Names = Map<string, { vi: string; en: string }>

const EMPTY: Omit<SumsRow, 'key'> = { responses: 0, very_satisfied: 0, satisfied: 0, unsatisfied: 0, scored: 0, mean_score: null, mean_max: null }

const NO_PROCEDURE = { vi: 'Không nêu thủ tục', en: 'Procedure not stated' }

export function toGroup(row: SumsRow, label: StatsGroup['label']): StatsGroup {
  return {
    key: row.key,
    label,
    responses: row.responses ?? 0,
    ...levelRates({ very_satisfied: row.very_satisfied ?? 0, satisfied: row.satisfied ?? 0, unsatisfied: row.unsatisfied ?? 0 }),
    scored: row.scored ?? 0,
    meanScore: row.mean_score === null ? null : round2(row.mean_score),
    meanMaxScore: row.mean_max === null ? null : round2(row.mean_max),
  }
}

/** Every period key between from and to, so a time series shows the days with no response as zero. */
export function periodKeys(groupBy: 'day' | 'week' | 'month', from: string, to: string): string[] {
  const keys: string[] = []
  let day = groupBy === 'week' ? weekStart(from) : from
  while (day <= to) {
    const key = groupBy === 'month' ? day.slice(0, 7) : day
    if (keys.at(-1) !== key) keys.push(key)
    day = addDays(day, groupBy === 'week' ? 7 : 1)
  }
  return keys
}

/**
 * Groups by question, keyed `<questionnaire>.<question>`, in the order the form asks them (not alphabetically
 * by id); the newest version that asks a question gives its label.
 */
export function questionGroups(rows: SumsRow[], questionnaires: Questionnaire[]): StatsGroup[] {
  const labels = new Map<string, StatsGroup['label']>()
  const order = new Map<string, number>()
  for (const q of [...questionnaires].sort((a, b) => a.version - b.version)) {
    q.questions.forEach((question, i) => {
      labels.set(`${q.key}.${question.id}`, question.text)
      order.set(`${q.key}.${question.id}`, i)
    })
  }
  const position = (key: string) => [key.split('.')[0]!, order.get(key) ?? Number.MAX_SAFE_INTEGER] as const
  const sorted = [...rows].sort((a, b) => {
    const [qa, ia] = position(a.key)
    const [qb, ib] = position(b.key)
    return qa === qb ? ia - ib : qa < qb ? -1 : 1
  })
  return sorted.map((row) => toGroup(row, labels.get(row.key) ?? null))
}

/**
 * Groups by unit, counter, procedure or channel (labelled from `names`, which holds deactivated entries too:
 * past figures keep their labels) or by period (every period of the query, zeros included).
 */
export function keyedGroups(query: StatsQuery, rows: SumsRow[], names: Names | undefined): StatsGroup[] {
  if (names) return rows.map((row) => toGroup(row, row.key === '' ? NO_PROCEDURE : (names.get(row.key) ?? null)))
  const byKey = new Map(rows.map((row) => [row.key, row]))
  const period = query.groupBy as 'day' | 'week' | 'month'
  return periodKeys(period, query.from, query.to).map((k) => toGroup(byKey.get(k) ?? { key: k, ...EMPTY }, null))
}

export function statsAnswer(query: StatsQuery, total: SumsRow, groups: StatsGroup[]): SatisfactionStats {
  return { from: query.from, to: query.to, groupBy: query.groupBy, total: toGroup({ ...total, key: 'all' }, null), groups }
}

export type KeyedGroupBy = Exclude<GroupBy, 'question'>

/** The channels' names, which label the groups by channel. */
export const CHANNEL_NAMES: Names = new Map(CHANNELS.map((c) => [c, CHANNEL_LABELS[c]]))

/**
 * The period and the optional unit, counter, procedure and channel filters of a rollup query, as SQL and its
 * parameters; `placeholder(n)` writes the n-th parameter (1-based) in the store's dialect.
 */
export function statsFilter(
  query: Pick<StatsQuery, 'from' | 'to' | 'unit' | 'counter' | 'procedure' | 'channel'>,
  placeholder: (n: number) => string,
  day: (text: string) => string = (text) => text,
): { where: string; params: string[] } {
  const clauses = [`local_day BETWEEN ${day(placeholder(1))} AND ${day(placeholder(2))}`]
  const params = [query.from, query.to]
  for (const [column, value] of [
    ['unit_code', query.unit],
    ['counter_code', query.counter],
    ['procedure_code', query.procedure],
    ['channel', query.channel],
  ] as const) {
    if (value === undefined) continue
    params.push(value)
    clauses.push(`${column} = ${placeholder(params.length)}`)
  }
  return { where: clauses.join(' AND '), params }
}
