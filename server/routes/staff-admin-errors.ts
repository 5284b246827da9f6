import type { Context } from 'hono'
import type { GenericSchema, InferOutput } from 'valibot'
import { safeParse } from 'valibot'
import { fromValibotIssues } from '../../shared/api-error'
import { apiError } from '../middleware/errors'
import type { Actor, Refusal } from '../store/admin-store'
import type { StaffEnv } from '../auth/guards'

/**
 * The answer to a refused administrative write, in the API's error shape. `what` names the thing in words
 * ("counter HCC-09", "account 12") and `keyPath` the field that identifies it (`code`, `id`).
 */
export function refusalAnswer(c: Context, refusal: Refusal, what: string, keyPath: string) {
  switch (refusal.reason) {
    case 'not_found':
      return apiError(c, 404, 'not_found', `${keyPath}: there is no ${what}`, keyPath)
    case 'duplicate':
      return apiError(c, 409, 'duplicate', `${keyPath}: ${what} exists already (codes and usernames are unique whatever their case)`, keyPath)
    case 'invalid':
      return apiError(c, 400, 'invalid', refusal.message, refusal.field)
    case 'blocked':
      return apiError(c, 409, refusal.code, refusal.message, refusal.field)
  }
}

/** A body already parsed as JSON, checked against a schema chosen by the route (it depends on the path). */
export function parseBody<S extends GenericSchema>(schema: S, body: unknown): { ok: true; value: InferOutput<S> } | { ok: false; path: string; message: string } {
  const result = safeParse(schema, body)
  if (result.success) return { ok: true, value: result.output }
  const issue = fromValibotIssues(result.issues, '', schema)
  return { ok: false, path: issue.path, message: issue.message }
}

/** Who is making the change, and when: what every audited write takes. */
export function actorOf(c: Context<StaffEnv>): Actor {
  return { id: c.var.staff.id, at: c.var.auth.now() }
}
