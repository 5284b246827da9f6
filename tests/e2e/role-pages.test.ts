import { mkdirSync } from 'node:fs'
import { AxeBuilder } from '@axe-core/playwright'
import type { BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { uuidv7 } from 'uuidv7'
import { beforeAll, describe, expect, it } from 'vitest'
import { pagesOf, ROLE_PAGES, startPageOf } from '../../client/role-pages'
import type { FeedbackBatchResult } from '../../shared/feedback'
import type { StaffRole } from '../../shared/staff'
import { generateTrackingCode } from '../../shared/tracking-code'
import { demoPassword, MOBILE, serverAndBrowser } from './harness'

/**
 * Each role signs in through the sign-in page and lands on its own start page. Its menu is read from the page
 * itself, so that a page added to the menu cannot escape these checks, and compared with the list the menu is
 * made from (client/role-pages.ts). Every page the menu offers is opened with one tap on it — and an item,
 * through the inbox's first row — at 360 × 740 and at 1280 × 800, and must have no sideways scrolling, one
 * <main>, one <h1>, no axe violation of WCAG 2.2 A/AA, and every button, link and form control at least
 * 44 × 44 px. A link inside a sentence is exempt (WCAG 2.5.8's inline exception): its line sets its height.
 */
const running = serverAndBrowser()
/** Screenshots of every page, to look at: only when asked (ROLE_PAGES_SHOTS=1), as they cost a fifth of the run. */
const SHOTS = process.env.ROLE_PAGES_SHOTS === '1' ? '/tmp/role-pages' : null
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
const ACCOUNTS: [StaffRole, string][] = [
  ['unit_staff', 'demo.staff'],
  ['unit_head', 'demo.head'],
  ['inspector', 'demo.inspector'],
  ['leadership', 'demo.leader'],
  ['admin', 'demo.admin'],
]
const SCREENS: { name: string; width: number; options: BrowserContextOptions }[] = [
  { name: '360', width: 360, options: { ...MOBILE, locale: 'vi-VN' } },
  { name: '1280', width: 1280, options: { viewport: { width: 1280, height: 800 }, locale: 'vi-VN' } },
]

/** One item for each unit account's inbox: facilities go to the unit that runs the counter. */
async function fileFeedback(counter: string): Promise<void> {
  const item = {
    id: uuidv7(),
    trackingCode: generateTrackingCode(),
    category: 'facilities',
    counter,
    description: 'Ghế chờ ở quầy bị hỏng, người cao tuổi phải đứng chờ rất lâu.',
    wantsAnswer: true,
    contact: { name: 'Nguyễn Văn An', phone: '+84912345678' },
    consent: { given: true, textVersion: 'consent-2026-11' },
    lang: 'vi',
    submittedAt: new Date().toISOString(),
  }
  const res = await fetch(`${running.server.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: [item] }) })
  expect(res.status).toBe(200)
  expect(((await res.json()) as FeedbackBatchResult).results[0]!.status).toBe('stored')
}

beforeAll(async () => {
  if (SHOTS) mkdirSync(SHOTS, { recursive: true })
  await fileFeedback('HCC-01')
  await fileFeedback('HCC-02')
})

/** Counts the page's requests in flight, to wait until what a page loads has arrived before judging it. */
function quietWatch(page: Page): () => Promise<void> {
  let inFlight = 0
  let changed = Date.now()
  page.on('request', () => {
    inFlight++
    changed = Date.now()
  })
  const done = () => {
    inFlight--
    changed = Date.now()
  }
  page.on('requestfinished', done)
  page.on('requestfailed', done)
  return async () => {
    await expect.poll(() => inFlight <= 0 && Date.now() - changed > 300, { timeout: 20_000, interval: 100 }).toBe(true)
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
  }
}

async function signIn(context: BrowserContext, username: string): Promise<{ page: Page; quiet: () => Promise<void> }> {
  const page = await context.newPage()
  const quiet = quietWatch(page)
  await page.goto(`${running.server.url}/staff/sign-in`)
  await page.getByTestId('sign-in-username').fill(username)
  await page.getByTestId('sign-in-password').fill(await demoPassword(running.server))
  await page.getByTestId('sign-in-submit').click()
  await page.waitForURL((url) => url.pathname !== '/staff/sign-in')
  return { page, quiet }
}

const menuOf = (page: Page) => page.getByTestId('staff-menu')

/** Unfolds the menu where it folds (a phone); on a wide screen its pages are in view already. */
async function openMenu(page: Page): Promise<void> {
  const toggle = menuOf(page).getByTestId('menu-toggle')
  await menuOf(page).waitFor()
  if ((await toggle.isVisible()) && (await toggle.getAttribute('aria-expanded')) !== 'true') {
    await toggle.click()
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true')
  }
}

/** The pages the menu offers, as paths, read from its links. */
async function readMenu(page: Page): Promise<string[]> {
  await openMenu(page)
  const links = menuOf(page).getByRole('link')
  await links.first().waitFor()
  return links.evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname))
}

/** Buttons, links and form controls smaller than 44 × 44 px, named for the report. */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = []
    const controls = document.querySelectorAll('a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [role="link"]')
    for (const el of controls) {
      const own = el.getBoundingClientRect()
      const style = getComputedStyle(el)
      // Not shown (a folded menu), or hidden for sight only (its visible label or button is the target).
      if (own.width <= 1 || own.height <= 1 || style.visibility === 'hidden' || Number(style.opacity) === 0) continue
      let target: Element = el
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')) {
        // A check box is tapped through its label, which is the target.
        target = el.closest('label') ?? (el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null) ?? el
      }
      if (el instanceof HTMLAnchorElement && style.display === 'inline') {
        // A link inside a sentence: exempt (WCAG 2.5.8), the sentence around it being more than the link.
        const sentence = (el.parentElement?.textContent ?? '').replace(/\s+/g, '')
        if (sentence.length > (el.textContent ?? '').replace(/\s+/g, '').length) continue
      }
      const box = target.getBoundingClientRect()
      if (box.width >= 43.5 && box.height >= 43.5) continue
      const name = (el.getAttribute('aria-label') || el.textContent || el.getAttribute('name') || el.id).trim().replace(/\s+/g, ' ').slice(0, 40)
      found.push(`${el.tagName.toLowerCase()} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`)
    }
    return found
  })
}

/** Everything a staff page must be, checked softly so one run names every page that falls short. */
async function checkPage(page: Page, quiet: () => Promise<void>, what: string, width: number): Promise<void> {
  await quiet()
  await page.locator('h1').first().waitFor()
  expect.soft(await page.locator('main').count(), `${what}: <main> elements`).toBe(1)
  expect.soft(await page.locator('h1').count(), `${what}: <h1> elements`).toBe(1)
  expect.soft(await page.evaluate(() => document.documentElement.scrollWidth), `${what}: page width`).toBeLessThanOrEqual(width)
  const axe = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
  expect.soft(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), `${what}: axe`).toEqual([])
  expect.soft(await smallTargets(page), `${what}: targets under 44 px`).toEqual([])
  if (SHOTS) {
    await page.screenshot({ path: `${SHOTS}/${what}.png`, fullPage: true })
    await page.screenshot({ path: `${SHOTS}/${what}-screen.png` })
  }
}

const slug = (path: string) => path.replace(/^\/staff\/?/, '').replace(/\//g, '-') || 'inbox'

describe.each(ACCOUNTS)('the %s role (%s)', (role, username) => {
  it('lands on its start page, whose menu offers each page the role may use', async () => {
    const context = await running.browser.newContext(SCREENS[1]!.options)
    try {
      const { page } = await signIn(context, username)
      await page.waitForURL((url) => url.pathname === startPageOf(role).path)
      await page.locator('main h1').waitFor()
      expect(await readMenu(page)).toEqual(pagesOf(role).map((p) => p.path))
      // The start page is the current one in the menu.
      expect(await menuOf(page).locator('[aria-current="page"]').evaluate((a) => new URL((a as HTMLAnchorElement).href).pathname)).toBe(startPageOf(role).path)
    } finally {
      await context.close()
    }
  })

  for (const screen of SCREENS) {
    it(`reaches every page of its menu in one tap, each fit for ${screen.name} px`, async () => {
      const context = await running.browser.newContext(screen.options)
      try {
        const { page, quiet } = await signIn(context, username)
        await page.waitForURL((url) => url.pathname === startPageOf(role).path)
        const paths = await readMenu(page)
        expect(paths.length).toBeGreaterThan(0)
        // The menu itself, unfolded on a phone: its links and buttons are targets too.
        await checkPage(page, quiet, `${role}-${screen.name}-menu`, screen.width)
        for (const path of paths) {
          await openMenu(page)
          await menuOf(page).locator(`a[href="${path}"]`).click()
          await page.waitForURL((url) => url.pathname === path)
          await checkPage(page, quiet, `${role}-${screen.name}-${slug(path)}`, screen.width)
          // The page is the reader's to use: the server did not refuse it.
          expect.soft(await page.locator('[data-testid="dashboard-error"], [data-testid="admin-only"]').count(), `${path}: refused`).toBe(0)
        }
        if (paths.includes('/staff')) {
          // An item, through the inbox's first row.
          await openMenu(page)
          await menuOf(page).locator('a[href="/staff"]').click()
          await page.waitForURL((url) => url.pathname === '/staff')
          const first = page.locator('[data-testid^="inbox-item-"]').first()
          await first.waitFor()
          await first.getByRole('link').first().click()
          await page.waitForURL(/\/staff\/items\//)
          await page.getByTestId('item-title').waitFor()
          await checkPage(page, quiet, `${role}-${screen.name}-item`, screen.width)
        }
      } finally {
        await context.close()
      }
    })
  }

  it('is sent on, or told why not, at the pages it may not use', async () => {
    const context = await running.browser.newContext(SCREENS[1]!.options)
    try {
      const { page } = await signIn(context, username)
      for (const other of ROLE_PAGES.filter((p) => !p.roles.includes(role))) {
        await page.goto(`${running.server.url}${other.path}`)
        await page.locator('main h1').waitFor()
        if (new URL(page.url()).pathname === other.path) {
          await expect.poll(() => page.locator('[data-testid="dashboard-error"], [data-testid="admin-only"]').count(), { message: other.path }).toBe(1)
        }
      }
    } finally {
      await context.close()
    }
  })
})

describe('the folded menu on a phone', () => {
  it('opens and closes from the keyboard, and says whether it is open', async () => {
    const context = await running.browser.newContext(SCREENS[0]!.options)
    try {
      const { page } = await signIn(context, 'demo.leader')
      await page.waitForURL((url) => url.pathname === '/staff/dashboard')
      const toggle = menuOf(page).getByRole('button', { name: 'Menu' })
      expect(await toggle.getAttribute('aria-expanded')).toBe('false')
      expect(await menuOf(page).getByRole('link').count()).toBe(0)
      await toggle.focus()
      await page.keyboard.press('Enter')
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true')
      await page.keyboard.press('Tab')
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Bảng điều hành')
      // Escape folds it and gives the focus back to the button.
      await page.keyboard.press('Escape')
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false')
      expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true)
      expect(await menuOf(page).getByRole('link').count()).toBe(0)
    } finally {
      await context.close()
    }
  })
})

describe('the retired /admin/stats', () => {
  it('leads a signed-out reader through sign-in to the dashboard, with the same period and unit', async () => {
    const context = await running.browser.newContext(SCREENS[1]!.options)
    try {
      const page = await context.newPage()
      await page.goto(`${running.server.url}/admin/stats?from=2026-01-01&to=2026-03-31&groupBy=counter&unit=LS`)
      await page.waitForURL((url) => url.pathname === '/staff/sign-in')
      const next = new URL(new URL(page.url()).searchParams.get('next')!, running.server.url)
      expect(next.pathname).toBe('/staff/dashboard')
      expect(Object.fromEntries(next.searchParams)).toEqual({ from: '2026-01-01', to: '2026-03-31', unit: 'LS' })
      await page.getByTestId('sign-in-username').fill('demo.leader')
      await page.getByTestId('sign-in-password').fill(await demoPassword(running.server))
      await page.getByTestId('sign-in-submit').click()
      await page.waitForURL((url) => url.pathname === '/staff/dashboard' && url.searchParams.get('unit') === 'LS')
      const shown = new URL(page.url()).searchParams
      expect([shown.get('from'), shown.get('to')]).toEqual(['2026-01-01', '2026-03-31'])
      await page.getByTestId('dashboard-results').waitFor()

      // Signed in, straight to the dashboard.
      await page.goto(`${running.server.url}/admin/stats`)
      await page.waitForURL((url) => url.pathname === '/staff/dashboard')
      await page.getByTestId('dashboard-results').waitFor()
    } finally {
      await context.close()
    }
  })
})
