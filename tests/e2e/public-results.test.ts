import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Page } from 'playwright-core'
import { uuidv7 } from 'uuidv7'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { today } from '../../shared/dates'
import { expectNoAxeViolations, MOBILE, serverAndBrowser, signInFrom } from './harness'

const running = serverAndBrowser()
const year = today().slice(0, 4)

const form = (procedure: string, overall: string) => ({
  id: uuidv7(),
  counter: 'HCC-02',
  procedure,
  questionnaire: { key: 'quick', version: 1 },
  answers: { overall },
  lang: 'vi',
  submittedAt: new Date().toISOString(),
})

/** Twelve forms today at HCC-02 (HTQT's ABTC), 9 satisfied or very satisfied, and two at BG (too few to show). */
async function postForms(url: string): Promise<void> {
  const responses = [
    ...Array.from({ length: 6 }, () => form('ABTC', 'very_satisfied')),
    ...Array.from({ length: 3 }, () => form('ABTC', 'satisfied')),
    ...Array.from({ length: 3 }, () => form('ABTC', 'unsatisfied')),
    form('BG-QL', 'satisfied'),
    form('BG-QL', 'satisfied'),
  ]
  const res = await fetch(`${url}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ responses }) })
  expect(res.status).toBe(200)
}

/** Fails on any Content-Security-Policy report the page's console gives (a style without its hash…). */
function watchPolicy(page: Page): string[] {
  const reports: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/.test(message.text())) reports.push(message.text())
  })
  return reports
}

describe('public results page (cong-khai)', () => {
  it('shows the figures with JavaScript off, on a 360 px phone, without sideways scrolling', async () => {
    const { server, browser } = running
    await postForms(server.url)
    const context = await browser.newContext({ ...MOBILE, javaScriptEnabled: false })
    const page = await context.newPage()
    const reports = watchPolicy(page)
    const res = await page.goto(`${server.url}/cong-khai?p=${year}`)
    expect(res?.status()).toBe(200)
    expect(await page.getAttribute('html', 'lang')).toBe('vi')
    await expect.poll(() => page.locator('h1').textContent()).toBe('Công khai kết quả đánh giá sự hài lòng')
    // 14 forms, 11 satisfied or very satisfied; BG has 2, so BG and HTQT, the only other unit, are hidden.
    const headline = await page.locator('.headline').innerText()
    expect(headline).toContain('78,6%')
    expect(await page.locator('table').first().innerText()).toContain('chưa đủ dữ liệu')
    expect(await page.locator('svg[role=img]').count()).toBe(1)
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth])
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!)
    // The period picker is a plain form: choosing another period loads its page without script.
    await page.selectOption('#p', `${year}-Q1`)
    await page.click('form.period button')
    await page.waitForURL(/p=\d{4}-Q1/)
    expect(reports).toEqual([])
    await context.close()
  })

  it('has no axe violations in either language, at 360 px and on a desktop', async () => {
    const { server, browser } = running
    for (const [path, lang] of [
      ['/cong-khai', 'vi'],
      ['/en/public-results', 'en'],
    ] as const) {
      for (const options of [MOBILE, { viewport: { width: 1280, height: 900 } }]) {
        const context = await browser.newContext(options)
        const page = await context.newPage()
        await page.goto(`${server.url}${path}?p=${year}`)
        expect(await page.getAttribute('html', 'lang')).toBe(lang)
        await expectNoAxeViolations(page, `${path} at ${options.viewport.width} px`)
        await context.close()
      }
    }
  })

  it('prints: the period picker and the bar are left out, the figures stay', async () => {
    const { server, browser } = running
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${server.url}/cong-khai?p=${year}`)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('form.period').isVisible()).toBe(false)
    expect(await page.locator('.topbar').isVisible()).toBe(false)
    expect(await page.locator('.headline').isVisible()).toBe(true)
    const pdf = await page.pdf({ preferCSSPageSize: true })
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF')
    await context.close()
  })

  it('is reached from the home page', async () => {
    const { server, browser } = running
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${server.url}/`)
    await page.click('a[href="/cong-khai"]')
    await page.waitForURL(/\/cong-khai$/)
    expect(await page.locator('h1').textContent()).toBe('Công khai kết quả đánh giá sự hài lòng')
    await context.close()
  })
})

/**
 * A portal on another origin: a page that embeds the widget with the one-line script. Served on one port and
 * reached as localhost (the origin the administrator allows) or as 127.0.0.1 (an origin not allowed).
 */
let portal: Server
let portalPort: number
beforeAll(async () => {
  portal = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    const app = new URL(req.url ?? '/', 'http://x').searchParams.get('app')!
    res.end(`<!doctype html><html lang="vi"><head><title>Cổng thông tin</title></head><body><main><h1>Cổng thông tin</h1>
      <script src="${app}/widget/hai-long.js" data-unit="HTQT" data-accent="#7a1f1f" async></script></main></body></html>`)
  })
  await new Promise<void>((resolve) => portal.listen(0, '127.0.0.1', resolve))
  portalPort = (portal.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => portal.close(() => resolve())))

describe('widget in a portal (/widget/hai-long)', () => {
  it('is saved as an allowed origin on the administration page, and then shows in that portal only', async () => {
    const { server, browser } = running
    const adminContext = await browser.newContext(MOBILE)
    const admin = await signInFrom(adminContext, server, '/staff/admin/embed', 'demo.admin')
    await admin.locator('#embed-origins').fill(`http://localhost:${portalPort}\nhttp://portal.example.vn`)
    await admin.getByTestId('setting-save').click()
    // http:// is for localhost only: the page names the second line, and nothing is saved.
    await expect.poll(() => admin.locator('#embed-origins-problems').innerText()).toContain('2')
    await admin.locator('#embed-origins').fill(`http://localhost:${portalPort}`)
    await admin.getByTestId('setting-save').click()
    await admin.getByTestId('saved-notice').waitFor()
    await expectNoAxeViolations(admin, 'embed settings at 360 px')
    const widths = await admin.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth])
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!)
    await adminContext.close()

    const context = await browser.newContext()
    const allowed = await context.newPage()
    const reports = watchPolicy(allowed)
    await allowed.goto(`http://localhost:${portalPort}/?app=${encodeURIComponent(server.url)}`)
    const frame = allowed.frameLocator('iframe')
    // HTQT's 12 forms, 9 satisfied or very satisfied; BG's two hide HTQT too, so the unit has no figure.
    await expect.poll(() => frame.locator('.hl-rate').innerText()).toBe('chưa đủ dữ liệu')
    expect(await frame.locator('h1').innerText()).toBe('Phòng Hợp tác quốc tế')
    // The colour the embed passed on is the widget's accent.
    expect(await frame.locator('.hl-rate').evaluate((el) => getComputedStyle(el).color)).toBe('rgb(122, 31, 31)')
    expect(reports).toEqual([])

    // The same portal page from an origin nobody listed: Chromium refuses to show the widget in it.
    const refused = await context.newPage()
    const refusals = watchPolicy(refused)
    await refused.goto(`http://127.0.0.1:${portalPort}/?app=${encodeURIComponent(server.url)}`)
    await refused.locator('iframe').waitFor({ state: 'attached' })
    await expect.poll(() => refusals.some((r) => r.includes('frame-ancestors'))).toBe(true)
    const widgetFrame = refused.frames().find((f) => f !== refused.mainFrame())
    expect(await widgetFrame?.locator('.hl-rate').count()).toBe(0)
    await context.close()
  })

  it('shows the department figure in a frame of its own origin, under 10 kB, with no axe violation', async () => {
    const { server, browser } = running
    const context = await browser.newContext(MOBILE)
    const page = await context.newPage()
    const res = await page.goto(`${server.url}/widget/hai-long`)
    expect((await res!.body()).byteLength).toBeLessThan(10 * 1024)
    expect(await page.locator('.hl-rate').innerText()).toBe('78,6%')
    await expectNoAxeViolations(page, 'widget')
    await context.close()
  })
})
