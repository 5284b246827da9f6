import { vValidator } from '@hono/valibot-validator'
import type { GenericSchema } from 'valibot'
import { fromValibotIssues } from '../../shared/api-error'
import { apiError } from './errors'

type Target = 'json' | 'query' | 'param'

/** What Hono's validator parses as JSON: application/json or application/*+json, with parameters. */
const JSON_TYPE = /^application\/([\w.-]+\+)?json\s*(;|$)/i

/** valibot validation that answers 400 in the API's error shape, naming the first bad field. */
export function validate<T extends GenericSchema, U extends Target>(target: U, schema: T) {
  return vValidator(target, schema, (result, c) => {
    // Hono validates a body of another media type as {}, which would blame a missing field instead.
    if (target === 'json' && !JSON_TYPE.test(c.req.header('content-type') ?? '')) {
      return apiError(c, 415, 'unsupported_media_type', 'Content-Type must be application/json')
    }
    if (!result.success) {
      const issue = fromValibotIssues(result.issues)
      return apiError(c, 400, issue.code, issue.message, issue.path)
    }
  })
}
