/**
 * A category name as the lines of a chart's axis label. chart.js gives a vertical axis at most about half the
 * canvas and clips what is wider, so on a phone a long unit name lost its start. Broken at spaces into at
 * most `maxLines` lines of `width` characters, the last one ended with … when the name is longer still; the
 * full name is always in the table next to the chart.
 */
export function axisLabel(name: string, width = 20, maxLines = 2): string[] {
  const lines: string[] = []
  let current = ''
  for (const word of name.trim().split(/\s+/)) {
    let rest = word
    while (rest) {
      const joined = current ? `${current} ${rest}` : rest
      if (joined.length <= width) {
        current = joined
        rest = ''
      } else if (current) {
        lines.push(current)
        current = ''
      } else {
        // A word longer than a line is cut where the line ends.
        lines.push(rest.slice(0, width))
        rest = rest.slice(width)
      }
    }
  }
  if (current) lines.push(current)
  if (lines.length <= maxLines) return lines
  const kept = lines.slice(0, maxLines)
  const last = kept[maxLines - 1]!
  kept[maxLines - 1] = `${last.length < width ? last : last.slice(0, width - 1).trimEnd()}…`
  return kept
}
