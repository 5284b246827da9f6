/**
 * Small-cell suppression for published figures (cong-khai, the widget, the open data). A group of fewer than
 * MIN_PUBLISHED forms is not shown ("chưa đủ dữ liệu"), and no hidden figure may be found back by
 * subtracting the published parts from a published total.
 */

/** The smallest group whose figures are published. */
export const MIN_PUBLISHED = 5

export interface Suppression {
  /** One flag per part: true = not published. */
  parts: boolean[]
  /** True when the total itself is not published (then no part is either). */
  total: boolean
}

/**
 * Which of a total and its parts to leave out:
 * - a total under `min` is hidden with every part;
 * - a part of 1 to min − 1 is hidden (primary suppression); a zero is published, it names nobody;
 * - complementary suppression: while the hidden parts are all small (a single one is the total minus the
 *   rest; two of 4 and 4 are the only small pair adding up to 8, two of 1 and 1 to 2), the smallest
 *   published non-zero part is hidden too (the first of equals). With nothing left to hide, the total goes.
 * The parts are counts (non-negative integers) that add up to the total.
 */
export function suppressSmallCells(parts: readonly number[], total: number, min = MIN_PUBLISHED): Suppression {
  if (total < min) return { parts: parts.map(() => true), total: true }
  const hidden = parts.map((n) => n > 0 && n < min)
  if (!protectPartition(parts, hidden, min)) return { parts: parts.map(() => true), total: true }
  return { parts: hidden, total: false }
}

/**
 * Complementary suppression on parts some of which are hidden already (for any reason): while one non-empty
 * part alone is hidden, or all the hidden ones are small, the smallest published non-empty part is hidden
 * too. Changes `hidden` in place; false when nothing is left to hide and the total must go.
 */
export function protectPartition(parts: readonly number[], hidden: boolean[], min = MIN_PUBLISHED): boolean {
  const exposed = () => {
    const shown = parts.filter((n, i) => hidden[i] && n > 0)
    return shown.length === 1 || (shown.length > 0 && shown.every((n) => n < min))
  }
  while (exposed()) {
    let next = -1
    parts.forEach((n, i) => {
      if (!hidden[i] && n > 0 && (next === -1 || n < parts[next]!)) next = i
    })
    if (next === -1) return false
    hidden[next] = true
  }
  return true
}
