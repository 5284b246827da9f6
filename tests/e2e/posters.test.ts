import jsQR from 'jsqr'
import type { Browser, BrowserContext } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_COUNTERS } from '../../server/seed/demo-catalog'
import { demoPassword, launchBrowser, startServer, type RunningServer } from './harness'

let server: RunningServer
let browser: Browser
let admin: BrowserContext

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  admin = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  const res = await admin.request.post(`${server.url}/api/auth/sign-in`, {
    data: { username: 'demo.admin', password: await demoPassword(server) },
    headers: { origin: server.url },
  })
  expect(res.status()).toBe(200)
})
afterAll(async () => {
  await browser?.close()
  await server?.cleanup()
})

function decode(png: Buffer): string | undefined {
  const image = PNG.sync.read(png)
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data
}

describe('QR posters', () => {
  it("prints a counter's poster whose QR code, read off the screen, opens that counter's page", async () => {
    const page = await admin.newPage()
    const res = await page.goto(`${server.url}/api/staff/posters?counter=HCC-02&origin=${encodeURIComponent(server.url)}`)
    expect(res?.status()).toBe(200)
    await page.screenshot({ path: '/tmp/hailong-poster.png', fullPage: true })
    const url = decode(await page.locator('.qr').screenshot())
    expect(url).toBe(`${server.url}/q/HCC-02`)
    // And the URL it holds is the citizen page of that counter.
    const citizen = await browser.newContext()
    const phone = await citizen.newPage()
    await phone.goto(url!)
    await expect.poll(() => phone.locator('.place h1').textContent()).toBe(DEMO_COUNTERS.find((c) => c.code === 'HCC-02')!.name.vi)
    await citizen.close()
  })

  it('prints every counter, one A4 page each', async () => {
    const page = await admin.newPage()
    await page.goto(`${server.url}/api/staff/posters?origin=${encodeURIComponent(server.url)}`)
    const pdf = await page.pdf({ preferCSSPageSize: true })
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []
    expect(pages).toHaveLength(DEMO_COUNTERS.length)
    const codes = []
    for (const qr of await page.locator('.qr').all()) codes.push(decode(await qr.screenshot()))
    expect(codes).toEqual(DEMO_COUNTERS.map((c) => `${server.url}/q/${c.code}`))
  })

  it('says on the counters page that PUBLIC_URL is not set, and prints the address the browser shows', async () => {
    const page = await admin.newPage()
    await page.goto(`${server.url}/staff/admin/catalog/counters`)
    const notice = page.getByTestId('public-url-notice')
    await notice.waitFor()
    expect(await notice.textContent()).toContain(`PUBLIC_URL chưa được đặt: mã QR trên áp phích sẽ mang địa chỉ mà trình duyệt của bạn đang dùng (${server.url})`)
    const [poster] = await Promise.all([admin.waitForEvent('page'), page.getByTestId('posters-all').click()])
    await poster.waitForLoadState()
    expect(new URL(poster.url()).searchParams.get('origin')).toBe(server.url)
    expect(decode(await poster.locator('.qr').first().screenshot())).toBe(`${server.url}/q/${DEMO_COUNTERS[0]!.code}`)
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => notice.textContent()).toContain(`PUBLIC_URL is not set: the QR code on the posters will carry the address your browser is using (${server.url})`)
    await poster.close()
    await page.close()
  })

  it('is refused to a signed-out browser', async () => {
    const context = await browser.newContext()
    const res = await context.request.get(`${server.url}/api/staff/posters`)
    expect(res.status()).toBe(401)
    await context.close()
  })
})
