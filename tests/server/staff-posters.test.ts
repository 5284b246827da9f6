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

  it('uses the address the browser used when PUBLIC_URL is not set', async () => {
    const local = await createTestApp()
    try {
      await addStaff(local, { username: 'p.admin', role: 'admin' })
      const session = await signIn(local.app, 'p.admin')
      const html = await (await staffRequest(local.app, 'GET', '/api/staff/posters?counter=HCC-01', session)).text()
      expect(html).toContain('<p class="url">http://localhost/q/HCC-01</p>')
    } finally {
      await local.close()
    }
  })
})
