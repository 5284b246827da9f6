import { mkdirSync } from 'node:fs'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPassword, expectNoAxeViolations, launchBrowser, MOBILE, startServer, type RunningServer } from './harness'

/**
 * The date fields (components/DateField.vue) read and write dd/MM/yyyy whatever the browser's language,
 * and the pages keep putting YYYY-MM-DD in their URLs and requests. The browser runs in American English,
 * where `<input type="date">` would have shown mm/dd/yyyy.
 */

let server: RunningServer
let browser: Browser
let desktop: BrowserContext
let phone: BrowserContext
let admin: BrowserContext
let adminPhone: BrowserContext
let inspector: BrowserContext
let inspectorPhone: BrowserContext
const SHOTS = '/tmp/df-shots'

/** The field's own message, found the way a screen reader finds it: through the box's aria-describedby. */
async function describedProblem(field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ').filter(Boolean)
  const texts = await Promise.all(ids.map((id) => field.page().locator(`[id="${id}"]`).filter({ visible: true }).allInnerTexts()))
  return texts.flat().join(' | ')
}

/** Signs the context in (its session cookie then serves every page opened in it). */
async function signIn(context: BrowserContext, username: string, home: string): Promise<void> {
  const page = await context.newPage()
  await page.goto(`${server.url}/staff/sign-in?next=${home}`)
  await page.getByTestId('sign-in-username').fill(username)
  await page.getByTestId('sign-in-password').fill(await demoPassword(server))
  await page.getByTestId('sign-in-submit').click()
  // The dashboard then writes its whole view into the URL's query.
  await page.waitForURL((url) => url.pathname === home)
  await page.close()
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(`${server.url}${path}`)
  return page
}

/** Date fields (box and calendar button) that overlap another one or stick out of their own cell. */
function overlappingFields(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // From the text box's left edge to the calendar button's right edge.
    const boxes = [...document.querySelectorAll('.date-field')].map((el) => {
      const parts = [...el.querySelectorAll('input[type="text"], button')].map((part) => part.getBoundingClientRect())
      const r = { left: Math.min(...parts.map((p) => p.left)), right: Math.max(...parts.map((p) => p.right)), top: Math.min(...parts.map((p) => p.top)), bottom: Math.max(...parts.map((p) => p.bottom)) }
      return { el, r }
    })
    const found: string[] = []
    boxes.forEach(({ el, r }, i) => {
      const cell = el.parentElement!.getBoundingClientRect()
      if (r.right > cell.right + 0.5) found.push(`field ${i} sticks out of its cell`)
      boxes.slice(i + 1).forEach(({ r: o }, j) => {
        if (r.left < o.right && o.left < r.right && r.top < o.bottom && o.top < r.bottom) found.push(`fields ${i} and ${i + j + 1} overlap`)
      })
    })
    return found
  })
}

const search = (page: Page) => new URL(page.url()).searchParams

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  server = await startServer()
  browser = await launchBrowser()
  desktop = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })
  phone = await browser.newContext({ ...MOBILE, locale: 'en-US' })
  admin = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })
  adminPhone = await browser.newContext({ ...MOBILE, locale: 'en-US' })
  inspector = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' })
  // The dashboard's period, as leadership reads it.
  await signIn(desktop, 'demo.leader', '/staff/dashboard')
  await signIn(phone, 'demo.leader', '/staff/dashboard')
  await signIn(admin, 'demo.admin', '/staff/admin')
  await signIn(adminPhone, 'demo.admin', '/staff/admin')
  inspectorPhone = await browser.newContext({ ...MOBILE, locale: 'en-US' })
  await signIn(inspector, 'demo.inspector', '/staff')
  await signIn(inspectorPhone, 'demo.inspector', '/staff')
})
afterAll(async () => {
  await browser?.close()
  await server?.cleanup()
})

describe('the dashboard period', () => {
  it('applies a period typed as dd/MM/yyyy to the URL as YYYY-MM-DD', async () => {
    const page = await desktop.newPage()
    await page.goto(`${server.url}/staff/dashboard`)
    await page.getByTestId('dashboard-apply').waitFor()
    const from = page.getByTestId('dashboard-from')
    expect(await from.getAttribute('type')).toBe('text')
    expect(await from.getAttribute('inputmode')).toBe('numeric')
    expect(await from.getAttribute('placeholder')).toBe('dd/mm/yyyy')
    // The label still names the box.
    expect(await page.getByLabel('Từ ngày', { exact: true }).getAttribute('data-testid')).toBe('dashboard-from')

    await from.fill('1/7/2026')
    await page.getByTestId('dashboard-to').fill('31.07.2026')
    await page.getByTestId('dashboard-apply').click()
    await page.waitForURL((url) => url.searchParams.get('from') === '2026-07-01')
    expect(search(page).get('to')).toBe('2026-07-31')
    // Normalised once left: what the reader sees is dd/MM/yyyy.
    expect(await from.inputValue()).toBe('01/07/2026')
    expect(await page.getByTestId('dashboard-to').inputValue()).toBe('31/07/2026')
    await page.close()
  })

  it('shows a date from the URL as dd/MM/yyyy and reads an ISO day pasted in', async () => {
    const page = await desktop.newPage()
    await page.goto(`${server.url}/staff/dashboard?from=2026-02-01&to=2026-02-28`)
    await page.getByTestId('dashboard-apply').waitFor()
    expect(await page.getByTestId('dashboard-from').inputValue()).toBe('01/02/2026')
    expect(await page.getByTestId('dashboard-to').inputValue()).toBe('28/02/2026')
    await page.getByTestId('dashboard-to').fill('2026-03-15')
    await page.getByTestId('dashboard-to').press('Tab')
    expect(await page.getByTestId('dashboard-to').inputValue()).toBe('15/03/2026')
    await page.getByTestId('dashboard-to').press('Enter')
    await page.waitForURL((url) => url.searchParams.get('to') === '2026-03-15')
    expect(search(page).get('from')).toBe('2026-02-01')
    await page.close()
  })

  it('reports an impossible day next to the field, in the reader’s language, and applies nothing', async () => {
    const page = await desktop.newPage()
    await page.goto(`${server.url}/staff/dashboard?from=2026-06-01&to=2026-06-30`)
    await page.getByTestId('dashboard-apply').waitFor()
    const from = page.getByTestId('dashboard-from')
    await from.fill('31/06/2026')
    await from.press('Tab')
    expect(await from.getAttribute('aria-invalid')).toBe('true')
    expect(await describedProblem(from)).toContain('Không có ngày 31/06/2026: tháng 06/2026 có 30 ngày.')
    // Not silently changed into 1 July.
    expect(await from.inputValue()).toBe('31/06/2026')
    await page.getByTestId('dashboard-apply').click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('dashboard-from')
    expect(search(page).get('from')).toBe('2026-06-01')
    await page.screenshot({ path: `${SHOTS}/dashboard-leader-invalid-1280.png` })
    await expectNoAxeViolations(page, 'dashboard, impossible day')

    await page.getByTestId('lang-switch').click()
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    await expect.poll(() => describedProblem(from)).toContain('There is no 31/06/2026: 06/2026 has 30 days.')
    await page.getByTestId('lang-switch').click()
    await page.waitForFunction(() => document.documentElement.lang === 'vi')

    // Corrected, the message goes and the period applies.
    await from.fill('30/06/2026')
    expect(await from.getAttribute('aria-invalid')).toBeNull()
    await page.getByTestId('dashboard-apply').click()
    await page.waitForURL((url) => url.searchParams.get('from') === '2026-06-30')
    await page.close()
  })

  it('tells apart a wrong shape, a month that does not exist and a 29 February outside a leap year', async () => {
    const page = await desktop.newPage()
    await page.goto(`${server.url}/staff/dashboard`)
    await page.getByTestId('dashboard-apply').waitFor()
    const from = page.getByTestId('dashboard-from')
    for (const [typed, message] of [
      ['1/7', 'Chưa đúng dạng ngày'],
      ['07/31/2026', 'Không có tháng 31'],
      ['29/02/2027', 'tháng 02/2027 có 28 ngày'],
      ['', 'Nhập ngày theo dạng dd/mm/yyyy.'],
    ]) {
      await from.fill(typed!)
      await from.press('Tab')
      expect(await describedProblem(from)).toContain(message)
    }
    await from.fill('29/02/2028')
    await from.press('Tab')
    expect(await from.getAttribute('aria-invalid')).toBeNull()
    await page.close()
  })

  it('fills the box from the calendar button’s date picker', async () => {
    const page = await desktop.newPage()
    await page.goto(`${server.url}/staff/dashboard`)
    await page.getByTestId('dashboard-apply').waitFor()
    const button = page.getByRole('button', { name: 'Chọn trên lịch: Từ ngày' })
    await button.click()
    // The native picker is the browser's own; what it hands back is a change on the hidden date input.
    await page.locator('.date-field').first().locator('input[type="date"]').evaluate((el: HTMLInputElement) => {
      el.value = '2026-05-04'
      el.dispatchEvent(new Event('change', { bubbles: true }))
    })
    expect(await page.getByTestId('dashboard-from').inputValue()).toBe('04/05/2026')
    await page.getByTestId('dashboard-apply').click()
    await page.waitForURL((url) => url.searchParams.get('from') === '2026-05-04')
    await page.close()
  })

  it('fits a phone screen', async () => {
    const page = await phone.newPage()
    await page.goto(`${server.url}/staff/dashboard`)
    await page.getByTestId('dashboard-apply').waitFor()
    await page.getByTestId('dashboard-from').fill('31/04/2026')
    await page.getByTestId('dashboard-from').press('Tab')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow).toBe(0)
    await page.screenshot({ path: `${SHOTS}/dashboard-leader-360.png` })
    await expectNoAxeViolations(page, 'dashboard on a phone')
    await page.close()
  })
})

describe('the staff pages', () => {
  it('filters the inbox by a typed period and refuses an impossible one', async () => {
    const page = await open(inspector, '/staff?view=all')
    const from = page.getByTestId('filter-from')
    await from.fill('01.07.2026')
    await page.getByTestId('filter-to').fill('31-07-2026')
    // Enter submits without leaving the box: the text is tidied all the same.
    await page.getByTestId('filter-to').press('Enter')
    await page.waitForURL((url) => url.searchParams.get('from') === '2026-07-01')
    expect(search(page).get('to')).toBe('2026-07-31')
    expect(await from.inputValue()).toBe('01/07/2026')
    expect(await page.getByTestId('filter-to').inputValue()).toBe('31/07/2026')

    await page.getByTestId('filter-to').fill('31/09/2026')
    await page.getByTestId('filter-apply').click()
    await expect.poll(() => describedProblem(page.getByTestId('filter-to'))).toContain('Không có ngày 31/09/2026: tháng 09/2026 có 30 ngày.')
    expect(search(page).get('to')).toBe('2026-07-31')
    await page.screenshot({ path: `${SHOTS}/inbox-invalid-1280.png` })
    await expectNoAxeViolations(page, 'inbox, impossible day')
    await page.close()
  })

  it('applies two typed dates on the dashboard, on a phone too', async () => {
    for (const context of [admin, adminPhone]) {
      const page = await open(context, '/staff/dashboard')
      await page.getByTestId('dashboard-apply').waitFor()
      await page.getByTestId('dashboard-from').fill('01/01/2026')
      await page.getByTestId('dashboard-to').fill('30/06/2026')
      await page.getByTestId('dashboard-apply').click()
      await page.waitForURL((url) => url.searchParams.get('from') === '2026-01-01' && url.searchParams.get('to') === '2026-06-30')
      expect(search(page).get('preset')).toBe('half')

      await page.getByTestId('dashboard-to').fill('31/02/2026')
      await page.getByTestId('dashboard-apply').click()
      await expect.poll(() => describedProblem(page.getByTestId('dashboard-to'))).toContain('tháng 02/2026 có 28 ngày')
      const size = context === adminPhone ? 360 : 1280
      await page.getByTestId('dashboard-to').scrollIntoViewIfNeeded()
      await page.screenshot({ path: `${SHOTS}/dashboard-invalid-${size}.png` })
      await expectNoAxeViolations(page, `dashboard at ${size}`)
      await page.close()
    }
  })

  it('offers the exports only for two readable days', async () => {
    const page = await open(admin, '/staff/admin/exports')
    await page.getByTestId('export-responses').waitFor()
    const from = page.locator('#export-from')
    await from.fill('31/06/2026')
    await from.press('Tab')
    await expect.poll(() => describedProblem(from)).toContain('Không có ngày 31/06/2026')
    expect(await page.getByTestId('export-responses').count()).toBe(0)
    await page.screenshot({ path: `${SHOTS}/exports-invalid-1280.png` })
    await expectNoAxeViolations(page, 'exports, impossible day')
    await from.fill('1/6/2026')
    await page.locator('#export-to').fill('30/06/2026')
    const href = await page.getByTestId('export-responses').getAttribute('href')
    expect(new URL(href!, server.url).searchParams.get('from')).toBe('2026-06-01')
    expect(new URL(href!, server.url).searchParams.get('to')).toBe('2026-06-30')
    await page.close()
  })

  it('edits a holiday’s date as dd/MM/yyyy', async () => {
    const page = await open(adminPhone, '/staff/admin/calendar')
    const first = page.getByRole('textbox', { name: /^Ngày, dòng \d+$/ }).first()
    await first.waitFor()
    expect(await first.inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/)
    await first.fill('31/04/2026')
    await first.press('Tab')
    expect(await describedProblem(first)).toContain('tháng 04/2026 có 30 ngày')
    await page.screenshot({ path: `${SHOTS}/calendar-invalid-360.png` })
    await expectNoAxeViolations(page, 'calendar, impossible day')
    await page.close()
  })

  it('lays every date field out on a phone and on a desktop screen', async () => {
    const pages: [string, BrowserContext, BrowserContext, string][] = [
        ['inbox', inspectorPhone, inspector, '/staff?view=all'],
      ['dashboard', adminPhone, admin, '/staff/dashboard'],
      ['exports', adminPhone, admin, '/staff/admin/exports'],
      ['calendar', adminPhone, admin, '/staff/admin/calendar'],
    ]
    for (const [name, small, large, path] of pages) {
      for (const [size, context] of [[360, small], [1280, large]] as const) {
        const page = await open(context, path)
        const field = page.locator('.date-field input[type="text"]').first()
        await field.waitFor()
        await field.scrollIntoViewIfNeeded()
        expect(await field.inputValue(), `${name} at ${size}`).toMatch(/^(\d{2}\/\d{2}\/\d{4})?$/)
        // Large enough to tap: the box and its calendar button.
        const box = await field.boundingBox()
        expect(box!.height, `${name} at ${size}`).toBeGreaterThanOrEqual(44)
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
        expect(overflow, `${name} at ${size}`).toBe(0)
        expect(await overlappingFields(page), `${name} at ${size}`).toEqual([])
        await page.screenshot({ path: `${SHOTS}/${name}-${size}.png` })
        await page.close()
      }
    }
  })
})
