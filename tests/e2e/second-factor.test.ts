import { Secret, TOTP } from 'otpauth'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaffAccount } from '../../server/auth/accounts'
import { expectNoAxeViolations, MOBILE, serverAndBrowser, signInFrom } from './harness'

/**
 * A real administrator (not a demo account) must add an authenticator app after the password, before any
 * page opens; then enters the app's code at every sign-in, or a recovery code instead. The code is worked out
 * here from the secret the page shows, as the app would. Every page at 360 px: one main, one h1, no sideways
 * scrolling, no axe violation.
 */
const running = serverAndBrowser()
const USERNAME = 'tfa.admin'
const PASSWORD = 'a long admin passphrase 2026'

let context: BrowserContext
let page: Page
let secret = ''
let recoveryCodes: string[] = []

beforeAll(async () => {
  // Created through the store, as `npm run create-admin` does, beside the running server.
  const store = running.server.openStore()
  try {
    await createStaffAccount(store.staff, { username: USERNAME, displayName: 'Quản trị thật', role: 'admin', unitCode: null, password: PASSWORD }, { logN: 10, r: 8, p: 1 })
  } finally {
    await store.close()
  }
  context = await running.browser.newContext({ ...MOBILE, locale: 'vi-VN' })
  page = await context.newPage()
})
afterAll(() => context?.close())

/** What every one of these pages must be at 360 px. */
async function checkPage(what: string): Promise<void> {
  await expect.poll(() => page.locator('main').count()).toBe(1)
  expect(await page.locator('h1').count()).toBe(1)
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
  await expectNoAxeViolations(page, what)
}

async function password(): Promise<void> {
  await page.goto(`${running.server.url}/staff/admin`)
  await page.waitForURL(/\/staff\/sign-in\?/)
  await page.getByTestId('sign-in-username').fill(USERNAME)
  await page.getByTestId('sign-in-password').fill(PASSWORD)
  await page.getByTestId('sign-in-submit').click()
}

async function signOut(): Promise<void> {
  // On a phone the staff menu (and the way out) folds behind one button.
  await page.getByTestId('menu-toggle').click()
  await page.getByTestId('sign-out').click()
  await page.waitForURL(/\/staff\/sign-in\?/)
}

/** The code the app shows at `at`. */
const codeAt = (at: number) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at })

describe('second factor for a real administrator', () => {
  it('sends the administrator from the password to adding an app, then shows the recovery codes once', async () => {
    await password()
    await page.waitForURL(/\/staff\/second-factor\?next=(%2F|\/)staff(%2F|\/)admin$/)
    await expect.poll(() => page.locator('h1').textContent()).toBe('Xác thực hai bước')
    await page.getByTestId('second-factor-qr').locator('svg').waitFor()
    await expect.poll(() => page.getByTestId('second-factor-required').textContent()).toContain('bắt buộc')
    await checkPage('enrolment')

    // Nothing else opens meanwhile: the API refuses the half-signed-in session.
    const me = await page.evaluate(async () => (await fetch('/api/staff/me')).status)
    expect(me).toBe(401)

    secret = ((await page.getByTestId('second-factor-secret').textContent()) ?? '').replace(/\s/g, '')
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    await page.getByTestId('enrol-code').fill('000000')
    await page.getByTestId('enrol-submit').click()
    await expect.poll(() => page.getByTestId('enrol-code-problem').textContent()).toContain('Mã xác thực không đúng')
    await checkPage('enrolment with a wrong code')

    await page.getByTestId('enrol-code').fill(codeAt(Date.now()))
    await page.getByTestId('enrol-submit').click()
    const list = page.getByTestId('recovery-codes').locator('li')
    await expect.poll(() => list.count()).toBe(10)
    recoveryCodes = (await list.allTextContents()).map((c) => c.trim())
    for (const code of recoveryCodes) expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/)
    expect(await page.getByTestId('recovery-continue').isDisabled()).toBe(true)
    await checkPage('recovery codes')

    await page.getByTestId('recovery-saved').check()
    await page.getByTestId('recovery-continue').click()
    await page.waitForURL(`${running.server.url}/staff/admin`)
    await page.locator('.admin-main h1').waitFor()
  })

  it('asks for the code after the password at the next sign-in', async () => {
    await signOut()
    await password()
    await page.getByTestId('second-factor-code').waitFor()
    await expect.poll(() => page.locator('h1').textContent()).toBe('Xác thực hai bước')
    await checkPage('code step')

    await page.getByTestId('second-factor-code').fill('000000')
    await page.getByTestId('second-factor-submit').click()
    await expect.poll(() => page.getByTestId('second-factor-problem').textContent()).toContain('Mã xác thực không đúng')
    await checkPage('code step with a wrong code')

    // The next step's code: the one used at enrolment cannot be used again, and ±1 step is accepted.
    await page.getByTestId('second-factor-code').fill(codeAt(Date.now() + 30_000))
    await page.getByTestId('second-factor-submit').click()
    await page.waitForURL(`${running.server.url}/staff/admin`)
  })

  it('takes a recovery code instead, once', async () => {
    await signOut()
    await password()
    await page.getByTestId('second-factor-switch').click()
    await page.getByTestId('second-factor-recovery').fill(recoveryCodes[0]!.toLowerCase())
    await checkPage('recovery code step')
    await page.getByTestId('second-factor-submit').click()
    await page.waitForURL(`${running.server.url}/staff/admin`)

    await signOut()
    await password()
    await page.getByTestId('second-factor-switch').click()
    await page.getByTestId('second-factor-recovery').fill(recoveryCodes[0]!)
    await page.getByTestId('second-factor-submit').click()
    await expect.poll(() => page.getByTestId('second-factor-problem').textContent()).toContain('đã được dùng')
  })

  it('lets another administrator reset it; the account then adds an app again', async () => {
    const admin = await running.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'vi-VN' })
    try {
      const accounts = await signInFrom(admin, running.server, '/staff/admin/accounts', 'demo.admin')
      const row = accounts.locator('tr', { hasText: USERNAME })
      await row.getByTestId('account-second-factor').waitFor()
      await row.getByRole('button', { name: `Đặt lại xác thực hai bước ${USERNAME}` }).click()
      await accounts.getByTestId('second-factor-reset').waitFor()
      await expectNoAxeViolations(accounts, 'second-factor reset')
      await accounts.getByTestId('second-factor-reset').getByRole('button', { name: 'Đặt lại', exact: true }).click()
      await expect.poll(() => accounts.locator('.adm-box.good').textContent()).toContain(`Đã đặt lại xác thực hai bước của ${USERNAME}`)
      expect(await row.getByTestId('account-second-factor').count()).toBe(0)
    } finally {
      await admin.close()
    }
    // Its session ended: the next page sends it to sign in, and then to adding an app.
    await password()
    await page.waitForURL(/\/staff\/second-factor\?/)
    await page.getByTestId('second-factor-qr').locator('svg').waitFor()
  })
})
