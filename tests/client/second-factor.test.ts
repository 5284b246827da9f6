import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RouteLocationNormalized } from 'vue-router'
import { forgetCsrfToken } from '../../client/api/client'
import { useSecondFactorStore } from '../../client/stores/second-factor'
import { staffGuard, useStaffSessionStore } from '../../client/stores/staff-session'
import { apiError, fakeFetch, json, ME } from './staff-fake-fetch'

const ADMIN = { ...ME, role: 'admin', unitCode: null }
const ENROLMENT = { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', uri: 'otpauth://totp/x', qrSvg: '<svg></svg>' }

beforeEach(() => {
  setActivePinia(createPinia())
  forgetCsrfToken()
})
afterEach(() => vi.unstubAllGlobals())

describe('the code after the password', () => {
  it('keeps a sign-in that waits for its code apart from a full one, and sends the code with its CSRF token', async () => {
    const { fetch, calls } = fakeFetch({
      'POST /api/auth/sign-in': [() => json({ secondFactor: 'code', csrfToken: 'pending-token' })],
      'POST /api/auth/second-factor/verify': [() => apiError(400, 'wrong_code', 'wrong', 'code'), () => json({ ...ADMIN, csrfToken: 'full-token' })],
      'POST /api/auth/sign-out': [() => new Response(null, { status: 204 })],
    })
    vi.stubGlobal('fetch', fetch)
    const session = useStaffSessionStore()
    expect(await session.signIn('a.admin', 'secret')).toBe(true)
    expect(session.me).toBeNull()
    expect(session.secondStep).toBe('code')

    expect(await session.verifySecondFactor({ code: '000000' })).toBe(false)
    expect(session.problem).toEqual({ kind: 'code', reason: 'wrong_code' })
    expect(await session.verifySecondFactor({ code: '123456' })).toBe(true)
    expect(session.me?.role).toBe('admin')
    expect(session.secondStep).toBeNull()
    expect(calls[1]!.headers['x-csrf-token']).toBe('pending-token')
    expect(calls[2]!.body).toEqual({ code: '123456' })

    // The full session's new token is the one sent from then on.
    await session.signOut()
    expect(calls[3]!.headers['x-csrf-token']).toBe('full-token')
  })

  it('starts again from the password when the waiting session has ended', async () => {
    vi.stubGlobal('fetch', fakeFetch({
      'POST /api/auth/sign-in': [() => json({ secondFactor: 'code', csrfToken: 't' })],
      'POST /api/auth/second-factor/verify': [() => apiError(401, 'session_expired')],
    }).fetch)
    const session = useStaffSessionStore()
    await session.signIn('a.admin', 'secret')
    expect(await session.verifySecondFactor({ recoveryCode: 'ABCDEFGHJK' })).toBe(false)
    expect(session.problem).toEqual({ kind: 'restart' })
    expect(session.secondStep).toBeNull()
    expect(session.expired).toBe(false)
  })

  it('a page reloaded before the code: the guard finds the waiting session and the sign-in page resumes', async () => {
    vi.stubGlobal('fetch', fakeFetch({
      'GET /api/staff/me': [() => apiError(401, 'second_factor_required')],
      'GET /api/auth/second-factor': [() => json({ state: 'code', required: true, csrfToken: 't' })],
    }).fetch)
    expect(await staffGuard({ fullPath: '/staff' } as RouteLocationNormalized)).toEqual({ name: 'staff-sign-in', query: { next: '/staff' } })
    expect(useStaffSessionStore().secondStep).toBe('code')
  })
})

describe('adding an authenticator app', () => {
  it('gets a secret for an account that must enrol, checks the code is 6 digits, then keeps the recovery codes', async () => {
    const { fetch, calls } = fakeFetch({
      'GET /api/auth/second-factor': [() => json({ state: 'enrol', required: true, csrfToken: 'pending-token' })],
      'POST /api/auth/second-factor/enrolment': [() => json(ENROLMENT)],
      'POST /api/auth/second-factor/enrolment/confirm': [
        () => apiError(400, 'wrong_code', 'wrong', 'code'),
        () => json({ recoveryCodes: ['AAAAA-BBBBB'], me: { ...ADMIN, csrfToken: 'full-token' } }),
      ],
    })
    vi.stubGlobal('fetch', fetch)
    const store = useSecondFactorStore()
    await store.load()
    expect(store.enrolment).toEqual(ENROLMENT)
    expect(calls[1]!.headers['x-csrf-token']).toBe('pending-token')

    expect(await store.confirm('12 34')).toBe(false)
    expect(store.problem).toEqual({ kind: 'format' })
    expect(calls).toHaveLength(2)
    expect(await store.confirm('000000')).toBe(false)
    expect(store.problem).toEqual({ kind: 'code', reason: 'wrong_code' })
    expect(await store.confirm('123 456')).toBe(true)
    expect(calls.at(-1)!.body).toEqual({ code: '123456' })
    expect(store.recoveryCodes).toEqual(['AAAAA-BBBBB'])
    expect(store.enrolment).toBeNull()
    expect(useStaffSessionStore().me?.csrfToken).toBe('full-token')

    store.forget()
    expect(store.recoveryCodes).toBeNull()
  })

  it('asks for no secret when the account has its factor already', async () => {
    const { fetch, calls } = fakeFetch({ 'GET /api/auth/second-factor': [() => json({ state: 'enabled', required: false, csrfToken: 't' })] })
    vi.stubGlobal('fetch', fetch)
    const store = useSecondFactorStore()
    await store.load()
    expect(store.status?.state).toBe('enabled')
    expect(store.enrolment).toBeNull()
    expect(calls).toHaveLength(1)
  })
})
