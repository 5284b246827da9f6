import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { groupOfProcedure, groupOfUnit, suppressYear, type YearCounts, yearTree } from '../../shared/period-suppression'
import { MIN_PUBLISHED } from '../../shared/small-cells'

const add = (a: number[], b: number[]) => a.map((n, i) => n + b[i]!)
const zeros = () => Array.from({ length: 12 }, () => 0)

/** A year of a department with units and procedures, from forms per procedure and month. */
function yearOf(procedures: number[][][]): YearCounts {
  const units = procedures.map((list, u) => ({
    code: `U${u}`,
    procedures: list.map((months, p) => ({ code: `P${p}`, months })),
    months: list.reduce(add, zeros()),
  }))
  return { year: 2026, all: units.map((u) => u.months).reduce(add, zeros()), units }
}

/** Every total of the year's table with its parts: [group, period] each. */
function relations(counts: YearCounts): { total: [string, string]; parts: [string, string][] }[] {
  const groups = ['all', ...counts.units.flatMap((u) => [groupOfUnit(u.code), ...u.procedures.map((p) => groupOfProcedure(u.code, p.code))])]
  const list: ReturnType<typeof relations> = []
  for (const { period, children } of yearTree(counts.year)) {
    list.push({ total: ['all', period], parts: counts.units.map((u) => [groupOfUnit(u.code), period]) })
    for (const u of counts.units) list.push({ total: [groupOfUnit(u.code), period], parts: u.procedures.map((p) => [groupOfProcedure(u.code, p.code), period]) })
    if (children.length > 0) for (const g of groups) list.push({ total: [g, period], parts: children.map((c) => [g, c]) })
  }
  return list
}

function countOf(counts: YearCounts, [group, period]: [string, string]): number {
  const months = yearTree(counts.year).find((n) => n.period === period)!.months
  const series =
    group === 'all' ? counts.all
    : group.startsWith('unit:') ? counts.units.find((u) => groupOfUnit(u.code) === group)!.months
    : counts.units.flatMap((u) => u.procedures.map((p) => ({ key: groupOfProcedure(u.code, p.code), months: p.months }))).find((p) => p.key === group)!.months
  return months.reduce((sum, m) => sum + series[m - 1]!, 0)
}

const months = (values: Record<number, number>) => Array.from({ length: 12 }, (_, i) => values[i + 1] ?? 0)

describe('suppressYear', () => {
  it('hides a small month on every page it could be worked out from', () => {
    // U0 has forms in January (3), February and March (10 each); U1 in every month (20).
    const counts = yearOf([[months({ 1: 3, 2: 10, 3: 10 })], [months(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [i + 1, 20])))]])
    const hidden = suppressYear(counts)
    expect(hidden.has('unit:U0|2026-01')).toBe(true)
    // The quarter less February and March would be January: one of them goes too.
    expect(hidden.has('unit:U0|2026-02') || hidden.has('unit:U0|2026-03')).toBe(true)
    // In January the department less U1 would be U0: the department's January or U1's goes too.
    expect(hidden.has('all|2026-01') || hidden.has('unit:U1|2026-01')).toBe(true)
    expect(hidden.has('all|2026')).toBe(false)
  })

  it('leaves no hidden figure that one total less its published parts would give', () => {
    const cell = fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 30 }))
    const procedureMonths = fc.array(cell, { minLength: 12, maxLength: 12 })
    fc.assert(
      fc.property(fc.array(fc.array(procedureMonths, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), (procedures) => {
        const counts = yearOf(procedures)
        const hidden = suppressYear(counts)
        const isHidden = (cellKey: [string, string]) => hidden.has(`${cellKey[0]}|${cellKey[1]}`)
        for (const { total, parts } of relations(counts)) {
          for (const part of parts) {
            const n = countOf(counts, part)
            if (n > 0 && n < MIN_PUBLISHED) expect(isHidden(part)).toBe(true)
          }
          if (isHidden(total)) {
            // A hidden total hides its parts, or they would add up to it.
            for (const part of parts) expect(isHidden(part), `${part.join('|')} under ${total.join('|')}`).toBe(true)
            continue
          }
          const hiddenParts = parts.filter((p) => isHidden(p) && countOf(counts, p) > 0)
          if (hiddenParts.length === 0) continue
          // Never one alone, and never only small ones (two of 1 and 1 under a published total are known).
          expect(hiddenParts.length, `${total.join('|')}`).toBeGreaterThanOrEqual(2)
          expect(hiddenParts.some((p) => countOf(counts, p) >= MIN_PUBLISHED)).toBe(true)
        }
      }),
      { numRuns: 150 },
    )
  })
})
