import { Hono } from 'hono'
import { ReportQuery } from '../../shared/period-report'
import { FIGURE_READERS } from '../../shared/staff'
import { requireRole, type StaffEnv, unitInScope } from '../auth/guards'
import { unitViewer } from '../domain/feedback-access'
import { feedbackSummary } from '../domain/feedback-summary'
import { buildPeriodReport } from '../domain/period-report'
import type { Env } from '../env'
import { apiError } from '../middleware/errors'
import { validate } from '../middleware/validate'
import { periodCsv } from '../reports/period-csv'
import { periodHtml } from '../reports/period-html'
import { periodWorkbook } from '../reports/period-workbook'

/**
 * The half-year and annual reform report for any period. Leadership, the inspectorate (which sends it
 * upward) and administrators get the whole department, or one unit with `unit`; a unit head gets their own
 * unit's report, the same tables filtered, to account for it inside the department.
 */
export const staffReports = new Hono<Env & StaffEnv>().get(
  '/period',
  requireRole(...FIGURE_READERS),
  validate('query', ReportQuery),
  async (c) => {
    const { store } = c.var
    const { from, to, format, unit: requested } = c.req.valid('query')
    const scope = await unitInScope(c, requested, 'report')
    if (!scope.ok) return scope.response
    const unitCode = scope.unit
    const unit = unitCode === undefined ? undefined : (await store.catalog()).units.find((u) => u.code === unitCode)
    if (unitCode !== undefined && !unit) return apiError(c, 400, 'unknown_unit', `unit: no unit "${unitCode}"`, 'unit')
    const now = c.var.auth.now()
    // The figures of the department or of the unit asked for, whoever asks: the inspector's own unit is not a scope.
    const summary = await feedbackSummary(store, unitViewer(unitCode), { from, to }, now)
    const report = await buildPeriodReport(store, { from, to, unit }, summary, now)
    const name = `bao-cao-hai-long-${unit ? `${unit.code.toLowerCase()}-` : ''}${from}-${to}`
    c.header('Cache-Control', 'no-store')
    switch (format) {
      case 'json':
        return c.json(report, 200)
      case 'html':
        return c.html(periodHtml(report))
      case 'csv':
        c.header('Content-Type', 'text/csv; charset=utf-8')
        c.header('Content-Disposition', `attachment; filename="${name}.csv"`)
        return c.body(periodCsv(report))
      case 'xlsx':
        c.header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        c.header('Content-Disposition', `attachment; filename="${name}.xlsx"`)
        return c.body(new Uint8Array(await periodWorkbook(report)))
    }
  },
)
