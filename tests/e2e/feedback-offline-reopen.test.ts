import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { generateTrackingCode } from '../../shared/tracking-code'
import { controlledByServiceWorker, MOBILE, serverAndBrowser } from './harness'

// Issue 11: the feedback pages' chunks preloaded a stylesheet the build had not written; offline that fetch
// failed and the lazy imports behind it with it, so a reopened page showed neither its pending items nor its texts.

const running = serverAndBrowser()

/** A computed style of the first element matching `selector`. */
function styleOf(page: Page, selector: string, property: string): Promise<string> {
  return page.locator(selector).first().evaluate((element, p) => getComputedStyle(element).getPropertyValue(p), property)
}

/** The page's visible text holds no message key left untranslated (`feedback.mine.title`, `track.local.queued`). */
async function expectNoRawKeys(page: Page): Promise<void> {
  const text = await page.locator('main').innerText()
  expect(text).not.toMatch(/\b(?:feedback|track|survey|app)\.[a-z][\w.]*/i)
}

describe('the feedback pages offline after one visit', () => {
  it('reopen the feedback form and /t/<queued code> offline with their texts and styles', async () => {
    const { server, browser } = running
    const context = await browser.newContext(MOBILE)
    const page = await context.newPage()
    // One visit online to each page, then the service worker takes over.
    await page.goto(`${server.url}/q/HCC-01/phan-anh`)
    await page.getByTestId('feedback-submit').waitFor()
    await controlledByServiceWorker(page)
    const unknown = generateTrackingCode()
    await page.goto(`${server.url}/t/${unknown}`)
    await page.locator('[data-testid="track-problem"][data-problem="notFound"]').waitFor()

    await context.setOffline(true)
    await page.goto(`${server.url}/q/HCC-01/phan-anh`)
    await page.getByTestId('category-processing_time').click()
    await page.getByTestId('description').fill('Nộp hồ sơ từ tuần trước mà chưa ai gọi lại, hỏi ở quầy thì được bảo chờ thêm.')
    await page.getByTestId('feedback-submit').click()
    await page.getByTestId('tracking-code').waitFor()
    const code = (await page.getByTestId('tracking-code').textContent())!.trim()
    expect(await page.getByTestId('feedback-state').getAttribute('data-state')).toBe('queued')

    // The form reopened offline: its heading, the queued item in the pending count and in the device's list.
    await page.reload()
    await page.getByTestId('feedback-submit').waitFor()
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Gửi phản ánh, kiến nghị')
    await expect(page.getByTestId('feedback-pending').textContent()).resolves.toContain('1 phản ánh đang chờ gửi')
    const mine = page.getByTestId('my-feedback')
    await expect(mine.textContent()).resolves.toContain('Phản ánh đã gửi từ thiết bị này')
    await expect(mine.textContent()).resolves.toContain(code)
    await expect(mine.textContent()).resolves.toContain('Chưa gửi')
    await expectNoRawKeys(page)
    // Styles: the entry's (inlined in the HTML), the feedback page's and its shared list's (lazy stylesheets).
    expect(await styleOf(page, '[data-testid="feedback-submit"]', 'background-color')).toBe('rgb(11, 83, 148)')
    expect(await styleOf(page, '.back a', 'min-height')).toBe('44px')
    expect(await styleOf(page, '[data-testid="my-feedback"]', 'margin-top')).toBe('32px')

    // Its tracking page opened offline: the item is known to wait on this device.
    await page.goto(`${server.url}/t/${code}`)
    const local = page.getByTestId('track-local')
    await local.waitFor()
    expect(await local.getAttribute('data-state')).toBe('queued')
    await expect(local.textContent()).resolves.toContain(`Phản ánh mã ${code} chưa được gửi`)
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Tra cứu phản ánh, kiến nghị')
    await expect(page.getByTestId('feedback-pending').textContent()).resolves.toContain('1 phản ánh đang chờ gửi')
    await expectNoRawKeys(page)
    expect(await styleOf(page, '#track-code', 'text-transform')).toBe('uppercase')
    expect(await styleOf(page, '[data-testid="my-feedback"]', 'margin-top')).toBe('32px')
    await context.close()
  })
})
