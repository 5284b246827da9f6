import { vValidator } from '@hono/valibot-validator'
import type { Context } from 'hono'
import { validator } from 'hono/validator'
import { type GenericSchema, safeParse, type SafeParseResult } from 'valibot'
import { fromValibotIssues } from '../../shared/api-error'
import { apiError } from './errors'

type Target = 'json' | 'query' | 'param'

/** What Hono's validator parses as JSON: application/json or application/*+json, with parameters. */
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i

/** The answer to a failed or unreadable input, or undefined to go on. */
function refusal(target: Target, result: SafeParseResult<GenericSchema>, c: Context) {
  // Hono validates a body of another media type as {}, which would blame a missing field instead.
  if (target === 'json' && !JSON_TYPE.test(c.req.header('content-type') ?? '')) {
    return apiError(c, 415, 'unsupported_media_type', 'Content-Type must be application/json')
  }
  if (!result.success) {
    const issue = fromValibotIssues(result.issues)
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
  const typed = vValidator(target, schema, (result, c) => refusal(target, result, c))
  return validator(target, (value, c) => {
    const result = safeParse(schema, value)
    return refusal(target, result, c) ?? result.output
  }) as unknown as typeof typed
}
