import { Hono } from 'hono'
import * as v from 'valibot'
import { QuestionnaireDraft, questionnaireDraftIssue, type QuestionnaireKeyInfo as QuestionnaireKeyJson } from '../../shared/admin'
import { requireRole, type StaffEnv } from '../auth/guards'
import type { Env } from '../env'
import { bodyLimit } from '../middleware/body-limit'
import { apiError } from '../middleware/errors'
import { validate } from '../middleware/validate'
import type { QuestionnaireKeyInfo } from '../store/admin-store'
import { actorOf, refusalAnswer } from './staff-admin-errors'

const Key = v.pipe(v.string(), v.regex(/^[a-z0-9_-]{1,40}$/, 'must be a questionnaire key (a–z, digits, dash, underscore)'))
const VersionParam = v.object({
  key: Key,
  version: v.pipe(v.string(), v.regex(/^[1-9]\d{0,8}$/, 'must be a version number'), v.transform(Number)),
})

const iso = (ms: number) => new Date(ms).toISOString()
const keyJson = (info: QuestionnaireKeyInfo): QuestionnaireKeyJson => ({
  ...info,
  versions: info.versions.map((x) => ({ ...x, publishedAt: iso(x.publishedAt) })),
})

/**
 * Questionnaire versions (administrators). A published version never changes: an edit is a new version,
 * numbered by the server, and becomes the one the citizen page asks. Responses keep the version they were
 * given under, are still accepted under any stored version (a device may hold an old catalog), and are
 * always checked and scored with their own.
 */
export const staffAdminQuestionnaires = new Hono<Env & StaffEnv>()
  .use(requireRole('admin'))
  .get('/', async (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json({ questionnaires: (await c.var.store.admin.questionnaires()).map(keyJson) }, 200)
  })
  .get('/:key/versions/:version', validate('param', VersionParam), async (c) => {
    const { key, version } = c.req.valid('param')
    const questionnaire = await c.var.store.admin.questionnaireVersion(key, version)
    if (!questionnaire) return apiError(c, 404, 'not_found', `version: ${key} has no version ${version}`, 'version')
    c.header('Cache-Control', 'no-store')
    return c.json(questionnaire, 200)
  })
  .post('/', bodyLimit, validate('json', QuestionnaireDraft), async (c) => {
    const draft = c.req.valid('json')
    const issue = questionnaireDraftIssue(draft)
    if (issue) return apiError(c, 400, 'invalid', `${issue.path}: ${issue.message}`, issue.path)
    const published = await c.var.store.admin.publishQuestionnaire(draft, actorOf(c))
    if (!published.ok) return refusalAnswer(c, published, `questionnaire ${draft.key}`, 'key')
    return c.json(published.value, 201)
  })
  .post('/:key/versions/:version/activate', validate('param', VersionParam), async (c) => {
    const { key, version } = c.req.valid('param')
    const activated = await c.var.store.admin.activateQuestionnaire(key, version, actorOf(c))
    if (!activated.ok) return refusalAnswer(c, activated, `version ${version} of ${key}`, 'version')
    return c.json(keyJson(activated.value), 200)
  })
