import { Hono } from 'hono'
import * as v from 'valibot'
import { plainMessage } from '../../shared/api-error'
import { StatsQuery } from '../../shared/stats'
import { requireRole, type StaffEnv } from '../auth/guards'
import { canSeeItem, type Viewer } from '../domain/feedback-access'
import type { Env } from '../env'
import { validate } from '../middleware/validate'
import { csvStream } from '../reports/csv'
import type { ExportRecord } from '../store/export-store'

const Period = v.pipe(
  v.strictObject({ from: v.string('must be a date YYYY-MM-DD'), to: v.string('must be a date YYYY-MM-DD') }),
  // The statistics' period rules: real days, from ≤ to, at most ten years.
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return
    const period = v.safeParse(StatsQuery, dataset.value)
    if (!period.success) addIssue({ message: plainMessage(period.issues[0], StatsQuery), path: period.issues[0].path })
  }),
)

export const RESPONSE_COLUMNS = [
  'id', 'local_day', 'hour', 'counter_code', 'unit_code', 'procedure_code', 'dossier', 'questionnaire_key', 'questionnaire_version',
  'level', 'score', 'max_score', 'lang', 'rated_at', 'received_at', 'answers', 'channel',
] as const
/** No contact details, ever: `has_contact` says only whether the item holds any. */
export const FEEDBACK_COLUMNS = [
  'id', 'tracking_code', 'category', 'petition_type', 'status', 'counter_code', 'procedure_code', 'dossier', 'unit_code', 'routed_by_rule',
  'description', 'wants_answer', 'has_contact', 'photos', 'received_at', 'accept_by', 'resolve_by', 'answered_at', 'closed_at', 'public_answer',
  'channel',
] as const

/** What a citizen wrote, or what finds their item (its tracking code, their dossier): the item itself. */
const ITEM_CONTENT = ['tracking_code', 'dossier', 'description', 'public_answer'] as const

/**
 * The inbox's scope rule (canSeeItem) applied to the export: the items the reader may open, in full, and no
 * other. An administrator opens no item but reads the department's figures (as on the dashboard), so their
 * file has every item's category, unit, status, dates and counts, and not one thing a citizen wrote.
 */
async function* withinInboxScope(rows: AsyncIterable<ExportRecord>, viewer: Viewer): AsyncGenerator<ExportRecord> {
  for await (const row of rows) {
    if (canSeeItem(viewer, row.unit_code as string | null)) yield row
    else if (viewer.role === 'admin') yield { ...row, ...Object.fromEntries(ITEM_CONTENT.map((column) => [column, null])) }
  }
}

function download(c: { header: (name: string, value: string) => void }, name: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="${name}"`)
  c.header('Cache-Control', 'no-store')
}

/**
 * Every response of a period as CSV, for administrators (archiving, outside analysis); and the feedback items
 * of a period, for every role, each within the inbox's scope.
 */
export const staffExports = new Hono<Env & StaffEnv>()
  .get('/responses.csv', requireRole('admin'), validate('query', Period), (c) => {
    const { from, to } = c.req.valid('query')
    download(c, `hailong-responses-${from}-${to}.csv`)
    return c.body(csvStream(c.var.store.exports.responses(from, to), RESPONSE_COLUMNS))
  })
  .get('/feedback.csv', validate('query', Period), (c) => {
    const { from, to } = c.req.valid('query')
    download(c, `hailong-feedback-${from}-${to}.csv`)
    return c.body(csvStream(withinInboxScope(c.var.store.exports.feedback(from, to), c.var.staff), FEEDBACK_COLUMNS))
  })
