import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { MOBILE, serverAndBrowser } from './harness'

// Issue 11: the rating page starts without the offline store (Dexie and the sync: main-thread work nearly as
// long as the page's own), yet whatever waits on the device still leaves as soon as the app opens, whatever page.

const running = serverAndBrowser()

const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))

describe('the outboxes at app start', () => {
  it('are not opened on a device with nothing waiting until the citizen uses the page', async () => {
    const context = await running.browser.newContext(MOBILE)
    const page = await context.newPage()
    await page.goto(`${running.server.url}/q/HCC-01`)
    await page.getByTestId('option-overall-satisfied').waitFor()
    await page.waitForLoadState('load')
    // Well after the load event, when the outbox used to open: no database yet, so Dexie never ran.
    await page.waitForTimeout(1_500)
    expect(await databases(page)).toEqual([])

    await page.getByTestId('option-overall-satisfied').tap()
    await expect.poll(() => databases(page), { timeout: 10_000 }).toEqual(['hailong'])
    const before = await running.server.count('responses')
    await page.getByTestId('submit').tap()
    await expect(page.getByTestId('outcome').getAttribute('data-state')).resolves.toBe('sent')
    expect(await running.server.count('responses')).toBe(before + 1)
    await context.close()
  })

  it('send a rating and a feedback item queued earlier as soon as the app opens, without a tap', async () => {
    const context = await running.browser.newContext(MOBILE)
    // The server is unreachable for both outboxes: what the citizen sends stays queued on the device.
    await context.route(/\/api\/(responses|feedback)$/, (route) => route.abort('connectionrefused'))
    const page = await context.newPage()
    await page.goto(`${running.server.url}/q/HCC-01/phan-anh`)
    await page.getByTestId('category-processing_time').click()
    await page.getByTestId('description').fill('Chờ hơn một giờ mà chưa được gọi, quầy không báo lý do.')
    await page.getByTestId('feedback-submit').click()
    const code = (await page.getByTestId('tracking-code').textContent())!.trim()
    expect(await page.getByTestId('feedback-state').getAttribute('data-state')).toBe('queued')

    await page.goto(`${running.server.url}/q/HCC-01`)
    const ratingsBefore = await running.server.count('responses')
    await page.getByTestId('option-overall-very_satisfied').click()
    await page.getByTestId('submit').click()
    await expect(page.getByTestId('outcome').getAttribute('data-state')).resolves.toBe('queued')
    await page.close()

    // The server is back; the app opens again, on the rating page, and nobody touches it.
    await context.unroute(/\/api\/(responses|feedback)$/)
    const reopened = await context.newPage()
    await reopened.goto(`${running.server.url}/q/HCC-01`)
    await expect.poll(() => running.server.count('responses'), { timeout: 15_000 }).toBe(ratingsBefore + 1)
    await expect.poll(() => running.server.count('feedback', 'tracking_code = ?', code), { timeout: 15_000 }).toBe(1)
    await reopened.getByTestId('pending').waitFor({ state: 'detached' })
    await context.close()
  })
})
