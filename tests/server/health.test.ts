import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from './test-app'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(() => t.close())

describe('GET /api/health', () => {
  it('answers ok with the package version', async () => {
    const res = await t.app.request('/api/health')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { status: string; version: string }
    expect(body.status).toBe('ok')
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('answers an unknown API path with a JSON 404 naming it', async () => {
    const res = await t.app.request('/api/nope')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No API endpoint GET /api/nope', path: '' } })
  })
})
