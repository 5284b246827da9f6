import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedItem, staffWorld, type StaffWorld } from './staff-feedback-fixtures'
import { postJson, quickResponse, staffRequest } from './test-app'

interface ErrorBody {
  error: { code: string; message: string; path: string }
}

let w: StaffWorld
beforeAll(async () => {
  w = await staffWorld()
})
afterAll(() => w.t.close())

/** The error a refused staff request answers with. */
async function refused(method: string, path: string, body?: unknown): Promise<ErrorBody['error']> {
  const res = await staffRequest(w.t.app, method, path, w.sessions.leader, body === undefined ? {} : { body })
  expect(res.status, path).toBe(400)
  return ((await res.json()) as ErrorBody).error
}

describe('API errors name the field in plain English', () => {
  it('get /api/stats/satisfaction without from says from is required, and what it takes', async () => {
    expect(await refused('GET', '/api/stats/satisfaction?to=2026-01-31')).toEqual({ code: 'invalid', path: 'from', message: 'from: is required (a date YYYY-MM-DD)' })
  })

  it('get /api/staff/feedback/summary without to names to and the form of a day', async () => {
    expect(await refused('GET', '/api/staff/feedback/summary?from=2026-01-01')).toEqual({ code: 'invalid', path: 'to', message: 'to: is required (a day as YYYY-MM-DD)' })
  })

  it('get /api/staff/feedback with a misspelt filter says it is not a field of the request', async () => {
    expect(await refused('GET', '/api/staff/feedback?fromm=2026-01-01')).toEqual({ code: 'invalid', path: 'fromm', message: 'fromm: is not a field of this request' })
  })

  it('get /api/staff/reports/period without from names from', async () => {
    const error = await refused('GET', '/api/staff/reports/period?to=2026-06-30')
    expect(error).toMatchObject({ code: 'invalid', path: 'from' })
    expect(error.message).toMatch(/^from: is required \(a date YYYY-MM-DD\)$/)
  })

  it('post an assign action without staffId names staffId and what it takes', async () => {
    const { id } = await seedItem(w.t)
    const res = await staffRequest(w.t.app, 'POST', `/api/staff/feedback/${id}/actions`, w.sessions.lsHead, { body: { action: 'assign', version: 1 } })
    expect(res.status).toBe(400)
    expect(((await res.json()) as ErrorBody).error).toEqual({ code: 'invalid', path: 'staffId', message: 'staffId: is required (a staff id or null)' })
  })

  it('post /api/responses names a missing counter of an item in plain words', async () => {
    const { counter: _counter, ...withoutCounter } = quickResponse()
    const res = await postJson(w.t.app, '/api/responses', { responses: [withoutCounter] })
    const { results } = (await res.json()) as { results: { status: string; error?: ErrorBody['error'] }[] }
    expect(results[0]!.status).toBe('invalid')
    expect(results[0]!.error!.path).toBe('responses.0.counter')
    expect(results[0]!.error!.message).toMatch(/^responses\.0\.counter: is required\b/)
  })

  it('never answers with valibot’s raw “Invalid …: Expected … but received …”', async () => {
    const paths = [
      '/api/stats/satisfaction',
      '/api/stats/satisfaction?from=2026-01-01&to=2026-01-31&groupBy=1',
      '/api/staff/feedback?page=x',
      '/api/staff/feedback/summary',
      '/api/staff/reports/period?from=2026-01-01&to=2026-06-30&format=pdf',
      '/api/staff/dashboard',
    ]
    for (const path of paths) {
      const res = await staffRequest(w.t.app, 'GET', path, w.sessions.leader)
      const { error } = (await res.json()) as ErrorBody
      expect(res.status, path).toBe(400)
      expect(error.message, path).not.toMatch(/Invalid \w+: |Expected .* but received/)
      expect(error.message.startsWith(`${error.path || 'body'}: `), path).toBe(true)
    }
  })
})
