import { Hono } from 'hono'
import type { Context } from 'hono'
import * as v from 'valibot'
import { uuidv7 } from 'uuidv7'
import { zonedInstant } from '../../shared/dates'
import {
  IntakeFeedbackIn,
  intakeDayProblem,
  type IntakeFeedbackResult,
  PaperFormIn,
  type PaperCheckResult,
  type PaperEntryView,
  paperMismatches,
  receivedMinutes,
} from '../../shared/intake'
import type { ApiIssue } from '../../shared/response'
import { INTAKE_OFFICERS, ITEM_SCOPES } from '../../shared/staff'
import { canSeeUnit, requireRole, type StaffEnv } from '../auth/guards'
import { currentFeedbackRules } from '../domain/feedback-settings'
import { prepareFeedback } from '../domain/prepare-feedback'
import { type Lookup, prepareResponse } from '../domain/prepare-response'
import { queueStoredResponses } from '../domain/webhooks'
import type { Env } from '../env'
import { apiError } from '../middleware/errors'
import { validate } from '../middleware/validate'
import { paperFormPage } from '../pages/paper-form'
import type { PaperEntry } from '../store/intake-store'
import { Code } from '../../shared/catalog'

type C = Context<Env & StaffEnv>

const iso = (ms: number) => new Date(ms).toISOString()

/** A paper carries a day, not a time: its rating counts at noon of that day (never later than when it is keyed). */
const PAPER_MINUTES = 12 * 60

const EntryId = v.object({ id: v.pipe(v.string(), v.regex(/^\d{1,9}$/, 'must be an entry number'), v.transform(Number)) })

const FormQuery = v.strictObject({
  counter: Code,
  questionnaire: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9_-]{1,40}$/, 'is not a questionnaire key'))),
  lang: v.optional(v.picklist(['vi', 'en'], 'must be vi or en'), 'vi'),
  /** The origin the officer's browser shows, for the QR code when PUBLIC_URL is not set. */
  origin: v.optional(v.pipe(v.string(), v.url('must be an origin such as https://hailong.example.gov.vn'))),
})

function viewOf(entry: PaperEntry): PaperEntryView {
  return {
    id: entry.id,
    counter: entry.counterCode,
    questionnaire: entry.questionnaireKey,
    dossier: entry.dossier,
    paperDay: entry.paperDay,
    status: entry.status,
    mismatches: entry.mismatches,
    keyedBy: entry.keyedBy,
    keyedAt: iso(entry.keyedAt),
    checkedBy: entry.checkedBy,
    checkedAt: entry.checkedAt === null ? null : iso(entry.checkedAt),
    responseId: entry.status === 'stored' ? entry.responseId : null,
  }
}

/** An issue of an item checked as the batch's first (responses.0.…, items.0.…), said of this request's own fields. */
function issueAt(c: C, issue: ApiIssue, from: string, to: string) {
  const rename = (text: string) => (text.startsWith(from) ? `${to}${text.slice(from.length)}` : text)
  return apiError(c, 400, issue.code, rename(issue.message), rename(issue.path))
}

/** The paper as the response the batch API would have received from a phone: its id, and noon of its day as the send time. */
function responseOf(form: PaperFormIn, id: string, version: number) {
  return {
    id,
    counter: form.counter,
    ...(form.procedure === undefined ? {} : { procedure: form.procedure }),
    ...(form.dossier === undefined ? {} : { dossier: form.dossier }),
    questionnaire: { key: form.questionnaire, version },
    answers: form.answers,
    lang: form.lang,
    submittedAt: new Date(zonedInstant(form.paperDay, PAPER_MINUTES)).toISOString(),
  }
}

async function lookupOf(c: C, key: string, version: number): Promise<Lookup> {
  const store = c.get('store')
  const [catalog, questionnaire] = await Promise.all([store.catalog(), store.questionnaire(key, version)])
  return {
    catalog,
    questionnaire: (k, n) => (k === key && n === version ? questionnaire : undefined),
  }
}

/** The pending or stored entry the caller may see, or undefined (another unit's entry is not told apart from none). */
async function entryInScope(c: C, id: number): Promise<PaperEntry | undefined> {
  const entry = await c.get('store').intake.paperEntry(id)
  return entry && canSeeUnit(c.var.staff, entry.unitCode) ? entry : undefined
}

/**
 * Paper and phone intake (issue 16), for the officers who receive citizens (INTAKE_OFFICERS): paper rating
 * forms keyed twice by two officers, only a matching pair stored (channel paper, counted on the paper's day);
 * feedback received by phone, letter or e-mail filed for the citizen, its deadlines running from when it came
 * in; and the printable paper form of a counter.
 */
export const staffIntake = new Hono<Env & StaffEnv>()
  .use(requireRole(...INTAKE_OFFICERS))
  .get('/paper', async (c) => {
    const { staff } = c.var
    const unit = ITEM_SCOPES[staff.role] === 'every_unit' ? null : staff.unitCode
    const intake = c.get('store').intake
    const [pending, stored] = await Promise.all([intake.paperEntries(unit, 'pending', 200), intake.paperEntries(unit, 'stored', 20)])
    c.header('Cache-Control', 'no-store')
    // What the first keying said stays out of the pending list: the second officer keys the paper blind.
    const blind = (entry: PaperEntry): PaperEntryView => ({ ...viewOf(entry), dossier: null, paperDay: null })
    return c.json({ pending: pending.map(blind), stored: stored.map(viewOf) }, 200)
  })
  .post('/paper', validate('json', PaperFormIn), async (c) => {
    const form = c.req.valid('json')
    const store = c.get('store')
    const catalog = await store.catalog()
    const counter = catalog.counters.find((x) => x.code === form.counter)
    if (!counter) return apiError(c, 400, 'unknown_counter', `counter: no counter "${form.counter}"`, 'counter')
    if (!canSeeUnit(c.var.staff, counter.unitCode)) return apiError(c, 403, 'forbidden', "counter: you key the forms of your own unit's counters only", 'counter')
    const questionnaire = catalog.questionnaires.find((q) => q.key === form.questionnaire)
    if (!questionnaire) return apiError(c, 400, 'unknown_questionnaire', `questionnaire: no active questionnaire "${form.questionnaire}"`, 'questionnaire')
    const dayProblem = intakeDayProblem(form.paperDay, Date.now())
    if (dayProblem) return apiError(c, 400, 'invalid', `paperDay: ${dayProblem}`, 'paperDay')

    const responseId = uuidv7()
    const prepared = prepareResponse(responseOf(form, responseId, questionnaire.version), 0, await lookupOf(c, questionnaire.key, questionnaire.version), Date.now(), 'paper')
    if (!prepared.ok) return issueAt(c, prepared.error, 'responses.0.', '')
    const { dossier } = prepared.value
    if (dossier !== null && (await store.intake.dossierRated(dossier))) {
      return apiError(c, 409, 'dossier_already_rated', 'dossier: this dossier has already been evaluated', 'dossier')
    }
    const entry = await store.intake.addPaperEntry({
      responseId,
      counterCode: counter.code,
      unitCode: counter.unitCode,
      questionnaireKey: questionnaire.key,
      questionnaireVersion: questionnaire.version,
      dossier,
      paperDay: form.paperDay,
      form: JSON.stringify(form),
      keyedBy: c.var.staff.id,
      keyedAt: Date.now(),
    })
    if (!entry) return apiError(c, 409, 'dossier_pending', "dossier: a keying of this dossier's form is already waiting for its check", 'dossier')
    return c.json(viewOf(entry), 201)
  })
  .post('/paper/:id/check', validate('param', EntryId), validate('json', PaperFormIn), async (c) => {
    const { staff } = c.var
    const store = c.get('store')
    const entry = await entryInScope(c, c.req.valid('param').id)
    if (!entry) return apiError(c, 404, 'not_found', 'id: no paper entry of that number in your scope', 'id')
    if (entry.status !== 'pending') return apiError(c, 409, 'not_pending', `id: this entry is ${entry.status} already`, 'id')
    if (entry.keyedBy.id === staff.id) return apiError(c, 409, 'same_officer', 'id: another officer must key the form a second time: you keyed it first', 'id')
    const first = v.parse(PaperFormIn, JSON.parse(entry.form))
    const second = c.req.valid('json')
    const mismatches = paperMismatches(first, second)
    if (mismatches.length > 0) {
      // Not an error of the request: the comparison's answer, which the second officer reads field by field.
      await store.intake.countMismatch(entry.id)
      return c.json<PaperCheckResult>({ result: 'mismatch', mismatches }, 200)
    }

    const receivedAt = Date.now()
    const prepared = prepareResponse(
      responseOf(first, entry.responseId, entry.questionnaireVersion),
      0,
      await lookupOf(c, entry.questionnaireKey, entry.questionnaireVersion),
      receivedAt,
      'paper',
    )
    if (!prepared.ok) return issueAt(c, prepared.error, 'responses.0.', '')
    const [status] = await store.insertResponses([prepared.value])
    if (status === 'dossier_already_rated') return apiError(c, 409, 'dossier_already_rated', 'dossier: this dossier has already been evaluated', 'dossier')
    if (status === 'conflict') return apiError(c, 409, 'conflict', 'id: a different response is stored under this entry', 'id')
    await queueStoredResponses(store, [prepared.value], [status!], receivedAt)
    // A check retried after the response was stored finds it a duplicate and marks the entry now.
    await store.intake.markStored(entry.id, staff.id, receivedAt)
    const stored = (await store.intake.paperEntry(entry.id))!
    return c.json<PaperCheckResult>({ result: 'stored', entry: viewOf(stored), ratedAt: iso(prepared.value.ratedAt), localDay: prepared.value.localDay, channel: prepared.value.channel }, 200)
  })
  .post('/paper/:id/discard', validate('param', EntryId), async (c) => {
    const entry = await entryInScope(c, c.req.valid('param').id)
    if (!entry) return apiError(c, 404, 'not_found', 'id: no paper entry of that number in your scope', 'id')
    if (!(await c.get('store').intake.discard(entry.id, c.var.staff.id, Date.now()))) {
      return apiError(c, 409, 'not_pending', `id: this entry is ${entry.status} already`, 'id')
    }
    return c.body(null, 204)
  })
  .post('/feedback', validate('json', IntakeFeedbackIn), async (c) => {
    const body = c.req.valid('json')
    const store = c.get('store')
    const now = Date.now()
    const dayProblem = intakeDayProblem(body.receivedDay, now)
    if (dayProblem) return apiError(c, 400, 'invalid', `receivedDay: ${dayProblem}`, 'receivedDay')
    const receivedAt = zonedInstant(body.receivedDay, receivedMinutes(body.receivedTime))
    if (receivedAt > now) return apiError(c, 400, 'invalid', 'receivedTime: must not be later than now', 'receivedTime')

    const raw = { ...body.item, submittedAt: new Date(receivedAt).toISOString() }
    const prepared = await prepareFeedback(raw, 0, await currentFeedbackRules(store), receivedAt, body.channel)
    if (!prepared.ok) return issueAt(c, prepared.error, 'items.0.', 'item.')
    const item = { ...prepared.value, filedBy: c.var.staff.id }
    const [result] = await store.feedback.insert([item])
    if (result!.status === 'conflict') return apiError(c, 409, 'conflict', 'item.id: another item is stored under this id', 'item.id')
    if (result!.status === 'tracking_code_taken') return apiError(c, 409, 'tracking_code_taken', 'item.trackingCode: another item holds this code; make a new one', 'item.trackingCode')
    return c.json<IntakeFeedbackResult>(
      {
        trackingCode: result!.trackingCode,
        channel: body.channel,
        receivedAt: iso(item.receivedAt),
        acceptBy: item.acceptBy === null ? null : iso(item.acceptBy),
        resolveBy: iso(item.resolveBy),
        unitCode: item.unitCode,
      },
      result!.status === 'stored' ? 201 : 200,
    )
  })
  .get('/form', validate('query', FormQuery), async (c) => {
    const { counter: code, questionnaire: key, lang, origin: shown } = c.req.valid('query')
    const catalog = await c.get('store').catalog()
    const counter = catalog.counters.find((x) => x.code === code)
    if (!counter) return apiError(c, 404, 'not_found', `counter: no active counter has the code ${code}`, 'counter')
    const questionnaire = catalog.questionnaires.find((q) => q.key === (key ?? counter.questionnaireKey))
    if (!questionnaire) return apiError(c, 404, 'not_found', `questionnaire: no active questionnaire "${key}"`, 'questionnaire')
    const origin = c.get('config').PUBLIC_URL ?? (shown === undefined ? undefined : new URL(shown).origin)
    if (origin === undefined) {
      return apiError(c, 400, 'invalid', 'origin: PUBLIC_URL is not set; open the form from the intake page, which sends the address your browser shows', 'origin')
    }
    c.header('Cache-Control', 'no-store')
    return c.html(await paperFormPage({ agency: catalog.agency, counter, questionnaire, origin, lang }))
  })
