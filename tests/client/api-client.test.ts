import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { forgetCsrfToken, get, keepToken, setUnauthorizedHandler, write } from '../../client/api/client'
import { ApiError } from '../../client/api/http'
import { apiError, fakeFetch, json, ME } from './staff-fake-fetch'

const csrfRefusal = () => apiError(403, 'csrf', 'Missing or wrong CSRF token')

beforeEach(() => forgetCsrfToken())
afterEach(() => {
  setUnauthorizedHandler(() => {})
  vi.unstubAllGlobals()
})

describe('the staff API client', () => {
  it('fetches the token first, and after a csrf refusal fetches the new one and tries once more', async () => {
    // The first /me gives the token of a session that then ended in another tab; the second, the new one.
    const { fetch, calls } = fakeFetch({
      'GET /api/staff/me': [() => json({ ...ME, csrfToken: 'token-1' }), () => json({ ...ME, csrfToken: 'token-2' })],
      'POST /api/staff/feedback/a/actions': [csrfRefusal, () => json({ id: 'a' })],
    })
    vi.stubGlobal('fetch', fetch)
    expect(await write('POST', '/api/staff/feedback/a/actions', { action: 'note' })).toEqual({ id: 'a' })
    expect(calls.map((c) => [c.method, c.url, c.headers['x-csrf-token']])).toEqual([
      ['GET', '/api/staff/me', undefined],
      ['POST', '/api/staff/feedback/a/actions', 'token-1'],
      ['GET', '/api/staff/me', undefined],
      ['POST', '/api/staff/feedback/a/actions', 'token-2'],
    ])
    expect(calls[3]!.body).toEqual({ action: 'note' })
  })

  it('tries only once more: a second csrf refusal reaches the caller', async () => {
    const { fetch, calls } = fakeFetch({ 'GET /api/staff/me': [() => json(ME)], 'PUT /api/staff/settings/calendar': [csrfRefusal] })
    vi.stubGlobal('fetch', fetch)
    const refused = await write('PUT', '/api/staff/settings/calendar', { version: 1, value: {} }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(ApiError)
    expect(refused).toMatchObject({ status: 403, code: 'csrf' })
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(2)
  })

  it('hands a 401 to the session and forgets the token, so the next write asks for a new one', async () => {
    const unauthorized = vi.fn()
    setUnauthorizedHandler(unauthorized)
    keepToken({ csrfToken: 'old' })
    const { fetch, calls } = fakeFetch({
      'GET /api/staff/feedback': [() => apiError(401, 'session_expired', 'Session expired')],
      'GET /api/staff/me': [() => json({ ...ME, csrfToken: 'fresh' })],
      'POST /api/auth/sign-out': [() => new Response(null, { status: 204 })],
    })
    vi.stubGlobal('fetch', fetch)
    await expect(get('/api/staff/feedback')).rejects.toMatchObject({ status: 401, code: 'session_expired' })
    expect(unauthorized).toHaveBeenCalledOnce()
    expect(unauthorized.mock.calls[0]![0]).toMatchObject({ status: 401, code: 'session_expired' })

    // A 204 answers nothing; the token was fetched again first.
    expect(await write('POST', '/api/auth/sign-out')).toBeUndefined()
    expect(calls.slice(1).map((c) => [c.method, c.url, c.headers['x-csrf-token']])).toEqual([
      ['GET', '/api/staff/me', undefined],
      ['POST', '/api/auth/sign-out', 'fresh'],
    ])
  })

  it('leaves a 401 to a caller that hears it itself: not signed in yet, a wrong password', async () => {
    const unauthorized = vi.fn()
    setUnauthorizedHandler(unauthorized)
    vi.stubGlobal('fetch', fakeFetch({
      'GET /api/staff/me': [() => apiError(401, 'unauthenticated')],
      'POST /api/auth/sign-in': [() => apiError(401, 'invalid_credentials')],
    }).fetch)
    await expect(get('/api/staff/me', { quiet401: true })).rejects.toMatchObject({ status: 401 })
    await expect(write('POST', '/api/auth/sign-in', { username: 'x', password: 'y' }, { quiet401: true, csrf: false })).rejects.toMatchObject({ status: 401 })
    expect(unauthorized).not.toHaveBeenCalled()
  })

  it('signs in without a token, and sends a file as its bytes with its own type', async () => {
    const { fetch, calls } = fakeFetch({
      'POST /api/auth/sign-in': [() => json({ ...ME, csrfToken: 'signed-in' })],
      'POST /api/staff/admin/catalog/procedures/import': [() => json({ dryRun: true })],
    })
    vi.stubGlobal('fetch', fetch)
    keepToken(await write<typeof ME>('POST', '/api/auth/sign-in', { username: 'x', password: 'y' }, { csrf: false }))
    const csv = new Blob(['code\n'], { type: 'text/csv' })
    await write('POST', '/api/staff/admin/catalog/procedures/import?dryRun=true', csv, { contentType: 'text/csv; charset=utf-8' })
    expect(calls[0]!.headers).not.toHaveProperty('x-csrf-token')
    expect(calls[0]!.headers['content-type']).toBe('application/json')
    expect(calls[1]!.headers).toMatchObject({ 'x-csrf-token': 'signed-in', 'content-type': 'text/csv; charset=utf-8' })
    expect(fetch.mock.calls[1]![1]!.body).toBe(csv)
  })
})
