import { Secret, TOTP } from 'otpauth'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seedDemoStaff } from '../../server/seed/demo-staff'
import type { StoredAuthEvent } from '../../server/store/staff-store'
import type { SecondFactorEnrolment, SecondFactorStatus, SignInPending } from '../../shared/second-factor'
import {
  addStaff,
  createTestApp,
  MINUTE,
  type Session,
  sessionCookieOf,
  signIn,
  signInRequest,
  staffRequest,
  TEST_SCRYPT,
  TestClock,
  type TestApp,
} from './test-app'

let t: TestApp
let clock: TestClock
/** The waits the throttle asked for (nothing really waits). */
let waits: number[]

beforeEach(async () => {
  clock = new TestClock()
  waits = []
  t = await createTestApp(
    { RATE_LIMIT_PER_MINUTE: '100000' },
    { auth: { now: clock.now, requireSecondFactor: true, sleep: async (ms) => void waits.push(ms) } },
  )
  await addStaff(t, { username: 'a.admin', role: 'admin' })
  await addStaff(t, { username: 'b.admin', role: 'admin' })
  await addStaff(t, { username: 'c.leader', role: 'leadership' })
  await addStaff(t, { username: 'd.clerk', role: 'unit_staff', unitCode: 'LS' })
})
afterEach(() => t.close())

const STEP = 30_000
/** The code an authenticator app shows at `at` (the test clock's now unless given). */
const codeAt = (secret: string, at = clock.time) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at })

/** A session past the password: its cookie and CSRF token, and what the sign-in said comes next. */
async function passwordStep(username: string): Promise<Session & { next: SignInPending['secondFactor'] }> {
  const res = await signInRequest(t.app, username)
  expect(res.status).toBe(200)
  const body = (await res.json()) as SignInPending
  expect(body).toEqual({ secondFactor: expect.stringMatching(/^(code|enrol)$/), csrfToken: expect.any(String) })
  return { cookie: sessionCookieOf(res)!, csrfToken: body.csrfToken, me: undefined as never, next: body.secondFactor }
}

const post = (session: Session, path: string, body?: unknown) => staffRequest(t.app, 'POST', `/api/auth/second-factor${path}`, session, { body })
const stateOf = async (session: Session) => (await (await staffRequest(t.app, 'GET', '/api/auth/second-factor', session)).json()) as SecondFactorStatus

/** The session after a right code or a confirmed enrolment: the new cookie the answer set. */
function fullSession(res: Response, me: Session['me']): Session {
  return { cookie: sessionCookieOf(res)!, csrfToken: me.csrfToken, me }
}

async function errorOf(res: Response, status: number) {
  expect(res.status).toBe(status)
  return ((await res.json()) as { error: { code: string; path: string } }).error
}

/** Enrols `username` from the password on and returns its secret, recovery codes and full session. */
async function enrol(username: string) {
  const pending = await passwordStep(username)
  expect(pending.next).toBe('enrol')
  const enrolment = (await (await post(pending, '/enrolment')).json()) as SecondFactorEnrolment
  const res = await post(pending, '/enrolment/confirm', { code: codeAt(enrolment.secret) })
  expect(res.status).toBe(200)
  const body = (await res.json()) as { recoveryCodes: string[]; me: Session['me'] }
  return { secret: enrolment.secret, recoveryCodes: body.recoveryCodes, session: fullSession(res, body.me) }
}

/** Password, then the code: the full session, or the refused answer. */
async function signInWithCode(username: string, code: { code: string } | { recoveryCode: string }) {
  const pending = await passwordStep(username)
  expect(pending.next).toBe('code')
  return { pending, res: await post(pending, '/verify', code) }
}

const events = (): Promise<StoredAuthEvent[]> => t.store.staff.authEvents()

describe('who must have a second factor', () => {
  it('post /auth/sign-in gives an administrator without one a session that opens nothing but enrolment', async () => {
    const pending = await passwordStep('a.admin')
    expect(pending.next).toBe('enrol')
    for (const path of ['/api/staff/me', '/api/staff/admin/accounts', '/api/staff/feedback', '/api/stats/satisfaction?from=2026-03-01&to=2026-03-02']) {
      const error = await errorOf(await staffRequest(t.app, 'GET', path, pending), 401)
      expect(error.code).toBe('second_factor_required')
    }
    expect(await stateOf(pending)).toEqual({ state: 'enrol', required: true, csrfToken: pending.csrfToken })
    // Nor can a pending session be used to sign in as done by asking for the code step.
    expect((await errorOf(await post(pending, '/verify', { code: '123456' }), 409)).code).toBe('not_enrolled')
  })

  it('post /auth/sign-in asks leadership to enrol too, but lets other staff in with the password alone', async () => {
    expect((await passwordStep('c.leader')).next).toBe('enrol')
    const clerk = await signIn(t.app, 'd.clerk')
    expect(clerk.me).toMatchObject({ username: 'd.clerk', role: 'unit_staff' })
    expect(await stateOf(clerk)).toMatchObject({ state: 'off', required: false })
  })

  it('post /auth/sign-in exempts the demo accounts, whose use is a demonstration', async () => {
    const demo = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' }, { auth: { requireSecondFactor: true } })
    try {
      await seedDemoStaff(demo.store, TEST_SCRYPT)
      const password = (await demo.store.staff.demoPassword())!
      for (const username of ['demo.admin', 'demo.leader']) {
        const session = await signIn(demo.app, username, password)
        expect((await staffRequest(demo.app, 'GET', '/api/staff/me', session)).status).toBe(200)
      }
    } finally {
      await demo.close()
    }
  })

  it('a pending session ends after 15 minutes: typing a code is not a way to keep one open', async () => {
    const pending = await passwordStep('a.admin')
    clock.advance(15 * MINUTE)
    expect((await errorOf(await staffRequest(t.app, 'GET', '/api/auth/second-factor', pending), 401)).code).toBe('session_expired')
  })
})

describe('enrolment', () => {
  it('post /auth/second-factor/enrolment makes a 20-byte secret, its otpauth URI and QR code', async () => {
    const pending = await passwordStep('a.admin')
    const res = await post(pending, '/enrolment')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-store')
    const enrolment = (await res.json()) as SecondFactorEnrolment
    expect(enrolment.secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(Secret.fromBase32(enrolment.secret).bytes).toHaveLength(20)
    const uri = new URL(enrolment.uri)
    expect(uri.protocol).toBe('otpauth:')
    expect(uri.searchParams.get('secret')).toBe(enrolment.secret)
    expect(uri.searchParams.get('issuer')).toBe('Hài lòng')
    expect(uri.searchParams.get('digits')).toBe('6')
    expect(uri.searchParams.get('period')).toBe('30')
    expect(decodeURIComponent(uri.pathname)).toContain('a.admin')
    expect(enrolment.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/)
    // Asked again (a reloaded page), a new secret replaces the unconfirmed one.
    const again = (await (await post(pending, '/enrolment')).json()) as SecondFactorEnrolment
    expect(again.secret).not.toBe(enrolment.secret)
    expect((await errorOf(await post(pending, '/enrolment/confirm', { code: codeAt(enrolment.secret) }), 400)).code).toBe('wrong_code')
  })

  it('post /auth/second-factor/enrolment/confirm enables the factor, shows 10 recovery codes once and signs in', async () => {
    const pending = await passwordStep('a.admin')
    const { secret } = (await (await post(pending, '/enrolment')).json()) as SecondFactorEnrolment
    expect((await errorOf(await post(pending, '/enrolment/confirm', { code: '12345' }), 400)).path).toBe('code')

    const res = await post(pending, '/enrolment/confirm', { code: codeAt(secret) })
    expect(res.status).toBe(200)
    const { recoveryCodes, me } = (await res.json()) as { recoveryCodes: string[]; me: Session['me'] }
    expect(recoveryCodes).toHaveLength(10)
    expect(new Set(recoveryCodes).size).toBe(10)
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/)
    expect(me).toMatchObject({ username: 'a.admin', role: 'admin' })

    // A new session (a new token), and the pending one is gone.
    const full = fullSession(res, me)
    expect(full.cookie).not.toBe(pending.cookie)
    expect((await staffRequest(t.app, 'GET', '/api/staff/admin/accounts', full)).status).toBe(200)
    expect((await staffRequest(t.app, 'GET', '/api/auth/second-factor', pending)).status).toBe(401)
    expect(await stateOf(full)).toMatchObject({ state: 'enabled', required: true })

    // Stored: the secret enabled, the recovery codes as hashes only.
    const stored = await t.sql('SELECT hash, used_at FROM staff_recovery_codes WHERE staff_id = ?', me.id)
    expect(stored).toHaveLength(10)
    for (const row of stored) expect(row).toEqual({ hash: expect.stringMatching(/^[0-9a-f]{64}$/), used_at: null })
    expect(await t.sql('SELECT enabled_at FROM staff_totp WHERE staff_id = ?', me.id)).toEqual([{ enabled_at: clock.time }])
    // Once enabled, no second enrolment replaces it.
    expect((await errorOf(await post(full, '/enrolment'), 409)).code).toBe('already_enrolled')
    // The last: the pending session's cookie, refused once replaced.
    expect((await events()).map((e) => e.kind)).toEqual(['password_accepted', 'second_factor_enrolled', 'sign_in_succeeded', 'access_refused'])
  })

  it('lets staff whose role does not require it enrol from a signed-in session, which stays as it is', async () => {
    const clerk = await signIn(t.app, 'd.clerk')
    const { secret } = (await (await post(clerk, '/enrolment')).json()) as SecondFactorEnrolment
    const res = await post(clerk, '/enrolment/confirm', { code: codeAt(secret) })
    expect(res.status).toBe(200)
    expect(sessionCookieOf(res)).toBeUndefined()
    expect((await staffRequest(t.app, 'GET', '/api/staff/me', clerk)).status).toBe(200)
    // From now on the code is asked at every sign-in.
    clock.advance(STEP)
    const { res: verified } = await signInWithCode('d.clerk', { code: codeAt(secret) })
    expect(verified.status).toBe(200)
  })
})

describe('the code after the password', () => {
  it('post /auth/second-factor/verify accepts the current code, one step either side, and never the same step twice', async () => {
    const { secret } = await enrol('a.admin')
    clock.advance(5 * MINUTE)

    // The previous step's code (a phone slightly behind): accepted.
    let { pending, res } = await signInWithCode('a.admin', { code: codeAt(secret, clock.time - STEP) })
    expect(res.status).toBe(200)
    const me = (await res.json()) as Session['me']
    expect((await staffRequest(t.app, 'GET', '/api/staff/me', fullSession(res, me))).status).toBe(200)
    expect((await staffRequest(t.app, 'GET', '/api/staff/me', pending)).status).toBe(401)

    // The same code again: a replay.
    ;({ res } = await signInWithCode('a.admin', { code: codeAt(secret, clock.time - STEP) }))
    expect(await errorOf(res, 400)).toMatchObject({ code: 'code_used', path: 'code' })
    // The current step, then the next one (a phone slightly ahead).
    ;({ res } = await signInWithCode('a.admin', { code: codeAt(secret) }))
    expect(res.status).toBe(200)
    ;({ res } = await signInWithCode('a.admin', { code: codeAt(secret, clock.time + STEP) }))
    expect(res.status).toBe(200)
    // An earlier step than the last one used is refused too, even inside the window.
    ;({ res } = await signInWithCode('a.admin', { code: codeAt(secret) }))
    expect((await errorOf(res, 400)).code).toBe('code_used')
    // Two steps away is outside the window.
    clock.advance(10 * MINUTE)
    for (const at of [clock.time - 2 * STEP, clock.time + 2 * STEP]) {
      ;({ res } = await signInWithCode('a.admin', { code: codeAt(secret, at) }))
      expect((await errorOf(res, 400)).code).toBe('wrong_code')
    }
  })

  it('post /auth/second-factor/verify takes each recovery code once, however it is typed', async () => {
    const { recoveryCodes } = await enrol('a.admin')
    let { res } = await signInWithCode('a.admin', { recoveryCode: recoveryCodes[0]! })
    expect(res.status).toBe(200)
    ;({ res } = await signInWithCode('a.admin', { recoveryCode: recoveryCodes[0]! }))
    expect(await errorOf(res, 400)).toMatchObject({ code: 'wrong_recovery_code', path: 'recoveryCode' })
    // Lower case, without the dash, with spaces: the same code.
    const typed = ` ${recoveryCodes[1]!.replace('-', '').toLowerCase()} `
    ;({ res } = await signInWithCode('a.admin', { recoveryCode: typed }))
    expect(res.status).toBe(200)
    const used = (await events()).filter((e) => e.kind === 'recovery_code_used')
    expect(used.map((e) => e.reason)).toEqual(['9 left', '8 left'])
    expect(await t.count('staff_recovery_codes', 'used_at IS NOT NULL')).toBe(2)
  })

  it('post /auth/second-factor/verify wants exactly one of code and recoveryCode, and only from a pending session', async () => {
    const { secret, session } = await enrol('a.admin')
    const pending = await passwordStep('a.admin')
    expect((await errorOf(await post(pending, '/verify', {}), 400)).code).toBe('invalid')
    expect((await errorOf(await post(pending, '/verify', { code: '123456', recoveryCode: 'ABCDE-FGHJK' }), 400)).code).toBe('invalid')
    expect((await errorOf(await post(pending, '/verify', { recoveryCode: 'nope' }), 400)).path).toBe('recoveryCode')
    // The code step asks nothing of a session signed in already, and a pending one cannot enrol again.
    expect((await errorOf(await post(session, '/verify', { code: codeAt(secret) }), 409)).code).toBe('not_pending')
    expect((await errorOf(await post(pending, '/enrolment'), 409)).code).toBe('already_enrolled')
    // Without its CSRF token, refused like any unsafe staff request.
    expect((await staffRequest(t.app, 'POST', '/api/auth/second-factor/verify', pending, { body: { code: codeAt(secret) }, csrf: false })).status).toBe(403)
  })

  it('throttles codes like passwords: slowed from the 3rd wrong one, locked at the 10th, the right code too', async () => {
    const { secret } = await enrol('a.admin')
    clock.advance(MINUTE)
    const pending = await passwordStep('a.admin')
    const wrong = codeAt(secret, clock.time + 10 * STEP)
    for (let i = 0; i < 10; i++) expect((await post(pending, '/verify', { code: wrong })).status).toBe(400)
    expect(waits.slice(0, 2)).toEqual([1000, 2000])
    const res = await post(pending, '/verify', { code: codeAt(secret) })
    expect((await errorOf(res, 429)).code).toBe('too_many_attempts')
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    // The password step is locked as well: the counts are the account's.
    expect((await signInRequest(t.app, 'a.admin')).status).toBe(429)
  })
})

describe('administrators reset a second factor', () => {
  it('post /staff/admin/accounts/:id/second-factor/reset ends the sessions; the account enrols again at its next sign-in', async () => {
    const a = await enrol('a.admin')
    const b = await enrol('b.admin')
    const res = await staffRequest(t.app, 'POST', `/api/staff/admin/accounts/${b.session.me.id}/second-factor/reset`, a.session)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ sessionsEnded: 1 })
    expect((await staffRequest(t.app, 'GET', '/api/staff/me', b.session)).status).toBe(401)
    expect((await passwordStep('b.admin')).next).toBe('enrol')

    const accounts = (await (await staffRequest(t.app, 'GET', '/api/staff/admin/accounts', a.session)).json()) as { accounts: { username: string; secondFactor: boolean }[] }
    expect(Object.fromEntries(accounts.accounts.map((x) => [x.username, x.secondFactor]))).toMatchObject({ 'a.admin': true, 'b.admin': false, 'd.clerk': false })

    // Recorded in both trails: the authentication audit and the administrators' change log.
    const reset = (await events()).filter((e) => e.kind === 'second_factor_reset')
    expect(reset).toMatchObject([{ staffId: b.session.me.id, status: 200, reason: `by account ${a.session.me.id}` }])
    const changes = await t.sql("SELECT actor, entity_key, action FROM admin_audit WHERE action = 'reset_second_factor'")
    expect(changes).toEqual([{ actor: a.session.me.id, entity_key: String(b.session.me.id), action: 'reset_second_factor' }])
  })

  it('refuses to reset one’s own factor, an account without one, and anyone but an administrator', async () => {
    const a = await enrol('a.admin')
    const clerk = await signIn(t.app, 'd.clerk')
    const reset = (id: number, session: Session) => staffRequest(t.app, 'POST', `/api/staff/admin/accounts/${id}/second-factor/reset`, session)
    expect((await errorOf(await reset(a.session.me.id, a.session), 409)).code).toBe('self')
    expect((await errorOf(await reset(clerk.me.id, a.session), 409)).code).toBe('not_enrolled')
    expect((await errorOf(await reset(a.session.me.id, clerk), 403)).code).toBe('forbidden')
    expect((await errorOf(await reset(999, a.session), 404)).code).toBe('not_found')
  })
})

describe('the audit', () => {
  it('records enrolments, resets and recovery codes used, and never a secret or a code', async () => {
    const a = await enrol('a.admin')
    const b = await enrol('b.admin')
    await signInWithCode('b.admin', { recoveryCode: b.recoveryCodes[3]! })
    clock.advance(STEP)
    await signInWithCode('a.admin', { code: '000000' })
    const verified = await signInWithCode('a.admin', { code: codeAt(a.secret) })
    expect(verified.res.status).toBe(200)
    await staffRequest(t.app, 'POST', `/api/staff/admin/accounts/${b.session.me.id}/second-factor/reset`, a.session)

    const all = await events()
    expect(all.filter((e) => e.kind === 'second_factor_enrolled').map((e) => e.staffId)).toEqual([a.session.me.id, b.session.me.id])
    expect(all.filter((e) => e.kind === 'recovery_code_used').map((e) => e.staffId)).toEqual([b.session.me.id])
    expect(all.filter((e) => e.kind === 'second_factor_reset').map((e) => e.staffId)).toEqual([b.session.me.id])
    expect(all.filter((e) => e.kind === 'sign_in_failed').map((e) => e.reason)).toEqual(['wrong_code'])

    const written = JSON.stringify(all) + JSON.stringify(await t.sql('SELECT * FROM admin_audit'))
    const secrets = [a.secret, b.secret, ...a.recoveryCodes, ...b.recoveryCodes, ...b.recoveryCodes.map((c) => c.replace('-', '')), codeAt(a.secret)]
    for (const secret of secrets) expect(written).not.toContain(secret)
  })
})
