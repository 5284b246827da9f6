import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { controlledByServiceWorker, expectNoAxeViolations, MOBILE, serverAndBrowser } from './harness'

// Issue 11, item 2: a version deployed while a tab is open reaches it — at the next navigation, or when the
// person taps the prompt — never in the middle of a form, and nothing queued under the old version is lost.

const ROOT = join(import.meta.dirname, '..', '..')
const builds = mkdtempSync(join(tmpdir(), 'hailong-builds-'))

/**
 * A deploy of the app as a build would write it: `dist/` with a marker in its HTML and, as a real change
 * does, a service worker whose precache list differs (here the page's revision), so browsers install it.
 */
function build(name: string): string {
  const dir = join(builds, name)
  cpSync(join(ROOT, 'dist'), dir, { recursive: true })
  const index = join(dir, 'index.html')
  writeFileSync(index, readFileSync(index, 'utf8').replace('<head>', `<head><meta name="hailong-build" content="${name}">`))
  const sw = join(dir, 'sw.js')
  const worker = readFileSync(sw, 'utf8')
  const changed = worker.replace(/(url:"index\.html",revision:")[0-9a-f]+"/, `$1build-${name}"`)
  if (changed === worker) throw new Error('sw.js has no precache entry for index.html: the test must follow the build')
  writeFileSync(sw, changed)
  return dir
}

const buildA = build('A')
const buildB = build('B')
const buildC = build('C')
const running = serverAndBrowser({ STATIC_DIR: buildA })
afterAll(() => rmSync(builds, { recursive: true, force: true }))

async function storedCounts(): Promise<{ responses: number; feedback: number }> {
  return { responses: await running.server.count('responses'), feedback: await running.server.count('feedback') }
}

/** Which build the page came from; undefined while it reloads. */
const marker = (page: Page) =>
  page.evaluate(() => document.querySelector('meta[name="hailong-build"]')?.getAttribute('content')).catch(() => undefined)

async function deploy(dir: string): Promise<void> {
  await running.server.kill()
  await running.server.restart({ STATIC_DIR: dir })
}

/** What the page does hourly and whenever it is shown again: ask the server for a new service worker. */
async function checkForUpdate(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await (await navigator.serviceWorker.getRegistration())?.update()
  })
}

/** The outboxes told "busy, come back in an hour", so their items stay queued while the new version installs. */
async function holdOutboxes(context: BrowserContext): Promise<() => Promise<void>> {
  const patterns = ['**/api/responses', '**/api/feedback']
  for (const pattern of patterns) await context.route(pattern, (route) => route.fulfill({ status: 503, headers: { 'Retry-After': '3600', 'content-type': 'application/json' }, body: '{"error":"unavailable"}' }))
  return async () => {
    for (const pattern of patterns) await context.unroute(pattern)
  }
}

async function rateOffline(page: Page, value: string): Promise<void> {
  await page.getByTestId(`option-overall-${value}`).click()
  await page.getByTestId('submit').click()
  const outcome = page.getByTestId('outcome')
  await outcome.waitFor()
  expect(await outcome.getAttribute('data-state')).toBe('queued')
}

describe('a new version deployed while a tab is open', () => {
  it('takes over at the next navigation or at the prompt, never mid-form, and sends what the old one queued', async () => {
    const { server, browser } = running
    const context = await browser.newContext(MOBILE)
    const page = await context.newPage()
    await page.goto(`${server.url}/q/HCC-01`)
    await controlledByServiceWorker(page)
    expect(await marker(page)).toBe('A')
    const before = await storedCounts()

    // Under build A, offline: two ratings and a feedback item queued on the device.
    await context.setOffline(true)
    await rateOffline(page, 'satisfied')
    await page.getByRole('button', { name: 'Đánh giá lần khác' }).click()
    await rateOffline(page, 'unsatisfied')
    await page.goto(`${server.url}/q/HCC-01/phan-anh`)
    await page.getByTestId('category-processing_time').click()
    await page.getByTestId('description').fill('Hồ sơ nộp từ tuần trước vẫn chưa có kết quả, quầy hẹn mãi không trả.')
    await page.getByTestId('feedback-submit').click()
    await page.getByTestId('tracking-code').waitFor()
    expect(await page.getByTestId('feedback-state').getAttribute('data-state')).toBe('queued')

    // Build B is deployed; the phone is online again but the outboxes cannot reach the server yet.
    await deploy(buildB)
    const releaseOutboxes = await holdOutboxes(context)
    await context.setOffline(false)
    await page.goto(`${server.url}/q/HCC-01`)
    expect(await marker(page)).toBe('A')
    await checkForUpdate(page)
    const prompt = page.getByTestId('update-prompt')
    await prompt.waitFor()
    await expect(prompt.textContent()).resolves.toContain('Có phiên bản mới của ứng dụng.')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await expectNoAxeViolations(page, 'rating page with the update prompt')

    // A form in progress hides the prompt (a tap on it would reload the page and lose the answers)...
    await page.getByTestId('option-overall-very_satisfied').click()
    await prompt.waitFor({ state: 'detached' })
    expect(await marker(page)).toBe('A')
    // ...and the next navigation loads its target from build B instead of continuing in build A's code.
    await page.getByTestId('feedback-link').click()
    // Within the 10 s after which a takeover reloads anyway: the new worker's control must bring it, even with
    // a form left half filled in.
    await expect.poll(() => marker(page), { timeout: 8_000 }).toBe('B')
    expect(new URL(page.url()).pathname).toBe('/q/HCC-01/phan-anh')
    await page.getByTestId('feedback-submit').waitFor()
    await expect(page.getByTestId('feedback-pending').textContent()).resolves.toContain('1 phản ánh đang chờ gửi')

    // A second tab on B, a rating half filled in: it shows no prompt while its form is in progress.
    const other = await context.newPage()
    await other.goto(`${server.url}/q/HCC-01`)
    expect(await marker(other)).toBe('B')
    await other.getByTestId('option-overall-satisfied').click()

    // Build C, taken at the prompt of the first tab; then the server is reachable and everything queued under
    // A leaves once.
    await deploy(buildC)
    await checkForUpdate(page)
    await page.getByTestId('update-prompt').getByRole('button', { name: 'Cập nhật' }).click()
    await expect.poll(() => marker(page), { timeout: 8_000 }).toBe('C')
    expect(new URL(page.url()).pathname).toBe('/q/HCC-01/phan-anh')
    // The second tab is not reloaded under its form: the choice is still there, and so is build B's page.
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    expect(await marker(other)).toBe('B')
    expect(await other.getByTestId('option-overall-satisfied').isChecked()).toBe(true)
    // Once its rating is sent (and queued), it offers the new version.
    await other.getByTestId('submit').click()
    await other.getByTestId('outcome').waitFor()
    await other.getByTestId('update-prompt').waitFor()
    await other.close()
    expect(await storedCounts()).toEqual(before)
    await releaseOutboxes()
    await page.reload()
    await expect.poll(() => storedCounts(), { timeout: 20_000 }).toEqual({ responses: before.responses + 3, feedback: before.feedback + 1 })
    await context.close()
  })
})
