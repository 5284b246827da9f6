import type { Context } from 'hono'
import { Hono } from 'hono'
import {
  formatRecoveryCode,
  type SecondFactorEnrolment,
  SecondFactorConfirm,
  type SecondFactorStatus,
  SecondFactorVerify,
} from '../../shared/second-factor'
import type { StaffMe } from '../../shared/staff'
import { meOf } from '../auth/accounts'
import { underSignInThrottle } from '../auth/attempt'
import { audit } from '../auth/audit'
import { requireCsrf } from '../auth/csrf'
import { requireSession, type StaffEnv } from '../auth/guards'
import { codeStep, newRecoveryCodes, newTotpSecret, qrSvg, recoveryCodeHash, secondFactorRequired, totpUri } from '../auth/second-factor'
import { setSessionCookie, startSession } from '../auth/session'
import type { Env } from '../env'
import { bodyLimit } from '../middleware/body-limit'
import { apiError } from '../middleware/errors'
import { rateLimit } from '../middleware/rate-limit'
import { validate } from '../middleware/validate'

type SecondFactorEnv = Env & StaffEnv

/** A wrong code: counted by the sign-in throttle like a wrong password, and answered as a field problem. */
async function wrongCode(c: Context<SecondFactorEnv>, subject: string, reason: 'wrong_code' | 'code_used' | 'wrong_recovery_code') {
  await audit(c, { kind: 'sign_in_failed', subject, staffId: c.var.staff.id, status: 400, reason })
  const [field, message] =
    reason === 'code_used'
      ? ['code', 'code: this code was used already; wait for the next one']
      : reason === 'wrong_code'
        ? ['code', 'code: wrong code; check the time on your phone and try the current one']
        : ['recoveryCode', 'recoveryCode: this is not one of your unused recovery codes']
  return apiError(c, 400, reason, message, field)
}

/**
 * The second factor is right: a session still waiting for it is replaced by a full one (a new token, as at
 * every change of what a session may do), and the sign-in counts as a success. A full session stays as it is.
 */
async function signedIn(c: Context<SecondFactorEnv>, subject: string, how: 'code' | 'recovery_code'): Promise<StaffMe> {
  const { store, staff, session } = c.var
  if (!session.pendingSecondFactor) return meOf(staff, session)
  await store.staff.deleteSession(session.idHash)
  const started = await startSession(c, staff.id)
  setSessionCookie(c, started.token)
  await audit(c, { kind: 'sign_in_succeeded', subject, staffId: staff.id, status: 200, reason: `second_factor_${how}` })
  return meOf(staff, started.session)
}

/**
 * The staff second factor under /api/auth/second-factor (README "Second factor"). A session past the password
 * only reaches these endpoints and sign-out, nothing else (guards.requireStaff). Enrolment is open to a
 * pending session whose role requires a factor and to any signed-in account without one; the code itself is
 * asked of a pending session whose account has one. No secret or code ever reaches the log or the audit.
 */
export const secondFactor = new Hono<SecondFactorEnv>()
  .use(requireSession)
  .use(requireCsrf)
  .use(async (c, next) => {
    c.header('Cache-Control', 'no-store')
    await next()
  })
  .get('/', async (c) => {
    const { store, staff, session, auth } = c.var
    const enabled = (await store.secondFactor.totp(staff.id))?.enabledAt != null
    const state = session.pendingSecondFactor ? (enabled ? 'code' : 'enrol') : enabled ? 'enabled' : 'off'
    return c.json({ state, required: secondFactorRequired(staff, auth), csrfToken: session.csrfToken } satisfies SecondFactorStatus, 200)
  })
  .post('/enrolment', rateLimit('second-factor'), async (c) => {
    const { store, staff, auth } = c.var
    // A new secret each time: a page reloaded halfway shows a fresh QR code, and the unconfirmed one goes.
    const secret = newTotpSecret()
    if (!(await store.secondFactor.startEnrolment(staff.id, secret, auth.now()))) {
      return apiError(c, 409, 'already_enrolled', 'This account has a second factor already; an administrator can reset it')
    }
    const uri = totpUri(secret, staff.username)
    return c.json({ secret, uri, qrSvg: await qrSvg(uri) } satisfies SecondFactorEnrolment, 200)
  })
  .post('/enrolment/confirm', rateLimit('second-factor'), bodyLimit, validate('json', SecondFactorConfirm), async (c) => {
    const { store, staff, auth } = c.var
    const { code } = c.req.valid('json')
    const totp = await store.secondFactor.totp(staff.id)
    if (!totp || totp.enabledAt !== null) return apiError(c, 409, 'no_enrolment', 'Start the enrolment first (POST /api/auth/second-factor/enrolment)')
    const subject = await auth.subjectOf(staff.username)
    return underSignInThrottle(c, subject, async () => {
      const now = auth.now()
      const step = codeStep(totp.secret, code, now)
      if (step === null) return wrongCode(c, subject, 'wrong_code')
      const recoveryCodes = newRecoveryCodes()
      if (!(await store.secondFactor.enable(staff.id, totp.secret, step, recoveryCodes.map(recoveryCodeHash), now))) {
        return apiError(c, 409, 'no_enrolment', 'The enrolment was replaced meanwhile (another tab?); start again')
      }
      await audit(c, { kind: 'second_factor_enrolled', staffId: staff.id, status: 200 })
      const me = await signedIn(c, subject, 'code')
      // Shown once: only their hashes are kept.
      return c.json({ recoveryCodes: recoveryCodes.map(formatRecoveryCode), me }, 200)
    })
  })
  .post('/verify', rateLimit('second-factor'), bodyLimit, validate('json', SecondFactorVerify), async (c) => {
    const { store, staff, session, auth } = c.var
    const body = c.req.valid('json')
    if (!session.pendingSecondFactor) return apiError(c, 409, 'not_pending', 'This session is signed in already')
    const totp = await store.secondFactor.totp(staff.id)
    if (totp?.enabledAt == null) return apiError(c, 409, 'not_enrolled', 'This account has no second factor yet; enrol first')
    const subject = await auth.subjectOf(staff.username)
    return underSignInThrottle(c, subject, async () => {
      const now = auth.now()
      if (body.code !== undefined) {
        const step = codeStep(totp.secret, body.code, now)
        if (step === null) return wrongCode(c, subject, 'wrong_code')
        if (!(await store.secondFactor.useStep(staff.id, step))) return wrongCode(c, subject, 'code_used')
        return c.json(await signedIn(c, subject, 'code'), 200)
      }
      const { used, left } = await store.secondFactor.useRecoveryCode(staff.id, recoveryCodeHash(body.recoveryCode!), now)
      if (!used) return wrongCode(c, subject, 'wrong_recovery_code')
      await audit(c, { kind: 'recovery_code_used', staffId: staff.id, status: 200, reason: `${left} left` })
      return c.json(await signedIn(c, subject, 'recovery_code'), 200)
    })
  })
