import { type Context, Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import * as v from 'valibot'
import type { ApiErrorBody } from '../../shared/api-error'
import { fromValibotIssues } from '../../shared/api-error'
import { OPEN311_MAX_DAYS, OPEN311_MAX_REQUESTS, Open311Query, Open311RequestForm, Open311RequestsQuery } from '../../shared/open311'
import { normaliseTrackingCode } from '../../shared/tracking-code'
import { fileOpen311Request, hashOpen311Key, isCategory, open311Definition, open311Services, toOpen311Request, toXml, w3cDateTime } from '../domain/open311'
import type { Env } from '../env'
import { limitBody } from '../middleware/body-limit'
import { rateLimit } from '../middleware/rate-limit'
import { TRACK_LOOKUPS_PER_MINUTE } from './track'

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) under /open311: the discovery document and
 * /open311/v2/{services,requests,tokens}.{json,xml}. Every answer is in the format the path's suffix names,
 * errors included: the spec's error document, `[{code, description}]` or `<errors><error>…`, with the HTTP
 * status as its code. Services are the feedback categories; a request filed here is a feedback item like any
 * other (domain/open311.ts). See the README's Open311 section for the choices the spec leaves open.
 */

type Format = 'json' | 'xml'

/** The largest POST body: the fields of one request (a description of 5000 characters in UTF-8 and the rest). */
const OPEN311_BODY_LIMIT_BYTES = 64 * 1024

const DAY_MS = 86_400_000

const formatOf = (path: string): Format => (path.endsWith('.xml') ? 'xml' : 'json')

/** `name.json` or `name.xml` → its name and format; undefined for anything else. */
function splitFile(file: string): { name: string; format: Format } | undefined {
  const match = /^(.+)\.(json|xml)$/.exec(file)
  return match ? { name: match[1]!, format: match[2] as Format } : undefined
}

function answer(c: Context<Env>, format: Format, root: string, value: unknown, status: ContentfulStatusCode = 200) {
  if (format === 'json') return c.json(value, status)
  return c.body(toXml(root, value), status, { 'Content-Type': 'text/xml; charset=utf-8' })
}

export function open311Error(c: Context<Env>, status: ContentfulStatusCode, description: string) {
  return answer(c, formatOf(c.req.path), 'errors', [{ code: status, description }], status)
}

/**
 * The reads are public and carry no credentials: any web page may make them (a map of requests, a city
 * dashboard). Filing is for API clients, whose keys do not belong in a browser: no CORS for POST.
 */
const publicReads = createMiddleware<Env>(async (c, next) => {
  await next()
  if (c.req.method === 'GET') c.header('Access-Control-Allow-Origin', '*')
})

/**
 * Rewrites the API's error shape (`{error: {code, message}}`, as the shared middleware answers: rate limit,
 * body limit, validation, unhandled errors) into the spec's error document, in the path's format.
 */
const asOpen311Errors = createMiddleware<Env>(async (c, next) => {
  await next()
  if (c.res.status < 400 || !(c.res.headers.get('content-type') ?? '').startsWith('application/json')) return
  const body = (await c.res.clone().json().catch(() => null)) as ApiErrorBody | null
  if (!body || typeof body !== 'object' || !('error' in body)) return
  const retryAfter = c.res.headers.get('Retry-After')
  const status = c.res.status as ContentfulStatusCode
  c.res = undefined
  c.res = open311Error(c, status, body.error.message)
  if (retryAfter) c.header('Retry-After', retryAfter)
})

/** The jurisdiction a request names, if any, must be this server's. */
function wrongJurisdiction(c: Context<Env>, given: string | undefined) {
  if (given === undefined || given === c.get('config').OPEN311_JURISDICTION) return undefined
  return open311Error(c, 404, `jurisdiction_id: ${given} is not served here (this server is ${c.get('config').OPEN311_JURISDICTION})`)
}

/** Parses the query with `schema`; an Open311 error naming the first bad parameter when it fails. */
function parseQuery<T extends v.GenericSchema>(c: Context<Env>, schema: T): { ok: true; value: v.InferOutput<T> } | { ok: false; res: Response } {
  const result = v.safeParse(schema, c.req.query(), { abortEarly: true })
  if (!result.success) return { ok: false, res: open311Error(c, 400, fromValibotIssues(result.issues, '', schema).message) }
  const refused = wrongJurisdiction(c, (result.output as { jurisdiction_id?: string }).jurisdiction_id)
  return refused ? { ok: false, res: refused } : { ok: true, value: result.output }
}

const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i

const v2 = new Hono<Env>()
  .get('/services/:file', rateLimit('open311'), async (c) => {
    const file = splitFile(c.req.param('file'))
    if (!file) return open311Error(c, 404, 'No such resource: ask for services/{service_code}.json or .xml')
    const query = parseQuery(c, Open311Query)
    if (!query.ok) return query.res
    if (!isCategory(file.name)) return open311Error(c, 404, `service_code: no service ${file.name}`)
    c.header('Cache-Control', 'public, max-age=300')
    return answer(c, file.format, 'service_definition', open311Definition(file.name, await c.var.store.catalog()))
  })
  .get('/requests/:file', rateLimit('open311'), async (c) => {
    const file = splitFile(c.req.param('file'))
    const query = parseQuery(c, Open311Query)
    if (!query.ok) return query.res
    const id = file?.name.toLowerCase()
    const [row] = id && /^[0-9a-f-]{36}$/.test(id) ? await c.var.store.open311.requests({ ids: [id], from: 0, before: 0, limit: 1 }) : []
    if (!file || !row) return open311Error(c, 404, 'service_request_id: no such request')
    c.header('Cache-Control', 'no-store')
    return answer(c, file.format, 'service_requests', [toOpen311Request(row, await c.var.store.catalog())])
  })
  // A token is the item's tracking code: looked up at the tracking page's rate, since it opens that page too.
  .get('/tokens/:file', rateLimit('track', (config) => Math.min(TRACK_LOOKUPS_PER_MINUTE, config.RATE_LIMIT_PER_MINUTE)), async (c) => {
    const file = splitFile(c.req.param('file'))
    const query = parseQuery(c, Open311Query)
    if (!query.ok) return query.res
    const code = file && file.name.length <= 40 ? normaliseTrackingCode(file.name) : null
    const item = code === null ? undefined : await c.var.store.feedback.locateByTrackingCode(code)
    if (!file || !item) return open311Error(c, 404, 'token: no such token')
    c.header('Cache-Control', 'no-store')
    return answer(c, file.format, 'service_requests', [{ service_request_id: item.id, token: code }])
  })
  .get('/:file', rateLimit('open311'), async (c) => {
    const file = splitFile(c.req.param('file'))
    if (file?.name === 'services') {
      const query = parseQuery(c, Open311Query)
      if (!query.ok) return query.res
      c.header('Cache-Control', 'public, max-age=300')
      return answer(c, file.format, 'services', open311Services())
    }
    if (file?.name !== 'requests') return open311Error(c, 404, `No resource ${c.req.param('file')}`)
    const query = parseQuery(c, Open311RequestsQuery)
    if (!query.ok) return query.res
    const q = query.value
    // Without dates, the last 90 days; with one, 90 days from or to it; never a wider span (the spec's bounds).
    const now = Date.now()
    const before = q.end_date !== undefined ? q.end_date + 1 : q.start_date !== undefined ? q.start_date + OPEN311_MAX_DAYS * DAY_MS : now + 1
    const from = q.start_date ?? before - OPEN311_MAX_DAYS * DAY_MS
    if (from >= before) return open311Error(c, 400, 'end_date: must be after start_date')
    if (before - from > OPEN311_MAX_DAYS * DAY_MS + 1) return open311Error(c, 400, `start_date: the dates may span at most ${OPEN311_MAX_DAYS} days`)
    const rows = await c.var.store.open311.requests({
      ...(q.service_request_id ? { ids: q.service_request_id } : {}),
      ...(q.service_code ? { categories: q.service_code } : {}),
      ...(q.status?.length === 1 ? { open: q.status[0] === 'open' } : {}),
      from,
      before,
      limit: OPEN311_MAX_REQUESTS,
    })
    const catalog = await c.var.store.catalog()
    c.header('Cache-Control', 'no-store')
    return answer(c, file.format, 'service_requests', rows.map((row) => toOpen311Request(row, catalog)))
  })
  .post('/:file', rateLimit('open311-post'), limitBody(() => OPEN311_BODY_LIMIT_BYTES), async (c) => {
    const file = splitFile(c.req.param('file'))
    if (file?.name !== 'requests') return open311Error(c, 404, `No resource ${c.req.param('file')} to post to: post to requests.json or requests.xml`)
    if (!FORM_TYPE.test(c.req.header('content-type') ?? '')) {
      return open311Error(c, 415, 'Content-Type must be application/x-www-form-urlencoded or multipart/form-data')
    }
    let body: Record<string, string | File>
    try {
      body = await c.req.parseBody()
    } catch {
      return open311Error(c, 400, 'body: is not a readable form')
    }
    const fileField = Object.entries(body).find(([, value]) => typeof value !== 'string')
    if (fileField) return open311Error(c, 400, `${fileField[0]}: files are not accepted; give a photo's address in media_url`)
    const refused = wrongJurisdiction(c, typeof body.jurisdiction_id === 'string' ? body.jurisdiction_id.trim() : undefined)
    if (refused) return refused
    const apiKey = typeof body.api_key === 'string' ? body.api_key : ''
    const key = apiKey === '' || apiKey.length > 200 ? undefined : await c.var.store.open311.keyByHash(hashOpen311Key(apiKey))
    if (!key || key.revokedAt !== null) return open311Error(c, 403, 'api_key: was not provided or is invalid')
    const parsed = v.safeParse(Open311RequestForm, body, { abortEarly: true })
    if (!parsed.success) return open311Error(c, 400, fromValibotIssues(parsed.issues, '', Open311RequestForm).message)
    const form = parsed.output
    if (!isCategory(form.service_code)) return open311Error(c, 404, `service_code: no service ${form.service_code}`)
    const filed = await fileOpen311Request(c.var.store, form, form.service_code, key.id, Date.now())
    if (!filed.ok) {
      if (filed.status === 503) c.header('Retry-After', '5')
      return open311Error(c, filed.status, filed.description)
    }
    const notice = `Mã theo dõi / tracking code: ${filed.trackingCode}`
    return answer(c, file.format, 'service_requests', [{ service_request_id: filed.id, token: filed.trackingCode, service_notice: notice, account_id: null }], 201)
  })

/** Mounted at /open311 (server/app.ts), outside /api: clients find it through discovery.json. */
export const open311 = new Hono<Env>()
  .use(publicReads)
  .use(asOpen311Errors)
  .get('/:file{discovery\\.(json|xml)}', (c) => {
    const config = c.get('config')
    const base = config.PUBLIC_URL ?? new URL(c.req.url).origin
    const changeset = w3cDateTime(Date.parse('2026-12-06T00:00:00+07:00'))
    c.header('Cache-Control', 'public, max-age=3600')
    return answer(c, formatOf(c.req.path), 'discovery', {
      changeset,
      contact: `${base}/`,
      key_service: 'Khóa API do quản trị viên cấp / API keys are issued by the administrators',
      endpoints: [
        {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${base}/open311/v2`,
          changeset,
          type: 'production',
          formats: ['application/json', 'text/xml'],
        },
      ],
    })
  })
  .route('/v2', v2)
  .all('*', (c) => open311Error(c, 404, `No Open311 resource ${c.req.method} ${c.req.path}`))
