import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { uuidv7 } from 'uuidv7'
import { afterEach, describe, expect, it } from 'vitest'
import type { FeedbackBatchResult } from '../../shared/feedback'
import { generateTrackingCode } from '../../shared/tracking-code'
import { controlledByServiceWorker, demoPassword, jpegBase64, MOBILE, serverAndBrowser } from './harness'

/**
 * The built app under the server's Content-Security-Policy (server/middleware/security-headers.ts): every
 * kind of page renders, works, and makes Chromium report no violation. A violation shows up twice, as the
 * page's `securitypolicyviolation` event and as a console message naming the Content Security Policy;
 * either one fails the test.
 */
const running = serverAndBrowser()

interface Watched {
  context: BrowserContext
  violations: string[]
}

const contexts: BrowserContext[] = []
afterEach(async () => {
  await Promise.all(contexts.splice(0).map((c) => c.close()))
})

async function watchedContext(options: BrowserContextOptions = {}): Promise<Watched> {
  const context = await running.browser.newContext(options)
  contexts.push(context)
  const violations: string[] = []
  await context.exposeBinding('reportCspViolation', (_source, text: string) => void violations.push(text))
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { reportCspViolation: (text: string) => void }).reportCspViolation
      report(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber}) on ${location.pathname}`)
    })
  })
  // Chromium also warns about a Permissions-Policy it cannot read (an unknown feature): a typo there fails too.
  context.on('console', (message) => {
    if (/Content Security Policy|Permissions-Policy/.test(message.text())) violations.push(message.text())
  })
  return { context, violations }
}

/** Opens `path`, checks that the server sent the app's policy and that the page's first heading shows. */
async function open(page: Page, path: string, heading: string | RegExp): Promise<void> {
  const res = await page.goto(`${running.server.url}${path}`)
  expect(res?.headers()['content-security-policy'], path).toMatch(/^default-src 'self'; script-src 'self'/)
  await expect.poll(() => page.getByRole('heading', { level: 1 }).first().textContent(), { timeout: 15_000 }).toMatch(heading)
}

async function signIn(context: BrowserContext, username: string): Promise<void> {
  const res = await context.request.post(`${running.server.url}/api/auth/sign-in`, {
    data: { username, password: await demoPassword(running.server) },
    headers: { origin: running.server.url },
  })
  expect(res.status()).toBe(200)
}

/** The inline stylesheet of index.html applied: the top bar has the brand's colour. */
async function styled(page: Page): Promise<string> {
  return page.locator('.topbar').first().evaluate((el) => getComputedStyle(el).backgroundColor)
}

const BRAND = 'rgb(11, 83, 148)'

/** Files a feedback item with one photo straight through the API; its tracking code. */
async function fileFeedback(photo: string): Promise<string> {
  const item = {
    id: uuidv7(),
    trackingCode: generateTrackingCode(),
    category: 'processing_time',
    counter: 'HCC-01',
    procedure: 'ABTC',
    description: 'Hồ sơ trễ hẹn; ảnh chụp giấy hẹn kèm theo.',
    photos: [{ id: uuidv7(), contentType: 'image/jpeg', byteSize: Buffer.from(photo, 'base64').length, data: photo }],
    wantsAnswer: false,
    lang: 'vi',
    submittedAt: new Date().toISOString(),
  }
  const res = await fetch(`${running.server.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: [item] }) })
  expect(res.status).toBe(200)
  const { results } = (await res.json()) as FeedbackBatchResult
  expect(results[0]!.status).toBe('stored')
  return results[0]!.trackingCode!
}

describe('the built app under its Content-Security-Policy', () => {
  it('the rating page renders, registers its service worker and sends a rating', async () => {
    const { context, violations } = await watchedContext(MOBILE)
    const page = await context.newPage()
    await open(page, '/q/HCC-01', /Quầy số 1/)
    expect(await styled(page)).toBe(BRAND)
    await controlledByServiceWorker(page)
    await page.getByTestId('option-overall-very_satisfied').click()
    await page.getByTestId('submit').click()
    const outcome = page.getByTestId('outcome')
    await outcome.waitFor()
    expect(await outcome.getAttribute('data-state')).toBe('sent')
    expect(violations).toEqual([])
  })

  it('the feedback page previews a photo (blob:) and sends the item; the tracking page shows it', async () => {
    const { context, violations } = await watchedContext(MOBILE)
    const page = await context.newPage()
    await open(page, '/q/HCC-01/phan-anh', /phản ánh/i)
    expect(await styled(page)).toBe(BRAND)
    const jpeg = await jpegBase64(page)
    await page.getByTestId('category-processing_time').click()
    await page.getByTestId('description').fill('Hồ sơ hẹn trả ngày 20/11 nhưng đến nay vẫn chưa có kết quả.')
    await page.getByTestId('photo-input').setInputFiles({ name: 'IMG_1.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(jpeg, 'base64') })
    const thumb = page.getByTestId('photo-thumbs').locator('img')
    await thumb.waitFor()
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)
    await page.getByTestId('feedback-submit').click()
    const code = page.getByTestId('tracking-code')
    await code.waitFor()
    const trackingCode = (await code.textContent())!.trim()
    await expect.poll(() => page.getByTestId('feedback-state').getAttribute('data-state'), { timeout: 30_000 }).toBe('sent')

    await open(page, `/t/${trackingCode}`, /.+/)
    await page.getByTestId('track-result').waitFor()
    expect(violations).toEqual([])
  })

  it('the staff sign-in page signs in, the inbox and an item with its photo render, and the photo opens alone', async () => {
    const { context, violations } = await watchedContext({ viewport: { width: 1280, height: 900 } })
    const page = await context.newPage()
    await open(page, '/staff/sign-in?next=%2Fstaff', /Đăng nhập/)
    const trackingCode = await fileFeedback(await jpegBase64(page))
    await page.getByTestId('sign-in-username').fill('demo.inspector')
    await page.getByTestId('sign-in-password').fill(await demoPassword(running.server))
    await page.getByTestId('sign-in-submit').click()
    await page.waitForURL(`${running.server.url}/staff`)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toMatch(/Hộp thư phản ánh/)
    const item = page.getByTestId(`inbox-item-${trackingCode}`)
    await item.waitFor()
    await item.getByRole('link').first().click()
    await page.getByTestId('item-title').waitFor()
    const photo = page.getByTestId('item-photo').locator('img')
    await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true)

    // Opened in a tab of its own, the photo has its own sandbox policy, under which it still shows.
    const photoUrl = await page.getByTestId('item-photo').getAttribute('href')
    const alone = await context.newPage()
    const res = await alone.goto(`${running.server.url}${photoUrl}`)
    expect(res?.headers()['content-security-policy']).toBe("sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'")
    await expect.poll(() => alone.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320)
    expect(violations).toEqual([])
  })

  it("the dashboard draws its charts and the period report's print view renders", async () => {
    const { context, violations } = await watchedContext({ viewport: { width: 1280, height: 900 } })
    await signIn(context, 'demo.leader')
    const page = await context.newPage()
    await open(page, '/staff/dashboard', /.+/)
    await page.getByTestId('dashboard-results').waitFor()
    const canvas = page.locator('canvas').first()
    await canvas.waitFor()
    await expect.poll(() => canvas.evaluate((c: HTMLCanvasElement) => c.width > 0 && c.height > 0)).toBe(true)

    const report = await context.newPage()
    const res = await report.goto(`${running.server.url}/api/staff/reports/period?format=html&from=2026-01-01&to=2026-12-31`)
    expect(res?.headers()['content-security-policy']).toContain("'unsafe-hashes'")
    await expect.poll(() => report.locator('h1').textContent()).toBeTruthy()
    // The print view's own inline stylesheet applies (its hash is in the policy).
    expect(await report.locator('h1').evaluate((h) => getComputedStyle(h).textAlign)).toBe('center')
    // Its print button's inline handler is allowed: clicking it reports nothing.
    await report.evaluate(() => (window.print = () => void document.body.setAttribute('data-printed', '1')))
    await report.locator('button.print').click()
    expect(await report.locator('body').getAttribute('data-printed')).toBe('1')
    expect(violations).toEqual([])
  })

  it("the administrators' pages and a counter's QR poster render", async () => {
    const { context, violations } = await watchedContext({ viewport: { width: 1280, height: 900 } })
    await signIn(context, 'demo.admin')
    const page = await context.newPage()
    await open(page, '/staff/admin', /.+/)
    const poster = await context.newPage()
    // Without PUBLIC_URL the poster prints the origin the administration page sends (routes/staff-posters.ts).
    await poster.goto(`${running.server.url}/api/staff/posters?counter=HCC-01&origin=${encodeURIComponent(running.server.url)}`)
    await poster.locator('.qr svg').waitFor()
    expect(await poster.locator('.toolbar').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(BRAND)
    await poster.evaluate(() => (window.print = () => void document.body.setAttribute('data-printed', '1')))
    await poster.locator('.toolbar button').click()
    expect(await poster.locator('body').getAttribute('data-printed')).toBe('1')
    expect(violations).toEqual([])
  })
})
