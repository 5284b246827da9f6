import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, MOBILE, startServer, type RunningServer } from './harness'

let server: RunningServer
let browser: Browser

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.cleanup()
})

/** What the first screen shows: the server's shell must draw each of these where the app will. */
const PARTS = ['.topbar', '.topbar .brand', '.lang-switch', '.place .kicker', '.place h1', '.place .where', 'form.survey h2', 'form.survey legend']

async function layout(page: Page) {
  return page.evaluate((selectors) => {
    return selectors.map((selector) => {
      const element = document.querySelector(selector)
      if (!element) return { selector, missing: true }
      const box = element.getBoundingClientRect()
      return { selector, text: element.textContent?.trim(), x: Math.round(box.x), y: Math.round(box.y), width: Math.round(box.width), height: Math.round(box.height) }
    })
  }, PARTS)
}

describe('the first screen of /q/<counter> drawn by the server', () => {
  it('shows before any script runs, and the app then draws the same thing in the same place', async () => {
    const path = `${server.url}/q/HCC-01?p=ABTC`
    const withoutScripts = await browser.newContext({ ...MOBILE, javaScriptEnabled: false })
    const shellPage = await withoutScripts.newPage()
    await shellPage.goto(path)
    const shell = await layout(shellPage)
    await withoutScripts.close()
    expect(shell.filter((part) => 'missing' in part)).toEqual([])
    expect(shell.find((part) => part.selector === '.place h1')?.text).toBe('Quầy số 1 – Sở Ngoại vụ')

    const context = await browser.newContext(MOBILE)
    const page = await context.newPage()
    await page.goto(path)
    await page.getByTestId('submit').waitFor()
    expect(await layout(page)).toEqual(shell)
    // The app's markup replaced the shell's: one form, with its choices.
    expect(await page.locator('form.survey').count()).toBe(1)
    await expect.poll(() => page.getByTestId('option-overall-satisfied').count()).toBe(1)
    await context.close()
  })
})
