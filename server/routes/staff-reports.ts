import { Hono } from 'hono'
import { ReportQuery } from '../../shared/period-report'
import { requireRole, type StaffEnv } from '../auth/guards'
import { feedbackSummary } from '../domain/feedback-summary'
import { buildPeriodReport } from '../domain/period-report'
import type { Env } from '../env'
import { validate } from '../middleware/validate'
import { periodCsv } from '../reports/period-csv'
import { periodHtml } from '../reports/period-html'
import { periodWorkbook } from '../reports/period-workbook'

/**
 * The half-year and annual reform report for any period. The department's figures as a whole, so the roles
 * that oversee the whole department: leadership, the inspectorate (which sends it upward) and administrators.
 */
export const staffReports = new Hono<Env & StaffEnv>().get(
  '/period',
  requireRole('leadership', 'inspector', 'admin'),
  validate('query', ReportQuery),
  async (c) => {
    const { from, to, format } = c.req.valid('query')
    const now = c.var.auth.now()
    // The whole department, whoever asks: the inspector's own unit is not a scope for the figures.
    const summary = await feedbackSummary(c.var.store, { role: 'leadership', unitCode: null }, { from, to }, now)
    const report = await buildPeriodReport(c.var.store, from, to, summary, now)
    const name = `bao-cao-hai-long-${from}-${to}`
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
