import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_COUNTERS } from '../../server/seed/demo-catalog'
import { addStaff, createTestApp, type Session, signIn, staffRequest, type TestApp } from './test-app'

let t: TestApp
let admin: Session
beforeAll(async () => {
  t = await createTestApp({ PUBLIC_URL: 'https://hailong.songoaivu.example.vn' })
  await addStaff(t, { username: 'p.admin', role: 'admin' })
  admin = await signIn(t.app, 'p.admin')
})
afterAll(() => t.close())

const posters = (query: string, session: Session = admin) => staffRequest(t.app, 'GET', `/api/staff/posters${query}`, session)
const sections = (html: string) => [...html.matchAll(/<section class="poster" data-counter="([^"]+)">/g)].map((m) => m[1])

describe('GET /api/staff/posters', () => {
  it('prints one poster a page for every counter, each pointing at its stable /q/<code> URL on PUBLIC_URL', async () => {
    const res = await posters('')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await res.text()
    expect(sections(html)).toEqual(DEMO_COUNTERS.map((c) => c.code))
    for (const counter of DEMO_COUNTERS) {
      expect(html).toContain(`<p class="url">https://hailong.songoaivu.example.vn/q/${counter.code}</p>`)
      expect(html).toContain(`<h2>${counter.name.vi}</h2>`)
    }
    expect(html.match(/<svg /g)).toHaveLength(DEMO_COUNTERS.length)
    expect(html).toContain('size: A4 portrait')
    expect(html).toContain('quét mã QR')
    expect(html).toContain("Open your phone's camera")
  })

  it('prints one counter on A5', async () => {
    const html = await (await posters('?counter=HCC-02&size=a5')).text()
    expect(sections(html)).toEqual(['HCC-02'])
    expect(html).toContain('size: A5 portrait')
  })

  it('gives the same poster after a restart: nothing in it depends on the version or the moment', async () => {
    const before = await (await posters('?counter=HCC-01')).text()
    await t.reopen()
    admin = await signIn(t.app, 'p.admin')
    expect(await (await posters('?counter=HCC-01')).text()).toBe(before)
  })

  it('names the bad field', async () => {
    const unknown = await posters('?counter=NOPE')
    expect(unknown.status).toBe(404)
    expect((await unknown.json()).error).toMatchObject({ path: 'counter' })
    const size = await posters('?size=a3')
    expect(size.status).toBe(400)
    expect((await size.json()).error).toMatchObject({ path: 'size' })
  })

  it('prints PUBLIC_URL whatever Host header or origin the request carries', async () => {
    const forged = { headers: { host: 'evil.example' } }
    const html = await (await staffRequest(t.app, 'GET', '/api/staff/posters?counter=HCC-01&origin=https%3A%2F%2Fevil.example', admin, forged)).text()
    expect(html).toContain('<p class="url">https://hailong.songoaivu.example.vn/q/HCC-01</p>')
    expect(html).not.toContain('evil.example')
  })

  it('tells the administration page that PUBLIC_URL is set', async () => {
    const res = await posters('/public-url')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ publicUrl: 'https://hailong.songoaivu.example.vn' })
  })
})

describe('GET /api/staff/posters without PUBLIC_URL', () => {
  let local: TestApp
  let session: Session
  beforeAll(async () => {
    local = await createTestApp()
    await addStaff(local, { username: 'p.admin', role: 'admin' })
    session = await signIn(local.app, 'p.admin')
  })
  afterAll(() => local.close())
  const get = (query: string, headers: Record<string, string> = {}) => staffRequest(local.app, 'GET', `/api/staff/posters${query}`, session, { headers })

  it('prints the origin the administrator\'s browser shows, which the administration page sends', async () => {
    const html = await (await get('?counter=HCC-01&origin=http%3A%2F%2F192.168.1.20%3A8080')).text()
    expect(html).toContain('<p class="url">http://192.168.1.20:8080/q/HCC-01</p>')
  })

  it('does not let a forged Host header (or X-Forwarded-Host) choose the URL on the poster', async () => {
    const html = await (await get('?counter=HCC-01&origin=http%3A%2F%2F192.168.1.20%3A8080', { host: 'evil.example', 'x-forwarded-host': 'evil.example' })).text()
    expect(html).toContain('<p class="url">http://192.168.1.20:8080/q/HCC-01</p>')
    expect(html).not.toContain('evil.example')
    // Without the browser's origin there is no poster, rather than one built from the Host header.
    const hostOnly = await get('?counter=HCC-01', { host: 'evil.example' })
    expect(hostOnly.status).toBe(400)
    expect((await hostOnly.json()).error).toMatchObject({ code: 'invalid', path: 'origin' })
  })

  it('refuses an origin that is not just scheme and host', async () => {
    for (const origin of ['javascript:alert(1)', 'https://example.vn/q', 'https://example.vn/', 'ftp://example.vn', '"><script>', '']) {
      const res = await get(`?counter=HCC-01&origin=${encodeURIComponent(origin)}`)
      expect(res.status, origin).toBe(400)
      expect((await res.json()).error.path, origin).toBe('origin')
    }
  })

  it('tells the administration page that PUBLIC_URL is not set', async () => {
    const res = await get('/public-url')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ publicUrl: null })
  })
})
