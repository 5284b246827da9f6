import { createHash } from 'node:crypto'
import * as v from 'valibot'
import { fromValibotIssues } from '../../shared/api-error'
import type { Catalog } from '../../shared/catalog'
import { localParts, weekStart } from '../../shared/dates'
import type { Questionnaire } from '../../shared/questionnaire'
import { validateAnswers } from '../../shared/answers'
import { ResponseIn, type ApiIssue } from '../../shared/response'
import { scoreAnswers, scoreResponse, type AnswerScore } from '../../shared/scoring'
import type { SatisfactionLevel } from '../../shared/levels'

/** A response checked against the catalog and its questionnaire version, scored, ready to store. */
export interface PreparedResponse {
  id: string
  /** Digest of the validated content: a resent id must carry the same one. */
  hash: string
  counterCode: string
  unitCode: string
  procedureCode: string | null
  dossier: string | null
  questionnaireKey: string
  questionnaireVersion: number
  level: SatisfactionLevel | null
  score: number | null
  maxScore: number | null
  answers: (AnswerScore & { maxPoints: number | null })[]
  lang: 'vi' | 'en'
  submittedAt: number
  receivedAt: number
  /** When the rating counts: the device's time, but never later than arrival. */
  ratedAt: number
  localDay: string
  weekStart: string
  hour: number
  weekday: number
  payload: string
}

const EARLIEST_RATING = Date.UTC(2000, 0, 1)

export type Prepared = { ok: true; value: PreparedResponse } | { ok: false; id: string | null; error: ApiIssue }

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableStringify((value as Record<string, unknown>)[key])}`)
    return `{${entries.join(',')}}`
  }
  return JSON.stringify(value)
}

function rawId(raw: unknown): string | null {
  const id = (raw as { id?: unknown } | null)?.id
  return typeof id === 'string' ? id.toLowerCase() : null
}

export interface Lookup {
  catalog: Catalog
  questionnaire: (key: string, version: number) => Questionnaire | undefined
}

export function prepareResponse(raw: unknown, index: number, lookup: Lookup, receivedAt: number): Prepared {
  const prefix = `responses.${index}`
  const parsed = v.safeParse(ResponseIn, raw)
  if (!parsed.success) return { ok: false, id: rawId(raw), error: fromValibotIssues(parsed.issues, prefix) }
  const input = parsed.output
  const fail = (code: string, field: string, message: string): Prepared => ({
    ok: false,
    id: input.id,
    error: { code, path: `${prefix}.${field}`, message: `${prefix}.${field}: ${message}` },
  })

  const counter = lookup.catalog.counters.find((c) => c.code === input.counter)
  if (!counter) return fail('unknown_counter', 'counter', `no counter "${input.counter}"`)
  const procedure = input.procedure ? lookup.catalog.procedures.find((p) => p.code === input.procedure) : undefined
  if (input.procedure && !procedure) return fail('unknown_procedure', 'procedure', `no procedure "${input.procedure}"`)
  const questionnaire = lookup.questionnaire(input.questionnaire.key, input.questionnaire.version)
  if (!questionnaire) {
    return fail('unknown_questionnaire', 'questionnaire', `no questionnaire ${input.questionnaire.key} v${input.questionnaire.version}`)
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
  const answers = scoreAnswers(questionnaire, input.answers).map((row) => {
    const question = questionnaire.questions.find((q) => q.id === row.questionId)!
    const pointed = question.options.filter((o) => o.points !== undefined)
    return { ...row, maxPoints: row.points === null || pointed.length === 0 ? null : Math.max(...pointed.map((o) => o.points!)) }
  })
  const payload = stableStringify(input)
  return {
    ok: true,
    value: {
      id: input.id,
      hash: createHash('sha256').update(payload).digest('base64url'),
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
      submittedAt,
      receivedAt,
      ratedAt,
      localDay: local.day,
      weekStart: weekStart(local.day),
      hour: local.hour,
      weekday: local.weekday,
      payload,
    },
  }
}
