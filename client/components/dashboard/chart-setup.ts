import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js'

/**
 * chart.js with only the pieces the dashboard draws (bars, a line over them, category and linear axes, the
 * legend and tooltips), so that the rest of the library is tree-shaken away. Imported dynamically by
 * DashboardChart.vue: it never reaches the citizen page, nor the dashboard's first paint.
 */
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip)
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily
Chart.defaults.color = '#1a1a1a'

export { Chart }
