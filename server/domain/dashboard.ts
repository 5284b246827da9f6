import { type Dashboard, type DashboardQuery, draggingQuestions, previousPeriod, seriesGranularity } from '../../shared/dashboard'
import { sipasFromStats } from '../../shared/sipas'
import type { FeedbackSummary } from '../../shared/staff-feedback'
import type { Store } from '../store/store'

/**
 * Everything the dashboard draws, from the rollups (each query reads days × groups, not responses). The
 * feedback summary comes from the caller, scoped to what the caller may see.
 */
export async function buildDashboard(store: Store, query: DashboardQuery, feedback: FeedbackSummary): Promise<Dashboard> {
  const filters = { unit: query.unit, counter: query.counter, procedure: query.procedure }
  const period = { from: query.from, to: query.to, ...filters }
  const previous = previousPeriod(query.from, query.to)
  const granularity = seriesGranularity(query.from, query.to)
  const [byUnit, byCounter, byProcedure, byQuestion, series, before, heatmap, catalog] = await Promise.all([
    store.satisfaction({ ...period, groupBy: 'unit' }),
    store.satisfaction({ ...period, groupBy: 'counter' }),
    store.satisfaction({ ...period, groupBy: 'procedure' }),
    store.satisfaction({ ...period, groupBy: 'question' }),
    store.satisfaction({ ...period, groupBy: granularity }),
    store.satisfaction({ ...previous, ...filters, groupBy: 'unit' }),
    store.heatmap({ from: query.from, to: query.to, unit: query.unit, counter: query.counter }),
    store.catalog(),
  ])
  return {
    from: query.from,
    to: query.to,
    previous: { ...previous, total: before.total },
    total: byUnit.total,
    byUnit: byUnit.groups,
    byCounter: byCounter.groups,
    byProcedure: byProcedure.groups,
    byQuestion: byQuestion.groups,
    series: { granularity, groups: series.groups },
    heatmap,
    dragging: draggingQuestions(byQuestion.groups),
    sipas: sipasFromStats(catalog.questionnaires, byQuestion.groups),
    feedback,
  }
}
