import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MIN_PUBLISHED, suppressSmallCells } from '../../shared/small-cells'

/** Every way to split `sum` into `k` non-negative counts. */
function* compositions(sum: number, k: number): Generator<number[]> {
  if (k === 0) {
    if (sum === 0) yield []
    return
  }
  if (k === 1) {
    yield [sum]
    return
  }
  for (let first = 0; first <= sum; first++) for (const rest of compositions(sum - first, k - 1)) yield [first, ...rest]
}

/**
 * What a reader can say of each hidden group from the published figures: every value it could take such
 * that the hidden groups add up to the published total less the published groups. A hidden group is not
 * empty (empty groups are published as 0); with the total hidden too, the groups are known only to add up
 * to less than 5.
 */
function feasibleValues(parts: number[]): Map<number, Set<number>> {
  const total = parts.reduce((a, b) => a + b, 0)
  const shown = suppressSmallCells(parts, total)
  const hiddenAt = parts.flatMap((_, i) => (shown.parts[i] ? [i] : []))
  const feasible = new Map(hiddenAt.map((i) => [i, new Set<number>()]))
  const hiddenSums = shown.total ? Array.from({ length: MIN_PUBLISHED }, (_, s) => s) : [hiddenAt.reduce((s, i) => s + parts[i]!, 0)]
  for (const sum of hiddenSums) {
    for (const values of compositions(sum, hiddenAt.length)) {
      if (!shown.total && values.includes(0)) continue
      hiddenAt.forEach((at, j) => feasible.get(at)!.add(values[j]!))
    }
  }
  return feasible
}

describe('suppressSmallCells', () => {
  it('hides a total under 5 with all its parts', () => {
    expect(suppressSmallCells([2, 2], 4)).toEqual({ parts: [true, true], total: true })
  })

  it('publishes zeros and groups of 5 or more', () => {
    expect(suppressSmallCells([0, 5, 12], 17)).toEqual({ parts: [false, false, false], total: false })
  })

  it('hides the next smallest group when exactly one is small', () => {
    expect(suppressSmallCells([3, 40, 9, 0], 52)).toEqual({ parts: [true, false, true, false], total: false })
  })

  it('hides one larger group too when only small ones are hidden', () => {
    expect(suppressSmallCells([1, 1, 10, 20], 32)).toEqual({ parts: [true, true, true, false], total: false })
    expect(suppressSmallCells([5, 4, 4], 13)).toEqual({ parts: [true, true, true], total: false })
  })

  it('never lets a hidden group be found from the published figures', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 1, maxLength: 5 }), (parts) => {
        const total = parts.reduce((a, b) => a + b, 0)
        const shown = suppressSmallCells(parts, total)
        // Every group under 5 (and not empty) is hidden.
        parts.forEach((n, i) => {
          if (n > 0 && n < MIN_PUBLISHED) expect(shown.parts[i]).toBe(true)
        })
        // Published total minus published parts never isolates one hidden group.
        if (!shown.total) expect(shown.parts.filter(Boolean).length).not.toBe(1)
        // From the published figures a reader still finds at least two possible values for every hidden group.
        for (const [at, values] of feasibleValues(parts)) {
          expect(values.size, `part ${at} of [${parts.join(', ')}]`).toBeGreaterThanOrEqual(2)
        }
      }),
      { numRuns: 1000 },
    )
  })
})
