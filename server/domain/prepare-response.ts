import * as v from 'valibot'
import { fromValibotIssues } from '../../shared/api-error'
import type { Catalog } from '../../shared/catalog'
import { DEFAULT_CHANNEL, type Channel } from '../../shared/channels'
import { localParts, weekStart } from '../../shared/dates'
import type { Questionnaire } from '../../shared/questionnaire'
import { requiresDossier, validateAnswers } from '../../shared/answers'
import { ResponseIn, type ApiIssue } from '../../shared/response'
import { scoreAnswers, scoreResponse } from '../../shared/scoring'
import type { PreparedResponse } from '../store/prepared-response'

const EARLIEST_RATING = Date.UTC(2000, 0, 1)

export type Prepared = { ok: true; value: PreparedResponse } | { ok: false; id: string | null; error: ApiIssue }

/**
 * JSON with every object's keys sorted, so that equal content gives equal text whatever the order it was
 * sent in. Written as loops rather than map/join: it runs on every stored response.
 */
function stableStringify(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ','
      // As Array.prototype.join: an element JSON cannot write (undefined) leaves nothing between the commas.
      out += (stableStringify(value[i]) as string | undefined) ?? ''
    }
    return `${out}]`
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value).sort()
    let out = '{'
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) out += ','
      out += `${JSON.stringify(keys[i])}:${stableStringify((value as Record<string, unknown>)[keys[i]!])}`
    }
    return `${out}}`
  }
  return JSON.stringify(value)
}

/** ResponseIn's fields in the order stableStringify sorts them to. */
const FIELDS = ['answers', 'counter', 'dossier', 'id', 'lang', 'procedure', 'questionnaire', 'submittedAt'] as const

/**
 * stableStringify(input), the same text, without sorting the keys of every response again: the fields of a
 * ResponseIn are known. Anything else on the object (a field added to the schema and not here) falls back to
 * stableStringify, so that nothing can be left out of the payload or its hash.
 */
function payloadOf(input: ResponseIn): string {
  const fields = input as Record<string, unknown>
  let out = '{'
  let count = 0
  for (const field of FIELDS) {
    if (!(field in fields)) continue
    const value = field === 'questionnaire' ? questionnaireText(input.questionnaire) : stableStringify(fields[field])
    out += `${count === 0 ? '' : ','}"${field}":${value}`
    count++
  }
  return count === Object.keys(fields).length ? `${out}}` : stableStringify(input)
}

function questionnaireText(questionnaire: ResponseIn['questionnaire']): string {
  return Object.keys(questionnaire).length === 2
    ? `{"key":${JSON.stringify(questionnaire.key)},"version":${JSON.stringify(questionnaire.version)}}`
    : stableStringify(questionnaire)
}

/** Per questionnaire version: each question's highest option points, or null when no option is scored. */
const maxPointsByQuestionnaire = new WeakMap<Questionnaire, Map<string, number | null>>()

function maxPointsOf(questionnaire: Questionnaire): Map<string, number | null> {
  let byQuestion = maxPointsByQuestionnaire.get(questionnaire)
  if (!byQuestion) {
    byQuestion = new Map()
    for (const question of questionnaire.questions) {
      if (byQuestion.has(question.id)) continue // the first question of an id, as a find() would pick
      const pointed = question.options.filter((o) => o.points !== undefined)
      byQuestion.set(question.id, pointed.length === 0 ? null : Math.max(...pointed.map((o) => o.points!)))
    }
    maxPointsByQuestionnaire.set(questionnaire, byQuestion)
  }
  return byQuestion
}

// Responses arrive rated on the same few days: the week of the last one is kept.
let lastDay = ''
let lastWeekStart = ''

function weekStartOf(day: string): string {
  if (day !== lastDay) {
    lastWeekStart = weekStart(day)
    lastDay = day
  }
  return lastWeekStart
}

function rawId(raw: unknown): string | null {
  const id = (raw as { id?: unknown } | null)?.id
  return typeof id === 'string' ? id.toLowerCase() : null
}

export interface Lookup {
  catalog: Catalog
  questionnaire: (key: string, version: number) => Questionnaire | undefined
}

/** The failure of a response that parsed, at `field` of the item at `prefix`. */
function failure(id: string, prefix: string, code: string, field: string, message: string): Prepared {
  return { ok: false, id, error: { code, path: `${prefix}.${field}`, message: `${prefix}.${field}: ${message}` } }
}

interface CatalogIndex {
  counters: Map<string, Catalog['counters'][number]>
  procedures: Map<string, Catalog['procedures'][number]>
}

/** Counters and procedures by code, per catalog (the store hands out a new catalog when it changes). */
const catalogIndexes = new WeakMap<Catalog, CatalogIndex>()

function indexOf(catalog: Catalog): CatalogIndex {
  let index = catalogIndexes.get(catalog)
  if (!index) {
    index = { counters: new Map(), procedures: new Map() }
    // The first of a code wins, as a find() would pick.
    for (const c of catalog.counters) if (!index.counters.has(c.code)) index.counters.set(c.code, c)
    for (const p of catalog.procedures) if (!index.procedures.has(p.code)) index.procedures.set(p.code, p)
    catalogIndexes.set(catalog, index)
  }
  return index
}

export function prepareResponse(raw: unknown, index: number, lookup: Lookup, receivedAt: number, channel: Channel = DEFAULT_CHANNEL): Prepared {
  const prefix = `responses.${index}`
  const parsed = v.safeParse(ResponseIn, raw)
  if (!parsed.success) return { ok: false, id: rawId(raw), error: fromValibotIssues(parsed.issues, prefix, ResponseIn) }
  const input = parsed.output

  const catalog = indexOf(lookup.catalog)
  const counter = catalog.counters.get(input.counter)
  if (!counter) return failure(input.id, prefix, 'unknown_counter', 'counter', `no counter "${input.counter}"`)
  const procedure = input.procedure ? catalog.procedures.get(input.procedure) : undefined
  if (input.procedure && !procedure) return failure(input.id, prefix, 'unknown_procedure', 'procedure', `no procedure "${input.procedure}"`)
  const questionnaire = lookup.questionnaire(input.questionnaire.key, input.questionnaire.version)
  if (!questionnaire) {
    return failure(input.id, prefix, 'unknown_questionnaire', 'questionnaire', `no questionnaire ${input.questionnaire.key} v${input.questionnaire.version}`)
  }
  if (!input.dossier && requiresDossier(questionnaire)) {
    return failure(input.id, prefix, 'dossier_required', 'dossier', `the ${questionnaire.key} form evaluates one dossier: its code is required`)
  }
  const issues = validateAnswers(questionnaire, input.answers)
  if (issues.length > 0) {
    const first = issues[0]!
    return { ok: false, id: input.id, error: { code: first.code, path: `${prefix}.${first.path}`, message: `${prefix}.${first.path}: ${first.message}` } }
  }

  const submittedAt = Date.parse(input.submittedAt)
  // A clock reset to 1970 (or any year before this service) says nothing about when the rating was given;
  // before year 1000 the local day would not even be YYYY-MM-DD.
  const ratedAt = submittedAt >= EARLIEST_RATING ? Math.min(submittedAt, receivedAt) : receivedAt
  const local = localParts(ratedAt)
  const { level, score, maxScore } = scoreResponse(questionnaire, input.answers)
  const maxPoints = maxPointsOf(questionnaire)
  const answers: PreparedResponse['answers'] = []
  for (const row of scoreAnswers(questionnaire, input.answers)) {
    answers.push({ ...row, maxPoints: row.points === null ? null : (maxPoints.get(row.questionId) ?? null) })
  }
  const payload = payloadOf(input)
  return {
    ok: true,
    value: {
      id: input.id,
      counterCode: counter.code,
      unitCode: procedure?.unitCode ?? counter.unitCode,
      procedureCode: procedure?.code ?? null,
      dossier: input.dossier ?? null,
      questionnaireKey: questionnaire.key,
      questionnaireVersion: questionnaire.version,
      level,
      score,
      maxScore,
      answers,
      lang: input.lang,
      channel,
      submittedAt,
      receivedAt,
      ratedAt,
      localDay: local.day,
      weekStart: weekStartOf(local.day),
      hour: local.hour,
      weekday: local.weekday,
      payload,
    },
  }
}
