import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RouteLocationNormalized } from 'vue-router'
import { forgetCsrfToken } from '../../client/api/client'
import { useStaffInboxStore, readInboxFilters } from '../../client/stores/staff-inbox'
import { safeNext, signInLocation, staffGuard, useStaffSessionStore } from '../../client/stores/staff-session'
import { apiError, fakeFetch, json, ME } from './staff-fake-fetch'

const to = (fullPath: string) => ({ fullPath }) as RouteLocationNormalized

beforeEach(() => {
  setActivePinia(createPinia())
  forgetCsrfToken()
})
afterEach(() => vi.unstubAllGlobals())

describe('staff session guard', () => {
  it('sends a reader without a session to sign in, to come back to the page asked for', async () => {
    const { fetch } = fakeFetch({ 'GET /api/staff/me': [() => apiError(401, 'unauthenticated')] })
    vi.stubGlobal('fetch', fetch)
    expect(await staffGuard(to('/staff/items/abc?x=1'))).toEqual({ name: 'staff-sign-in', query: { next: '/staff/items/abc?x=1' } })
  })

  it('says the session expired when the server says so', async () => {
    vi.stubGlobal('fetch', fakeFetch({ 'GET /api/staff/me': [() => apiError(401, 'session_expired')] }).fetch)
    expect(await staffGuard(to('/staff'))).toEqual({ name: 'staff-sign-in', query: { next: '/staff', reason: 'expired' } })
  })

  it('lets a signed-in staff member through and asks /api/staff/me only once', async () => {
    const { fetch, calls } = fakeFetch({ 'GET /api/staff/me': [() => json(ME)] })
    vi.stubGlobal('fetch', fetch)
    expect(await staffGuard(to('/staff'))).toBe(true)
    expect(await staffGuard(to('/staff/items/x'))).toBe(true)
    expect(calls).toHaveLength(1)
    expect(useStaffSessionStore().me?.displayName).toBe(ME.displayName)
  })

  it('sends administrators to their own start page: they do not handle items', async () => {
    vi.stubGlobal('fetch', fakeFetch({ 'GET /api/staff/me': [() => json({ ...ME, role: 'admin', unitCode: null })] }).fetch)
    expect(await staffGuard(to('/staff'))).toEqual({ path: '/staff/admin' })
  })
})

describe('signing in and out', () => {
  it('tells wrong credentials apart from a lock-out, which gives the wait in minutes', async () => {
    const { fetch } = fakeFetch({
      'POST /api/auth/sign-in': [
        () => apiError(401, 'invalid_credentials'),
        () => apiError(429, 'too_many_attempts', 'locked', '', { 'retry-after': '540' }),
        () => apiError(503, 'unavailable', 'busy', '', { 'retry-after': '2' }),
      ],
    })
    vi.stubGlobal('fetch', fetch)
    const session = useStaffSessionStore()
    expect(await session.signIn('demo.staff', 'wrong')).toBe(false)
    expect(session.problem).toEqual({ kind: 'credentials' })
    expect(await session.signIn('demo.staff', 'wrong')).toBe(false)
    expect(session.problem).toEqual({ kind: 'locked', minutes: 9 })
    expect(await session.signIn('demo.staff', 'wrong')).toBe(false)
    expect(session.problem).toEqual({ kind: 'busy' })
    // A wrong password is not a lost session.
    expect(session.expired).toBe(false)
  })

  it('keeps the CSRF token of the sign-in and sends it with the sign-out', async () => {
    const { fetch, calls } = fakeFetch({
      'POST /api/auth/sign-in': [() => json({ ...ME, csrfToken: 'from-sign-in' })],
      'POST /api/auth/sign-out': [() => new Response(null, { status: 204 })],
    })
    vi.stubGlobal('fetch', fetch)
    const session = useStaffSessionStore()
    expect(await session.signIn('  demo.staff ', 'secret')).toBe(true)
    expect(calls[0]!.body).toEqual({ username: '  demo.staff ', password: 'secret' })
    await session.signOut()
    expect(calls[1]!.headers['x-csrf-token']).toBe('from-sign-in')
    expect(session.me).toBeNull()
  })

  it('marks the session expired when any staff call answers 401, which sends the reader to sign in', async () => {
    const { fetch } = fakeFetch({
      'GET /api/staff/me': [() => json(ME)],
      'GET /api/staff/feedback': [() => apiError(401, 'session_expired')],
    })
    vi.stubGlobal('fetch', fetch)
    const session = useStaffSessionStore()
    await session.ensure()
    const inbox = useStaffInboxStore()
    await inbox.load(readInboxFilters({}))
    expect(session.expired).toBe(true)
    expect(session.me).toBeNull()
    expect(signInLocation('/staff?view=overdue', 'expired')).toEqual({ name: 'staff-sign-in', query: { next: '/staff?view=overdue', reason: 'expired' } })
  })
})

describe('safeNext', () => {
  it('comes back only to a page of this site, never to the sign-in page', () => {
    expect(safeNext('/staff/items/abc?x=1')).toBe('/staff/items/abc?x=1')
    expect(safeNext('/staff/admin')).toBe('/staff/admin')
    for (const bad of ['//evil.example/x', 'https://evil.example', '/\\evil.example', '/staff/sign-in?next=/x', undefined, 42]) {
      expect(safeNext(bad)).toBeNull()
    }
  })
})
