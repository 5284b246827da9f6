import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_QUESTIONNAIRES } from '../../server/defaults/questionnaires'
import { prepareResponse } from '../../server/domain/prepare-response'
import { CHANNEL_LABELS } from '../../shared/channels'
import { feedback } from '../store/new-feedback'
import { quickResponse } from '../server/test-app'
import { expectNoAxeViolations, MOBILE, serverAndBrowser, signInFrom } from './harness'

/**
 * Channels on the staff pages: this month's ratings from the citizen's phone (qr) and from the counter's kiosk
 * (stored as the kiosk's route would), and an item received by telephone. Leadership filters the dashboard by
 * channel and reads the breakdown by channel; the inbox filters by channel and the item page names it.
 */

const running = serverAndBrowser()
let page: Page
let trackingCode: string

beforeAll(async () => {
  const { server, browser } = running
  const res = await fetch(`${server.url}/api/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ responses: [quickResponse(), quickResponse({ answers: { overall: 'satisfied' } })] }),
  })
  expect(res.status).toBe(200)
  const store = server.openStore()
  try {
    const catalog = await store.catalog()
    const quick = DEFAULT_QUESTIONNAIRES.find((q) => q.key === 'quick' && q.version === 1)!
    const kiosk = [0, 1, 2].map((i) => {
      const result = prepareResponse(quickResponse({ answers: { overall: i === 2 ? 'unsatisfied' : 'very_satisfied' } }), i, { catalog, questionnaire: () => quick }, Date.now(), 'kiosk')
      if (!result.ok) throw new Error(result.error.message)
      return result.value
    })
    expect(await store.insertResponses(kiosk)).toEqual(['stored', 'stored', 'stored'])
    const phoned = feedback({ channel: 'phone', receivedAt: Date.now(), resolveBy: Date.now() + 20 * 86_400_000 })
    expect((await store.feedback.insert([phoned]))[0]!.status).toBe('stored')
    trackingCode = phoned.trackingCode
  } finally {
    await store.close()
  }
  page = await signInFrom(await browser.newContext({ ...MOBILE, locale: 'vi-VN' }), server, '/staff', 'demo.leader')
})
afterAll(() => page?.context().close())

const figure = (testId: string) => page.getByTestId(testId).locator('.figure').getAttribute('data-value')

describe('channels on the staff pages', () => {
  it('filters the dashboard by channel and breaks the ratings down by channel, on a phone', async () => {
    await page.goto(`${running.server.url}/staff/dashboard`)
    await expect.poll(() => figure('dashboard-forms')).toBe('5')
    await page.getByTestId('dashboard-by-channel').check()
    const table = page.getByTestId('dashboard-table-channel')
    await expect.poll(() => table.innerText()).toContain(CHANNEL_LABELS.kiosk.vi)
    expect(await table.innerText()).toContain(CHANNEL_LABELS.qr.vi)
    await page.getByTestId('dashboard-channel').selectOption('kiosk')
    await page.waitForURL(/channel=kiosk/)
    await expect.poll(() => figure('dashboard-forms')).toBe('3')
    // The phone item is filed by phone: the kiosk's view has no feedback.
    await expect.poll(() => figure('dashboard-feedback-received')).toBe('0')
    await expectNoAxeViolations(page, 'dashboard by channel at 360 px')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
  })

  it('filters the inbox by channel and names the channel on the item page', async () => {
    await page.goto(`${running.server.url}/staff?view=all`)
    await page.getByTestId('filter-channel').selectOption('phone')
    await page.getByTestId('filter-apply').click()
    await page.waitForURL(/channel=phone/)
    const item = page.getByTestId(`inbox-item-${trackingCode}`)
    await item.waitFor()
    expect(await page.getByTestId('inbox-list').locator('li').count()).toBe(1)
    expect(await item.getByTestId('inbox-channel').innerText()).toBe(CHANNEL_LABELS.phone.vi)
    await expectNoAxeViolations(page, 'inbox filtered by channel at 360 px')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await item.getByRole('link').click()
    await page.waitForURL(/\/staff\/items\//)
    await expect.poll(() => page.getByTestId('item-channel').innerText()).toContain(CHANNEL_LABELS.phone.vi)
    await expectNoAxeViolations(page, 'item page with its channel at 360 px')
  })
})
