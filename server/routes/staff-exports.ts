import { Hono } from 'hono'
import * as v from 'valibot'
import { StatsQuery } from '../../shared/stats'
import { requireRole, type StaffEnv } from '../auth/guards'
import type { Env } from '../env'
import { validate } from '../middleware/validate'
import { csvStream } from '../reports/csv'

const Period = v.pipe(
  v.strictObject({ from: v.string('must be a date YYYY-MM-DD'), to: v.string('must be a date YYYY-MM-DD') }),
  // The statistics' period rules: real days, from ≤ to, at most ten years.
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return
    const period = v.safeParse(StatsQuery, dataset.value)
    if (!period.success) addIssue({ message: period.issues[0].message, path: period.issues[0].path })
  }),
)

export const RESPONSE_COLUMNS = [
  'id', 'local_day', 'hour', 'counter_code', 'unit_code', 'procedure_code', 'dossier', 'questionnaire_key', 'questionnaire_version',
  'level', 'score', 'max_score', 'lang', 'rated_at', 'received_at', 'answers',
] as const
/** No contact details, ever: `has_contact` says only whether the item holds any. */
export const FEEDBACK_COLUMNS = [
  'id', 'tracking_code', 'category', 'legal_track', 'status', 'counter_code', 'procedure_code', 'dossier', 'unit_code', 'routed_by_rule',
  'description', 'wants_answer', 'has_contact', 'photos', 'received_at', 'accept_by', 'resolve_by', 'answered_at', 'closed_at', 'public_answer',
] as const

function download(c: { header: (name: string, value: string) => void }, name: string) {
  c.header('Content-Type', 'text/csv; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="${name}"`)
  c.header('Cache-Control', 'no-store')
}

/** Every response and feedback item of a period as CSV, for administrators (archiving, outside analysis). */
export const staffExports = new Hono<Env & StaffEnv>()
  .use(requireRole('admin'))
  .get('/responses.csv', validate('query', Period), (c) => {
    const { from, to } = c.req.valid('query')
    download(c, `hailong-responses-${from}-${to}.csv`)
    return c.body(csvStream(c.var.store.exports.responses(from, to), RESPONSE_COLUMNS))
  })
  .get('/feedback.csv', validate('query', Period), (c) => {
    const { from, to } = c.req.valid('query')
    download(c, `hailong-feedback-${from}-${to}.csv`)
    return c.body(csvStream(c.var.store.exports.feedback(from, to), FEEDBACK_COLUMNS))
  })
