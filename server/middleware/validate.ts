import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
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

/** Measures each chunk as it comes; the text of them all, or the problem of the first that goes too far. */
async function readChunks(chunks: AsyncIterable<Uint8Array>): Promise<string | { problem: string }> {
  const scanner = new JsonShapeScanner()
  const kept: Uint8Array[] = []
  // Leaving the loop early ends the stream (a web reader's cancel, a Node stream's destroy): the rest is not read.
  for await (const chunk of chunks) {
    const problem = scanner.push(chunk)
    if (problem) return { problem }
    kept.push(chunk)
  }
  return Buffer.concat(kept).toString('utf8')
}

/**
 * The body as text, measured chunk by chunk as it arrives; refused at the first chunk that goes too far.
 * Served by @hono/node-server, a body whose length the headers declare (limitBody has checked it, and Node
 * reads no more than it) is read straight from Node's request: building the WHATWG Request and the web stream
 * over it cost about a fifth of the main thread's time per rating (bench a, README). Otherwise (chunked, which
 * limitBody counts through c.req.raw, or the tests' app.request) through the Request.
 */
function readMeasured(c: Context): Promise<string | { problem: string }> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  if (incoming instanceof Readable && c.req.header('content-length') !== undefined && c.req.header('transfer-encoding') === undefined) {
    return readChunks(incoming)
  }
  const body = c.req.raw.body
  return body ? readChunks(body) : Promise.resolve('')
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
    const body = await readMeasured(c)
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
