import { MIN_PUBLISHED, protectPartition } from './small-cells'

/**
 * Small-cell suppression that holds across the periods the public page offers. A year, its halves, its
 * quarters and its months are each a page, and each is the sum of the next finer ones: if January were hidden
 * on its own page while the first quarter, February and March were published, January would be the quarter
 * less the two. So the whole year is decided at once, as one table of groups (the department, each unit,
 * each unit's procedures) by periods (the year tree), and every total in it — a period over its sub-periods,
 * the department over its units, a unit over its procedures — gets the complementary rule of
 * small-cells.ts; a hidden total hides its parts. Repeated until nothing changes.
 */

export interface YearCounts {
  year: number
  /** Forms (or feedback items) per month, January first, for the department. */
  all: number[]
  units: { code: string; months: number[]; procedures: { code: string; months: number[] }[] }[]
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i)
const key = (group: string, period: string) => `${group}|${period}`

/** The periods of a year as the public page names them, each with its months (1–12) and its sub-periods. */
export function yearTree(year: number): { period: string; months: number[]; children: string[] }[] {
  const m = (n: number) => `${year}-${String(n).padStart(2, '0')}`
  return [
    { period: String(year), months: range(1, 12), children: [`${year}-H1`, `${year}-H2`] },
    { period: `${year}-H1`, months: range(1, 6), children: [`${year}-Q1`, `${year}-Q2`] },
    { period: `${year}-H2`, months: range(7, 12), children: [`${year}-Q3`, `${year}-Q4`] },
    ...[1, 2, 3, 4].map((q) => ({ period: `${year}-Q${q}`, months: range(q * 3 - 2, q * 3), children: range(q * 3 - 2, q * 3).map(m) })),
    ...range(1, 12).map((n) => ({ period: m(n), months: [n], children: [] })),
  ]
}

export const groupOfUnit = (unit: string) => `unit:${unit}`
export const groupOfProcedure = (unit: string, procedure: string) => `procedure:${unit}/${procedure}`

/** Which group is hidden in which period of the year: `hidden.has(\`${group}|${period}\`)`; the department is 'all'. */
export function suppressYear(counts: YearCounts, min = MIN_PUBLISHED): Set<string> {
  const tree = yearTree(counts.year)
  const series = new Map<string, number[]>([['all', counts.all]])
  for (const unit of counts.units) {
    series.set(groupOfUnit(unit.code), unit.months)
    for (const p of unit.procedures) series.set(groupOfProcedure(unit.code, p.code), p.months)
  }
  const sum = (group: string, period: string) => tree.find((n) => n.period === period)!.months.reduce((s, month) => s + series.get(group)![month - 1]!, 0)
  const hidden = new Set<string>()
  for (const group of series.keys()) {
    for (const { period } of tree) {
      const n = sum(group, period)
      if ((n > 0 && n < min) || (group === 'all' && n < min)) hidden.add(key(group, period))
    }
  }
  /** The complementary rule on a total and its parts; true when it hid anything. */
  const protect = (total: [string, string], parts: [string, string][]): boolean => {
    const before = hidden.size
    if (hidden.has(key(...total))) {
      for (const part of parts) hidden.add(key(...part))
      return hidden.size > before
    }
    const flags = parts.map((part) => hidden.has(key(...part)))
    if (!protectPartition(parts.map((part) => sum(...part)), flags, min)) hidden.add(key(...total))
    parts.forEach((part, i) => flags[i] && hidden.add(key(...part)))
    return hidden.size > before
  }
  let changed = true
  while (changed) {
    changed = false
    for (const { period, children } of tree) {
      // Across the groups in one period: the department over its units, each unit over its procedures.
      changed = protect(['all', period], counts.units.map((u) => [groupOfUnit(u.code), period])) || changed
      for (const unit of counts.units) {
        changed = protect([groupOfUnit(unit.code), period], unit.procedures.map((p) => [groupOfProcedure(unit.code, p.code), period])) || changed
      }
      // Across the periods for one group: the period over its sub-periods.
      if (children.length === 0) continue
      for (const group of series.keys()) changed = protect([group, period], children.map((child) => [group, child])) || changed
    }
  }
  return hidden
}
