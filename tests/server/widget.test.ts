import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Dashboard } from '../../shared/dashboard'
import { today } from '../../shared/dates'
import { addStaff, createTestApp, postResponses, quickResponse, type Session, signIn, staffRequest, type TestApp } from './test-app'

let t: TestApp
let admin: Session
let leader: Session
const yearSoFar = { from: `${today().slice(0, 4)}-01-01`, to: today() }
const quick = (procedure: string, overall: string) => quickResponse({ counter: 'HCC-02', procedure, answers: { overall } })
const times = <T>(n: number, make: () => T) => Array.from({ length: n }, make)

beforeAll(async () => {
  t = await createTestApp({ RATE_LIMIT_PER_MINUTE: '100000' })
  await addStaff(t, { username: 'w.admin', role: 'admin' })
  await addStaff(t, { username: 'w.leader', role: 'leadership' })
  admin = await signIn(t.app, 'w.admin')
  leader = await signIn(t.app, 'w.leader')
  await postResponses(t.app, [
    ...times(6, () => quick('ABTC', 'very_satisfied')),
    ...times(2, () => quick('ABTC', 'unsatisfied')),
    ...times(7, () => quick('HPH-LS', 'satisfied')),
    ...times(2, () => quick('BG-QL', 'satisfied')),
  ])
})
afterAll(() => t.close())

const putOrigins = (value: unknown, version: number) => staffRequest(t.app, 'PUT', '/api/staff/settings/embed-origins', admin, { body: { version, value } })
const widgetText = async (query = '') => {
  const res = await t.app.request(`/widget/hai-long${query}`)
  return { res, html: await res.text() }
}

describe('widget (/widget/hai-long)', () => {
  it("shows the department's share satisfied this year so far, as the dashboard gives it", async () => {
    const res = await staffRequest(t.app, 'GET', `/api/staff/dashboard?from=${yearSoFar.from}&to=${yearSoFar.to}`, leader)
    const dash = (await res.json()) as Dashboard
    expect(dash.total.satisfiedRate).toBe(88.24) // 15 of 17
    const { html } = await widgetText()
    expect(html).toContain('88.2%'.replace('.', ','))
    expect(html).toContain('<html lang="vi">')
    const en = await widgetText('?lang=en')
    expect(en.html).toContain('88.2%')
  })

  it('hides a unit under 5 forms, and the next smallest with it, as the public page does', async () => {
    expect((await widgetText('?unit=BG')).html).toContain('chưa đủ dữ liệu')
    // LS (7) is hidden with BG (2), so that BG is not the department less the others.
    expect((await widgetText('?unit=LS')).html).toContain('chưa đủ dữ liệu')
    expect((await widgetText('?unit=HTQT')).html).toContain('75%') // 6 of 8
    expect((await widgetText('?unit=NOPE')).res.status).toBe(404)
  })

  it('stays under 10 kB with its embed script', async () => {
    const { res, html } = await widgetText('?unit=HTQT&bg=%23fafafa')
    const script = await (await t.app.request('/widget/hai-long.js')).text()
    const bytes = Buffer.byteLength(html) + Buffer.byteLength(script)
    expect(bytes).toBeLessThan(10 * 1024)
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=300')
  })

  it('takes its colours as CSS variables from the query, hex only', async () => {
    const { html } = await widgetText('?bg=%23102030&fg=%23fff&accent=%23ABCDEF')
    expect(html).toContain('--hl-bg:#102030;--hl-fg:#fff;--hl-accent:#ABCDEF')
    const bad = await widgetText('?bg=red;background:url(x)')
    expect(bad.res.status).toBe(400)
    expect(bad.html).toContain('bg:')
  })

  it('may be framed by this origin alone until an administrator saves origins, then by those too', async () => {
    const before = await widgetText()
    expect(before.res.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'self'")
    expect(before.res.headers.get('Content-Security-Policy')).not.toContain('https://')
    expect(before.res.headers.get('X-Frame-Options')).toBeNull()
    const saved = await putOrigins(['https://Portal.HaTinh.gov.vn', 'http://localhost:8080', 'https://portal.hatinh.gov.vn/'], 0)
    expect(saved.status).toBe(200)
    const after = await widgetText()
    const csp = after.res.headers.get('Content-Security-Policy')!
    expect(/frame-ancestors ([^;]*)/.exec(csp)![1]).toBe("'self' https://portal.hatinh.gov.vn http://localhost:8080")
    const read = await staffRequest(t.app, 'GET', '/api/staff/settings/embed-origins', admin)
    expect(((await read.json()) as { value: string[] }).value).toEqual(['https://portal.hatinh.gov.vn', 'http://localhost:8080'])
    // The rest of the site still refuses every frame.
    const page = await t.app.request('/cong-khai')
    expect(page.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'")
    expect(page.headers.get('X-Frame-Options')).toBe('DENY')
    const history = await staffRequest(t.app, 'GET', '/api/staff/settings/embed-origins/history', admin)
    expect(((await history.json()) as { versions: unknown[] }).versions).toHaveLength(1)
  })

  it.each([
    ['http://portal.hatinh.gov.vn', 'https://'],
    ['https://portal.hatinh.gov.vn/tin-tuc', 'without a path'],
    ['https://portal.hatinh.gov.vn?x=1', 'without a path'],
    ['https://user@portal.hatinh.gov.vn', 'without a path'],
    ['javascript:alert(1)', 'must be an origin'],
    ["https://a.vn 'unsafe-inline'", 'must be an origin'],
    ['*', 'must be an origin'],
  ])('refuses %s as a framing origin, naming the entry', async (origin, message) => {
    const current = (await (await staffRequest(t.app, 'GET', '/api/staff/settings/embed-origins', admin)).json()) as { version: number }
    const res = await putOrigins(['https://ok.example.vn', origin], current.version)
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { message: string; path: string } }
    expect(body.error.path).toBe('value.1')
    expect(body.error.message).toContain(message)
  })

  it('lets only administrators save the origins', async () => {
    const res = await staffRequest(t.app, 'PUT', '/api/staff/settings/embed-origins', leader, { body: { version: 1, value: [] } })
    expect(res.status).toBe(403)
  })

  it('serves the embed script to other origins', async () => {
    const res = await t.app.request('/widget/hai-long.js')
    expect(res.headers.get('Content-Type')).toContain('text/javascript')
    expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin')
    expect(await res.text()).toContain('/widget/hai-long')
  })
})
