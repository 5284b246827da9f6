import { describe, expect, it } from 'vitest'
import { version } from '../../package.json'
import { expectNoAxeViolations, MOBILE, serverAndBrowser, signInFrom } from './harness'

const running = serverAndBrowser()

const RATINGS = 50
const LEVELS = ['very_satisfied', 'satisfied', 'unsatisfied'] as const

describe('the counter kiosk', () => {
  it('is set up by its link, takes 50 ratings through a flapping network exactly once, ignores repeated presses, and reports to the inspector', async () => {
    const { server, browser } = running

    // The administrator issues the tablet's token on the counters tab of the catalog.
    const adminContext = await browser.newContext(MOBILE)
    const admin = await signInFrom(adminContext, server, '/staff/admin/catalog', 'demo.admin')
    await admin.getByTestId('kiosk-counter').selectOption('HCC-01')
    await admin.getByTestId('kiosk-name').fill('Máy tính bảng quầy 1')
    await admin.getByTestId('kiosk-issue').click()
    const link = (await admin.getByTestId('kiosk-setup-link').textContent())!.trim()
    expect(link).toMatch(new RegExp(`^${server.url}/kiosk/HCC-01#token=kiosk_[\\w-]{43}$`))
    await admin.getByTestId('kiosk-setup-qr').locator('svg').waitFor()
    await expectNoAxeViolations(admin, 'counters with a set-up link')
    expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

    // The tablet: its timings shortened for the test (a thank-you of 5 s × 50 would be minutes).
    const context = await browser.newContext(MOBILE)
    await context.addInitScript(() => localStorage.setItem('hailong.kiosk.timing', JSON.stringify({ resetMs: 250, guardMs: 200, heartbeatMs: 1000 })))
    const page = await context.newPage()
    await page.goto(link)
    await page.getByTestId('kiosk-very_satisfied').waitFor()
    // The token went to the tablet's storage and out of the address; nothing on the page leads away.
    expect(page.url()).toBe(`${server.url}/kiosk/HCC-01`)
    const historyLength = await page.evaluate(() => history.length)
    expect(await page.locator('a[href]').count()).toBe(0)
    await expectNoAxeViolations(page, 'kiosk')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)

    let ignoredPresses = 0
    for (let i = 0; i < RATINGS; i++) {
      // The network comes and goes: offline for ten ratings, then requests cut mid-way for ten, then fine.
      if (i % 30 === 5) await context.setOffline(true)
      if (i % 30 === 15) {
        // Ten ratings taken offline, every one kept on the tablet.
        expect(Number((await page.getByTestId('kiosk-waiting').textContent())!.replace(/\D/g, ''))).toBeGreaterThanOrEqual(10)
        await context.setOffline(false)
        await page.route('**/api/kiosk/*/responses', (route) => route.abort('connectionreset'))
      }
      if (i % 30 === 25) await page.unroute('**/api/kiosk/*/responses')
      const level = LEVELS[i % 3]!
      if (i % 5 === 0) {
        // The same person pressing three times in a row, within the guard whatever the machine's load: one rating.
        await page.evaluate((value) => {
          for (const testid of [value, value, 'unsatisfied']) document.querySelector<HTMLButtonElement>(`[data-testid="kiosk-${testid}"]`)!.click()
        }, level)
        ignoredPresses += 2
      } else {
        await page.getByTestId(`kiosk-${level}`).click()
      }
      await expect.poll(() => page.getByTestId('kiosk').getAttribute('data-rated')).toBe(String(i + 1))
      await page.getByTestId('kiosk-thanks').waitFor({ state: 'detached' })
    }
    await context.setOffline(false)
    await page.unroute('**/api/kiosk/*/responses')

    await expect.poll(() => server.count('responses', "counter_code = 'HCC-01'"), { timeout: 60_000, interval: 500 }).toBe(RATINGS)
    expect(await server.count('responses', "channel = 'kiosk'")).toBe(RATINGS)
    await expect.poll(() => page.getByTestId('kiosk-waiting').textContent(), { timeout: 10_000 }).toContain(': 0')
    expect(ignoredPresses).toBe(20)
    // No rating, reset or sync left an entry in the history to go back to.
    expect(await page.evaluate(() => history.length)).toBe(historyLength)
    const levels = await server.sql("SELECT level, COUNT(*) AS n FROM responses WHERE counter_code = 'HCC-01' GROUP BY level ORDER BY level")
    expect(levels.map((r) => [r.level, Number(r.n)])).toEqual([
      ['satisfied', 17],
      ['unsatisfied', 16],
      ['very_satisfied', 17],
    ])

    // The inspector sees the tablet's heartbeat on the inbox page.
    const inspectorContext = await browser.newContext(MOBILE)
    const inspector = await signInFrom(inspectorContext, server, '/staff', 'demo.inspector')
    const card = inspector.locator('[data-testid^="staff-kiosk-"]').first()
    await expect.poll(() => card.getByTestId('kiosk-heartbeat-version').textContent(), { timeout: 10_000 }).toBe(version)
    expect(await card.textContent()).toContain('Máy tính bảng quầy 1')
    expect(await inspector.getByTestId('kiosk-silent-alert').count()).toBe(0)
    await expectNoAxeViolations(inspector, 'inbox with the kiosk panel')

    // Revoked: the tablet says so and keeps the rating it could not send.
    await admin.getByRole('button', { name: 'Thu hồi Máy tính bảng quầy 1' }).click()
    await admin.getByText('Đã thu hồi mã của Máy tính bảng quầy 1.').waitFor()
    await page.getByTestId('kiosk-satisfied').click()
    await page.getByTestId('kiosk-refused').waitFor()
    expect(await page.getByTestId('kiosk-refused').textContent()).toContain('Mã thiết bị đã bị thu hồi.')
    await expect.poll(() => page.getByTestId('kiosk-waiting').textContent()).toContain(': 1')
    expect(await server.count('responses', "counter_code = 'HCC-01'")).toBe(RATINGS)
    await Promise.all([context.close(), adminContext.close(), inspectorContext.close()])
  })
})
