import { Hono } from 'hono'
import * as v from 'valibot'
import type { SignInPending } from '../../shared/second-factor'
import { meOf } from '../auth/accounts'
import { underSignInThrottle } from '../auth/attempt'
import { audit } from '../auth/audit'
import type { AuthEnv } from '../auth/context'
import { requireCsrf, sameOrigin } from '../auth/csrf'
import { requireSession } from '../auth/guards'
import { HashingBusyError, hashPassword, MAX_PASSWORD_LENGTH, needsRehash, verifyPassword } from '../auth/password'
import { secondStep } from '../auth/second-factor'
import { clearSessionCookie, readSessionToken, setSessionCookie, startSession, tokenHash } from '../auth/session'
import { normalizeUsername } from '../auth/username'
import { bodyLimit } from '../middleware/body-limit'
import { apiError } from '../middleware/errors'
import { rateLimit } from '../middleware/rate-limit'
import { validate } from '../middleware/validate'
import { secondFactor } from './second-factor'

export const SignInBody = v.object({
  username: v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(128, 'is too long')),
  password: v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(MAX_PASSWORD_LENGTH, 'is too long')),
})

/** One message for an unknown username, a wrong password and a deactivated account alike. */
const BAD_CREDENTIALS = 'Wrong username or password'

export const auth = new Hono<AuthEnv>()
  .post('/sign-in', rateLimit('sign-in'), bodyLimit, sameOrigin, validate('json', SignInBody), async (c) => {
    const { store, auth: authn } = c.var
    const body = c.req.valid('json')
    const username = normalizeUsername(body.username)
    const subject = await authn.subjectOf(username)
    c.header('Cache-Control', 'no-store')

    return underSignInThrottle(c, subject, async () => {
      try {
        // Unknown usernames are checked against a dummy hash, so that they take as long as known ones.
        const dummy = await authn.dummyHash()
        const account = await store.staff.findByUsername(username)
        const matches = await verifyPassword(body.password, account?.passwordHash ?? dummy)
        if (!account || !matches || !account.active) {
          const reason = !account ? 'unknown_user' : !matches ? 'wrong_password' : 'inactive_account'
          await audit(c, { kind: 'sign_in_failed', subject, staffId: account?.id ?? null, status: 401, reason })
          return apiError(c, 401, 'invalid_credentials', BAD_CREDENTIALS)
        }

        if (needsRehash(account.passwordHash, authn.password)) {
          await store.staff.setPasswordHash(account.id, await hashPassword(body.password, authn.password))
        }
        // A new session at every sign-in, and the one the browser presented (if any) ends: no fixation.
        const previous = readSessionToken(c)
        if (previous) await store.staff.deleteSession(tokenHash(previous))
        const now = authn.now()
        await store.staff.deleteStaleSessions(now, now - c.var.config.SESSION_IDLE_MINUTES * 60_000)
        // With a second factor to come, the session opens only the second-factor endpoints, and the sign-in
        // is not a success yet: the failure counts go on until the code is right (routes/second-factor.ts).
        const next = await secondStep(store, authn, account)
        const { token, session } = await startSession(c, account.id, next !== undefined)
        setSessionCookie(c, token)
        if (next) {
          await audit(c, { kind: 'password_accepted', subject, staffId: account.id, status: 200, reason: `second_factor_${next}` })
          return c.json({ secondFactor: next, csrfToken: session.csrfToken } satisfies SignInPending, 200)
        }
        await audit(c, { kind: 'sign_in_succeeded', subject, staffId: account.id, status: 200 })
        return c.json(meOf(account, session), 200)
      } catch (error) {
        if (!(error instanceof HashingBusyError)) throw error
        // Not a failed attempt: nothing was checked. Recorded, but not counted towards a lock-out.
        await audit(c, { kind: 'access_refused', subject, status: 503, reason: 'hashing_busy' })
        c.header('Retry-After', '2')
        return apiError(c, 503, 'unavailable', 'The server is busy; try again in a moment')
      }
    })
  })
  // A session still waiting for its second factor may be ended too ("Quay lại" on the code step).
  .post('/sign-out', requireSession, requireCsrf, async (c) => {
    await c.var.store.staff.deleteSession(c.var.session.idHash)
    clearSessionCookie(c)
    await audit(c, { kind: 'sign_out', staffId: c.var.staff.id, status: 204 })
    return c.body(null, 204)
  })
  .route('/second-factor', secondFactor)
