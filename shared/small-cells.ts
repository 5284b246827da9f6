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
  const onlySmallHidden = () => hidden.some(Boolean) && parts.every((n, i) => !hidden[i] || n < min)
  while (onlySmallHidden()) {
    let next = -1
    parts.forEach((n, i) => {
      if (!hidden[i] && n > 0 && (next === -1 || n < parts[next]!)) next = i
    })
    if (next === -1) return { parts: parts.map(() => true), total: true }
    hidden[next] = true
  }
  return { parts: hidden, total: false }
}
