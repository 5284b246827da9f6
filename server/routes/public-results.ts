import { createHash } from 'node:crypto'
import type { Context } from 'hono'
import { Hono } from 'hono'
import * as v from 'valibot'
import { today } from '../../shared/dates'
import type { Lang } from '../../shared/i18n-text'
import { SATISFACTION_LEVELS } from '../../shared/levels'
import { defaultPeriod, LICENCE, METHOD, PUBLIC_TEXTS, PublicResultsQuery, type PublicResults, type PublicRow } from '../../shared/public-results'
import { buildPublicResults } from '../domain/public-results'
import type { Env } from '../env'
import { apiError } from '../middleware/errors'
import { rateLimit } from '../middleware/rate-limit'
import { documentPolicy } from '../middleware/security-headers'
import { OPEN_DATA_PATHS, PUBLIC_PATHS, publicResultsPage } from '../pages/public-results'
import { BOM, csvLine } from '../reports/csv'

/** Public figures change when a form arrives; five minutes of caching is fresh enough and spares the rollups. */
const CACHE_CONTROL = 'public, max-age=300'

/** The period asked for, the default (last complete quarter) without one, or a refusal naming the field. */
function periodOf(c: Context<Env>): { ok: true; period: string } | { ok: false; message: string } {
  const parsed = v.safeParse(PublicResultsQuery, { p: c.req.query('p') || undefined })
  if (!parsed.success) return { ok: false, message: `p: ${parsed.issues[0].message}` }
  return { ok: true, period: parsed.output.p ?? defaultPeriod(today()) }
}

/** A strong validator from the figures themselves (and what they are written as): same figures, same tag. */
function etagOf(results: PublicResults, variant: string): string {
  return `"${createHash('sha256').update(variant).update(JSON.stringify(results)).digest('base64url').slice(0, 27)}"`
}

/** 304 when the client holds these figures already; otherwise the headers a cache needs. */
function cached(c: Context<Env>, etag: string): Response | null {
  c.header('ETag', etag)
  c.header('Cache-Control', CACHE_CONTROL)
  c.header('Vary', 'Accept-Encoding')
  const held = c.req.header('If-None-Match')
  if (held !== undefined && held.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) return c.body(null, 304)
  return null
}

async function page(c: Context<Env>, lang: Lang) {
  const period = periodOf(c)
  if (!period.ok) return c.text(period.message, 400)
  const results = await buildPublicResults(c.var.store, period.period, Date.now())
  const etag = etagOf(results, `html:${lang}`)
  const notModified = cached(c, etag)
  if (notModified) return notModified
  const html = publicResultsPage(results, lang, today())
  c.header('Content-Security-Policy', documentPolicy(html))
  return c.html(html)
}

/** One line per published group; a hidden group's figures are empty and `suppressed` is 1. */
const CSV_COLUMNS = [
  'section',
  'unit_code',
  'code',
  'name_vi',
  'name_en',
  'suppressed',
  'forms',
  'rate_very_satisfied',
  'rate_satisfied',
  'rate_unsatisfied',
  'rate_satisfied_or_very',
  'score_18',
  'band_vi',
  'band_en',
  'feedback_received',
  'feedback_answered',
  'feedback_answered_on_time',
  'feedback_on_time_rate',
] as const

function satisfactionLine(section: string, unitCode: string, row: PublicRow) {
  return csvLine([
    section,
    unitCode,
    row.key,
    row.name?.vi ?? '',
    row.name?.en ?? '',
    row.suppressed ? 1 : 0,
    row.forms,
    ...SATISFACTION_LEVELS.map((l) => row.rates?.[l] ?? null),
    row.satisfiedRate,
    row.score18,
    row.band?.vi ?? null,
    row.band?.en ?? null,
    null,
    null,
    null,
    null,
  ])
}

function openDataCsv(results: PublicResults): string {
  const { period } = results
  // Comment lines first: what the file is, its licence and its method (no line breaks in them).
  const note = [
    `# ${PUBLIC_TEXTS.title.vi} / ${PUBLIC_TEXTS.title.en}: ${results.agency.vi}`,
    `# Kỳ / Period: ${period.value} (${period.from} – ${period.to}) ${period.label.vi} / ${period.label.en}`,
    `# Giấy phép / Licence: ${LICENCE.name} ${LICENCE.url}`,
    `# Phương pháp: ${METHOD.vi}`,
    `# Method: ${METHOD.en}`,
  ]
    .map((line) => `${line.replace(/[\r\n]+/g, ' ')}\r\n`)
    .join('')
  let body = csvLine(CSV_COLUMNS)
  body += satisfactionLine('total', '', results.total)
  for (const unit of results.byUnit) body += satisfactionLine('unit', unit.key, unit)
  for (const unit of results.byUnit) for (const procedure of unit.procedures) body += satisfactionLine('procedure', unit.key, procedure)
  for (const month of results.trend) {
    body += csvLine(['month', '', month.month, null, null, month.suppressed ? 1 : 0, month.forms, null, null, null, month.satisfiedRate, null, null, null, null, null, null, null])
  }
  for (const row of [results.feedback.total, ...results.feedback.byUnit]) {
    body += csvLine([
      row === results.feedback.total ? 'feedback_total' : 'feedback_unit',
      row === results.feedback.total ? '' : row.key,
      row.key,
      row.name?.vi ?? null,
      row.name?.en ?? null,
      row.suppressed ? 1 : 0,
      ...Array(8).fill(null),
      row.received,
      row.answered,
      row.answeredOnTime,
      row.onTimeRate,
    ])
  }
  return BOM + note + body
}

async function openData(c: Context<Env>, format: 'csv' | 'json') {
  const period = periodOf(c)
  if (!period.ok) return apiError(c, 400, 'invalid', period.message, 'p')
  const results = await buildPublicResults(c.var.store, period.period, Date.now())
  const notModified = cached(c, etagOf(results, format))
  if (notModified) return notModified
  // Portals and data catalogues fetch the open data from their own pages.
  c.header('Access-Control-Allow-Origin', '*')
  c.header('Cross-Origin-Resource-Policy', 'cross-origin')
  if (format === 'json') return c.json({ licence: LICENCE, method: METHOD, ...results })
  c.header('Content-Type', 'text/csv; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="hai-long-${period.period}.csv"`)
  return c.body(openDataCsv(results))
}

/**
 * The public results (cong-khai): the page in Vietnamese at /cong-khai and in English at /en/public-results,
 * both with ?p=<period>, and the same figures as open data. Open to anyone; aggregates only.
 */
export const publicResults = new Hono<Env>()
  // Each request reads the rollups a few times over: bounded per client like the other public reads. Per
  // route, not .use(): this app is mounted at the root, where a bare middleware would cover every path.
  .get(PUBLIC_PATHS.vi, rateLimit('public'), (c) => page(c, 'vi'))
  .get(PUBLIC_PATHS.en, rateLimit('public'), (c) => page(c, 'en'))
  .get(OPEN_DATA_PATHS.csv, rateLimit('public'), (c) => openData(c, 'csv'))
  .get(OPEN_DATA_PATHS.json, rateLimit('public'), (c) => openData(c, 'json'))
