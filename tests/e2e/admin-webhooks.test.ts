import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { uuidv7 } from 'uuidv7'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateTrackingCode } from '../../shared/tracking-code'
import { expectNoAxeViolations, launchBrowser, MOBILE, signInFrom, startServer, type RunningServer } from './harness'

let server: RunningServer
let browser: Browser
let context: BrowserContext
let receiver: Server
let receiverUrl = ''
let status = 204
const heard: { headers: IncomingMessage['headers']; body: string }[] = []

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      heard.push({ headers: req.headers, body })
      res.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/hailong`
  server = await startServer({ WEBHOOK_ALLOW_PRIVATE: 'true' })
  browser = await launchBrowser()
  context = await browser.newContext(MOBILE)
})
afterAll(async () => {
  await browser?.close()
  await server?.cleanup()
  receiver?.closeAllConnections()
  await new Promise((resolve) => receiver?.close(resolve))
})

/** Files a feedback item through the public API, as a citizen's phone does. */
async function fileFeedback() {
  const res = await fetch(`${server.url}/api/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      items: [
        {
          id: uuidv7(),
          trackingCode: generateTrackingCode(),
          category: 'processing_time',
          counter: 'HCC-01',
          description: 'Hồ sơ trễ hẹn ba ngày.',
          wantsAnswer: false,
          lang: 'vi',
          submittedAt: new Date().toISOString(),
        },
      ],
    }),
  })
  expect(res.status).toBe(200)
}

const noSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth)

describe('the webhooks page', () => {
  it('registers a hook at 360 px, shows its secret once, its deliveries, and sends a failed one again', async () => {
    const page = await signInFrom(context, server, '/staff/admin/webhooks', 'demo.admin')
    await expect.poll(() => page.locator('h1').textContent()).toBe('Webhook (đẩy sự kiện)')
    await expect.poll(() => page.locator('.adm-status').count()).toBe(0)
    await expectNoAxeViolations(page, 'webhooks, empty')

    await page.getByRole('button', { name: 'Thêm webhook' }).click()
    await page.getByTestId('webhook-name').fill('LGSP Hà Tĩnh')
    await page.getByTestId('webhook-url').fill(receiverUrl)
    // Without an event the form names the field.
    await page.getByTestId('webhook-save').click()
    await expect.poll(() => page.locator('#webhook-new-events-problem').textContent()).toBe('Chọn ít nhất một sự kiện.')
    await page.getByTestId('webhook-event-feedback.filed').check()
    await expectNoAxeViolations(page, 'webhooks, new hook form')
    await page.getByTestId('webhook-save').click()
    const secret = (await page.locator('.webhook-secret').textContent())?.trim() ?? ''
    expect(secret).toMatch(/^whsec_[0-9a-f]{64}$/)
    expect(await noSideways(page)).toBeLessThanOrEqual(360)

    // An item filed by a citizen reaches the receiver, signed with that secret, from the server's own loop.
    await fileFeedback()
    await expect.poll(() => heard.length, { timeout: 20_000 }).toBe(1)
    const [first] = heard
    expect(first!.headers['x-hailong-signature']).toBe(
      `sha256=${createHmac('sha256', secret).update(`${String(first!.headers['x-hailong-timestamp'])}.${first!.body}`).digest('hex')}`,
    )

    // The deliveries list says it was delivered. A delivery given up on (set here: a day of retries is long) is sent again.
    const hookId = Number(await page.locator('tr[data-hook]').first().getAttribute('data-hook'))
    await server.sql("UPDATE webhook_deliveries SET status = 'failed' WHERE hook_id = ?", hookId)
    await page.getByRole('button', { name: 'Lần gửi LGSP Hà Tĩnh' }).click()
    const row = page.locator('tr[data-delivery]').first()
    await expect.poll(() => row.getAttribute('data-status')).toBe('failed')
    await expectNoAxeViolations(page, 'webhooks, deliveries')
    await page.screenshot({ path: '/tmp/adminui-webhooks-360.png', fullPage: true })
    expect(await noSideways(page)).toBeLessThanOrEqual(360)
    await row.getByRole('button', { name: /Gửi lại/ }).click()
    await expect.poll(() => heard.length, { timeout: 20_000 }).toBe(2)
    // The same delivery id: the receiver can tell it is the one it may have seen.
    expect(heard[1]!.headers['x-hailong-delivery']).toBe(first!.headers['x-hailong-delivery'])
    await page.getByRole('button', { name: 'Lần gửi LGSP Hà Tĩnh' }).click()
    await expect.poll(() => page.locator('tr[data-delivery]').first().getAttribute('data-status')).toBe('delivered')

    // Turned off, it receives nothing; deleted, it is gone; both audited.
    await page.getByRole('button', { name: 'Tắt LGSP Hà Tĩnh' }).click()
    await expect.poll(() => page.getByTestId('webhook-notice').textContent()).toContain('Đã tắt')
    await fileFeedback()
    await page.getByRole('button', { name: 'Xóa LGSP Hà Tĩnh' }).click()
    await page.getByTestId('webhook-delete').getByRole('button', { name: 'Xóa' }).click()
    await expect.poll(() => page.locator('tr[data-hook]').count()).toBe(0)
    expect(heard).toHaveLength(2)
    expect(await server.count('admin_audit', "entity = 'webhook'")).toBe(4)
    await page.close()
  })
})
