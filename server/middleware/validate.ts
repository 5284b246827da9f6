import { vValidator } from '@hono/valibot-validator'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { validator } from 'hono/validator'
import { type GenericSchema, safeParse, type SafeParseResult } from 'valibot'
import { fromValibotIssues } from '../../shared/api-error'
import type { Env } from '../env'
import { apiError } from './errors'
import { JsonShapeScanner } from './json-shape'

type Target = 'json' | 'query' | 'param'

/** What Hono's validator parses as JSON: application/json or application/*+json, with parameters. */
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i

/** The answer to a failed or unreadable input, or undefined to go on. */
function refusal(target: Target, schema: GenericSchema, result: SafeParseResult<GenericSchema>, c: Context) {
  // Hono validates a body of another media type as {}, which would blame a missing field instead.
  if (target === 'json' && !JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    return apiError(c, 415, 'unsupported_media_type', 'Content-Type must be application/json')
  }
  if (!result.success) {
    const issue = fromValibotIssues(result.issues, '', schema)
    return apiError(c, 400, issue.code, issue.message, issue.path)
  }
  return undefined
}

/**
 * valibot validation that answers 400 in the API's error shape, naming the first bad field.
 *
 * What @hono/valibot-validator does, but synchronously: its safeParseAsync and async hook cost a few promise
 * hops on every request, and the schemas here are all synchronous. Its middleware is built only for its
 * type, which gives the route `c.req.valid(target)` typed by the schema.
 */
export function validate<T extends GenericSchema, U extends Target>(target: U, schema: T) {
  const typed = vValidator(target, schema, (result, c) => refusal(target, schema, result, c))
  if (target === 'json') return validateJson(schema) as unknown as typeof typed
  return validator(target, (value, c) => {
    // abortEarly: only the first issue is answered, and a body of a million wrong values would otherwise
    // make a million issues.
    const result = safeParse(schema, value, { abortEarly: true })
    return refusal(target, schema, result, c) ?? result.output
  }) as unknown as typeof typed
}

/** The body as text, measured chunk by chunk as it arrives; refused at the first chunk that goes too far. */
async function readMeasured(request: Request): Promise<string | { problem: string }> {
  if (!request.body) return ''
  const scanner = new JsonShapeScanner()
  const chunks: Uint8Array[] = []
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    const problem = scanner.push(value)
    if (problem) {
      void reader.cancel().catch(() => {})
      return { problem }
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The JSON body, read as text and measured (jsonShapeProblem) before JSON.parse builds it: bounded work for
 * any body the size limit lets through. Then as validate: the first bad field, in the API's error shape.
 */
function validateJson(schema: GenericSchema) {
  return createMiddleware<Env>(async (c, next) => {
    if (!JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      return apiError(c, 415, 'unsupported_media_type', 'Content-Type must be application/json')
    }
    const body = await readMeasured(c.req.raw)
    if (typeof body !== 'string') {
      // The rest of the body is not worth reading.
      c.header('Connection', 'close')
      return apiError(c, 400, 'too_complex', `Request body ${body.problem}`)
    }
    let value: unknown
    try {
      value = JSON.parse(body)
    } catch {
      return apiError(c, 400, 'bad_request', 'Malformed JSON in request body')
    }
    const result = safeParse(schema, value, { abortEarly: true })
    const refused = refusal('json', schema, result, c)
    if (refused) return refused
    c.req.addValidatedData('json', result.output as object)
    await next()
  })
}
