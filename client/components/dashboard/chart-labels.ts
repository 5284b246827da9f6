/**
 * A category name short enough for a chart's axis: chart.js clips long labels at the canvas edge on a phone.
 * The full name is always in the table next to the chart.
 */
export function axisLabel(name: string, max = 26): string {
  return name.length > max ? `${name.slice(0, max - 1).trimEnd()}…` : name
}
