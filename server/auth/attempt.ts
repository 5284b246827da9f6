import type { Context } from 'hono'
import { apiError } from '../middleware/errors'
import { audit } from './audit'
import type { AuthEnv } from './context'
import { clientAddress, truncateAddress } from './request-info'

/**
 * One guess at a credential — a password at sign-in, a second-factor code after it — under the sign-in
 * throttle (throttle.ts): refused with 429 while the typed username or the client network is locked, held
 * back while they are slowed, run otherwise. Failures are counted from the `sign_in_failed` rows that
 * `attempt` writes to the audit, so passwords and codes wrongly given for one account add up.
 */
export async function underSignInThrottle<E extends AuthEnv>(c: Context<E>, subject: string, attempt: () => Promise<Response>): Promise<Response> {
  const { store, auth } = c.var
  const client = truncateAddress(clientAddress(c))
  const pending = await auth.throttle.begin(store, subject, client, auth.now())
  try {
    const { locked, delayMs } = pending.verdict
    if (locked) {
      const retryAfter = Math.max(1, Math.ceil((locked.until - auth.now()) / 1000))
      await audit(c, { kind: 'sign_in_locked', subject, status: 429, reason: locked.by })
      c.header('Retry-After', String(retryAfter))
      return apiError(c, 429, 'too_many_attempts', `Too many failed sign-ins; try again in ${Math.ceil(retryAfter / 60)} min`)
    }
    if (delayMs > 0) await auth.sleep(delayMs)
    return await attempt()
  } finally {
    await pending.end()
  }
}
