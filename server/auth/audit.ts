import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { apiError } from '../middleware/errors'
import type { AuthEvent } from '../store/staff-store'
import type { AuthEnv } from './context'
import { clientAddress, truncateAddress } from './request-info'

/** Appends an event about this request: its time, truncated client address, method and path (no query). */
export async function audit<E extends AuthEnv>(c: Context<E>, event: Omit<AuthEvent, 'at' | 'client' | 'method' | 'path'>): Promise<void> {
  await c.var.store.staff.logAuthEvent({
    at: c.var.auth.now(),
    client: truncateAddress(clientAddress(c)),
    method: c.req.method,
    path: c.req.path,
    ...event,
  })
}

/** Answers a refused access in the API's error shape, after recording it. */
export async function refuse<E extends AuthEnv>(
  c: Context<E>,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  reason: string,
  staffId: number | null = null,
) {
  await audit(c, { kind: 'access_refused', status, reason, staffId })
  c.header('Cache-Control', 'no-store')
  return apiError(c, status, code, message)
}
