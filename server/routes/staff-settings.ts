import { Hono } from 'hono'
import * as v from 'valibot'
import { fromValibotIssues } from '../../shared/api-error'
import { FeedbackCategory } from '../../shared/feedback'
import { Code } from '../../shared/catalog'
import { routeFeedback, routingProblems, type RoutingRule } from '../../shared/routing'
import { requireRole, type StaffEnv } from '../auth/guards'
import { currentSetting, SETTING_SCHEMAS } from '../domain/feedback-settings'
import type { Env } from '../env'
import { bodyLimit } from '../middleware/body-limit'
import { apiError } from '../middleware/errors'
import { validate } from '../middleware/validate'
import type { SettingKey } from '../store/settings-store'

/** In URLs the keys are spelled with dashes. */
const KEYS_BY_SLUG: Record<string, SettingKey> = { 'routing-rules': 'routing_rules', deadlines: 'deadlines', calendar: 'calendar', 'embed-origins': 'embed_origins' }
const SettingParam = v.object({
  key: v.picklist(Object.keys(KEYS_BY_SLUG), `must be one of ${Object.keys(KEYS_BY_SLUG).join(', ')}`),
})

const PutBody = v.strictObject({
  /** The version the administrator edited (0 for the default): a save made meanwhile gives 409. */
  version: v.pipe(v.number('must be the version you edited'), v.integer('must be a whole number'), v.minValue(0)),
  value: v.unknown(),
})

const RouteTest = v.strictObject({
  category: FeedbackCategory,
  procedure: v.optional(Code),
  counter: v.optional(Code),
  /** Rules to try instead of the saved ones: "where would this go" before saving an edit. */
  rules: v.optional(v.unknown()),
})

type SettingsEnv = Env & StaffEnv

/**
 * Routing rules, deadlines, the working calendar and the widget's framing origins. Every staff member may read them (the inbox shows
 * deadlines and routing reasons built from them); only administrators save them, and each save is kept in
 * settings_history with who made it. Items already filed keep the unit and deadlines they were given.
 */
export const staffSettings = new Hono<SettingsEnv>()
  .get('/:key', validate('param', SettingParam), async (c) => {
    const key = KEYS_BY_SLUG[c.req.valid('param').key]!
    const current = await currentSetting(c.var.store, key)
    c.header('Cache-Control', 'no-store')
    return c.json({
      key: c.req.valid('param').key,
      value: current.value,
      version: current.version,
      isDefault: current.version === 0,
      updatedAt: current.updatedAt === null ? null : new Date(current.updatedAt).toISOString(),
    })
  })
  .put('/:key', requireRole('admin'), bodyLimit, validate('param', SettingParam), validate('json', PutBody), async (c) => {
    const { store } = c.var
    const slug = c.req.valid('param').key
    const key = KEYS_BY_SLUG[slug]!
    const body = c.req.valid('json')
    const parsed = v.safeParse(SETTING_SCHEMAS[key], body.value)
    if (!parsed.success) {
      const issue = fromValibotIssues(parsed.issues, 'value', SETTING_SCHEMAS[key])
      return apiError(c, 400, issue.code, issue.message, issue.path)
    }
    if (key === 'routing_rules') {
      const problems = routingProblems(parsed.output as RoutingRule[], await store.catalog())
      if (problems.length > 0) return apiError(c, 422, 'routing_problems', `value: ${problems.join('; ')}`, 'value')
    }
    const result = await store.settings.put(key, parsed.output, body.version, c.var.staff.id, Date.now())
    if (!result.ok) {
      return apiError(c, 409, 'stale', `version: ${slug} was saved meanwhile (now version ${result.currentVersion}); reload and edit again`, 'version')
    }
    c.header('Cache-Control', 'no-store')
    return c.json({ key: slug, version: result.version }, 200)
  })
  .get('/:key/history', requireRole('admin'), validate('param', SettingParam), async (c) => {
    const key = KEYS_BY_SLUG[c.req.valid('param').key]!
    const history = await c.var.store.settings.history(key)
    c.header('Cache-Control', 'no-store')
    return c.json({ versions: history.map((h) => ({ version: h.version, at: new Date(h.at).toISOString(), actor: h.actor })) })
  })
  .post('/routing-rules/test', requireRole('admin'), bodyLimit, validate('json', RouteTest), async (c) => {
    const { store } = c.var
    const body = c.req.valid('json')
    let rules = (await currentSetting(store, 'routing_rules')).value
    if (body.rules !== undefined) {
      const parsed = v.safeParse(SETTING_SCHEMAS.routing_rules, body.rules)
      if (!parsed.success) {
        const issue = fromValibotIssues(parsed.issues, 'rules', SETTING_SCHEMAS.routing_rules)
        return apiError(c, 400, issue.code, issue.message, issue.path)
      }
      rules = parsed.output
    }
    const routed = routeFeedback({ category: body.category, procedure: body.procedure ?? null, counter: body.counter ?? null }, rules, await store.catalog())
    return c.json({ result: routed })
  })
