import { Hono } from 'hono'
import * as v from 'valibot'
import { type AdminCatalog, CATALOG_KINDS, CATALOG_SCHEMAS, type CatalogKind, type ImportReport } from '../../shared/admin'
import { Code } from '../../shared/catalog'
import { requireRole, type StaffEnv } from '../auth/guards'
import { type RiskyChange, routingProblemsAdded } from '../domain/catalog-routing'
import { currentSetting } from '../domain/feedback-settings'
import { ImportFileError, planProcedureImport } from '../domain/procedure-import'
import type { Env } from '../env'
import { bodyLimit } from '../middleware/body-limit'
import { apiError } from '../middleware/errors'
import { validate } from '../middleware/validate'
import type { Store } from '../store/store'
import { actorOf, parseBody, refusalAnswer } from './staff-admin-errors'

const KindParam = v.object({ kind: v.picklist(CATALOG_KINDS, `must be one of ${CATALOG_KINDS.join(', ')}`) })
const EntryParam = v.object({ ...KindParam.entries, code: Code })
const ImportQuery = v.strictObject({ dryRun: v.optional(v.picklist(['true', 'false', '1', '0'], 'must be true or false'), 'false') })

/** "counter HCC-01": how an entry is named in messages. */
const named = (kind: CatalogKind, code: string) => `${kind.slice(0, -1)} ${code}`

/** Spreadsheets save CSV under any of these types (Excel on Windows says application/vnd.ms-excel). */
const CSV_TYPE = /^(text\/csv|text\/plain|application\/csv|application\/vnd\.ms-excel)\s*(;|$)/i

/**
 * Routing problems a deactivation (or a unit losing its inspectorate mark) would add under the saved
 * rules: refused, so that a change to the catalog never leaves new feedback with nowhere to go.
 */
async function routingRefusal(store: Store, change: RiskyChange): Promise<string | undefined> {
  const rules = (await currentSetting(store, 'routing_rules')).value
  const problems = routingProblemsAdded(rules, await store.catalog(), change)
  return problems.length === 0 ? undefined : `${problems.join('; ')}: change the routing rules first`
}

type AdminEnv = Env & StaffEnv

/**
 * Units, counters and procedures (administrators). Entries are deactivated, never deleted: responses and
 * feedback items point at them. A code never changes once created (a counter's is printed on its QR poster).
 * Each write is one transaction with its audit row; the public catalog shows it at once.
 */
export const staffAdminCatalog = new Hono<AdminEnv>()
  .use(requireRole('admin'))
  .get('/', async (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json((await c.var.store.admin.catalog()) satisfies AdminCatalog, 200)
  })
  .post('/procedures/import', bodyLimit, validate('query', ImportQuery), async (c) => {
    const dryRun = ['true', '1'].includes(c.req.valid('query').dryRun)
    if (!CSV_TYPE.test(c.req.header('content-type') ?? '')) return apiError(c, 415, 'unsupported_media_type', 'Content-Type must be text/csv')
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await c.req.arrayBuffer())
    } catch {
      return apiError(c, 400, 'invalid_encoding', 'body: the file is not UTF-8; save it as "CSV UTF-8" and try again', 'body')
    }
    const { store } = c.var
    let plan
    try {
      plan = planProcedureImport(text, await store.admin.catalog())
    } catch (error) {
      if (error instanceof ImportFileError) return apiError(c, 400, 'invalid_file', error.message, error.path)
      throw error
    }
    const { valid: _rows, ...report } = plan
    if (!dryRun && plan.valid.length > 0) {
      const applied = await store.admin.importProcedures(plan.valid, actorOf(c))
      if (!applied.ok) return refusalAnswer(c, applied, 'procedure', 'code')
      Object.assign(report, applied.value)
    }
    c.header('Cache-Control', 'no-store')
    return c.json({ dryRun, ...report } satisfies ImportReport, 200)
  })
  .post('/:kind', bodyLimit, validate('param', KindParam), validate('json', v.unknown()), async (c) => {
    const { kind } = c.req.valid('param')
    const body = parseBody(CATALOG_SCHEMAS[kind].create, c.req.valid('json'))
    if (!body.ok) return apiError(c, 400, 'invalid', body.message, body.path)
    const created = await c.var.store.admin.create(kind, body.value, actorOf(c))
    if (!created.ok) return refusalAnswer(c, created, named(kind, body.value.code), 'code')
    return c.json(created.value, 201)
  })
  .put('/:kind/:code', bodyLimit, validate('param', EntryParam), validate('json', v.unknown()), async (c) => {
    const { kind, code } = c.req.valid('param')
    const body = parseBody(CATALOG_SCHEMAS[kind].update, c.req.valid('json'))
    if (!body.ok) return apiError(c, 400, 'invalid', body.message, body.path)
    if (body.value.code !== undefined && body.value.code !== code) {
      return apiError(c, 400, 'code_immutable', `code: a ${kind.slice(0, -1)}'s code never changes (it is printed on posters and stored with every response); create a new one and deactivate ${code}`, 'code')
    }
    const { store } = c.var
    if (kind === 'units' && 'isInspectorate' in body.value && !body.value.isInspectorate) {
      const problem = await routingRefusal(store, { kind, code, deactivate: false, unit: { code, name: body.value.name, isInspectorate: false } })
      if (problem) return apiError(c, 409, 'routing_problems', `isInspectorate: ${problem}`, 'isInspectorate')
    }
    const updated = await store.admin.update(kind, { ...body.value, code } as never, actorOf(c))
    if (!updated.ok) return refusalAnswer(c, updated, named(kind, code), 'code')
    return c.json(updated.value, 200)
  })
  .post('/:kind/:code/deactivate', validate('param', EntryParam), async (c) => {
    const { kind, code } = c.req.valid('param')
    const { store } = c.var
    const problem = await routingRefusal(store, { kind, code, deactivate: true })
    if (problem) return apiError(c, 409, 'routing_problems', `code: ${problem}`, 'code')
    const changed = await store.admin.setActive(kind, code, false, actorOf(c))
    if (!changed.ok) return refusalAnswer(c, changed, named(kind, code), 'code')
    return c.json(changed.value, 200)
  })
  .post('/:kind/:code/reactivate', validate('param', EntryParam), async (c) => {
    const { kind, code } = c.req.valid('param')
    const changed = await c.var.store.admin.setActive(kind, code, true, actorOf(c))
    if (!changed.ok) return refusalAnswer(c, changed, named(kind, code), 'code')
    return c.json(changed.value, 200)
  })
