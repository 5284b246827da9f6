import { vValidator } from '@hono/valibot-validator'
import type { GenericSchema } from 'valibot'
import { fromValibotIssues } from '../../shared/api-error'
import { apiError } from './errors'

type Target = 'json' | 'query' | 'param'

/** valibot validation that answers 400 in the API's error shape, naming the first bad field. */
export function validate<T extends GenericSchema, U extends Target>(target: U, schema: T) {
  return vValidator(target, schema, (result, c) => {
    if (!result.success) {
      const issue = fromValibotIssues(result.issues)
      return apiError(c, 400, issue.code, issue.message, issue.path)
    }
  })
}
