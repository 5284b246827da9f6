import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { today } from '../../shared/dates'
import { feedbackItem } from '../server/feedback-fixtures'
import { officialResponse, quickResponse } from '../server/test-app'
import { demoPassword, expectNoAxeViolations, launchBrowser, MOBILE, startServer, type RunningServer } from './harness'

/**
 * Leadership signs in, opens the dashboard, picks the first half-year and sees the seeded figures; the URL
 * alone brings the same view back; the workbook it downloads holds the same numbers.
 */

let server: RunningServer
let browser: Browser
let leader: BrowserContext

const day = today()
const month = Number(day.slice(5, 7))
/** The latest first half-year that is over: this year's from July on, last year's before. */
const YEAR = month >= 7 ? Number(day.slice(0, 4)) : Number(day.slice(0, 4)) - 1
/** From the current month, "half-year" gives the current half; this many steps back reach the first half of YEAR. */
const STEPS_BACK = month >= 7 ? 1 : 2
const H1 = { from: `${YEAR}-01-01`, to: `${YEAR}-06-30` }
const LS_NAME = 'Phòng Lãnh sự và Người Việt Nam ở nước ngoài'

async function post(path: string, body: unknown): Promise<void> {
  const res = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  expect(res.status, await res.clone().text()).toBe(200)
  const results = ((await res.json()) as { results: { status: string }[] }).results
  expect(results.map((r) => r.status).every((s) => s === 'stored')).toBe(true)
}

const text = (page: Page, testId: string) => page.getByTestId(testId).innerText()
const figure = (page: Page, testId: string) => page.getByTestId(testId).locator('.figure').getAttribute('data-value')

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  // First half of YEAR: six forms. 10/03 09:30 and 05/05 14:00 local time (UTC+7).
  const march = { submittedAt: `${YEAR}-03-10T02:30:00.000Z` }
  const may = { submittedAt: `${YEAR}-05-05T07:00:00.000Z` }
  await post('/api/responses', {
    responses: [
      quickResponse({ procedure: 'HC-NGCV', answers: { overall: 'very_satisfied' }, ...march }),
      quickResponse({ procedure: 'HC-NGCV', answers: { overall: 'very_satisfied' }, ...march }),
      quickResponse({ procedure: 'HC-NGCV', answers: { overall: 'satisfied' }, ...march }),
      quickResponse({ procedure: 'HC-NGCV', answers: { overall: 'unsatisfied', problems: ['waiting_time'] }, ...march }),
      // Official forms: 12 and 8 points of 12, so a mean of 10 / 12, 15 on the 0–18 scale.
      officialResponse([2, 2, 2, 2, 2, 2], 'very_satisfied', { procedure: 'ABTC', ...may }),
      officialResponse([2, 1, 1, 0, 2, 2], 'satisfied', { procedure: 'ABTC', ...may }),
      // The half-year before: two quick forms, half of them satisfied.
      quickResponse({ answers: { overall: 'very_satisfied' }, submittedAt: `${YEAR - 1}-09-15T03:00:00.000Z` }),
      quickResponse({ answers: { overall: 'unsatisfied' }, submittedAt: `${YEAR - 1}-10-15T03:00:00.000Z` }),
    ],
  })
  // Feedback is received now: it belongs to the current month.
  await post('/api/feedback', { items: [feedbackItem(), feedbackItem({ category: 'conduct', description: 'Cán bộ trả lời thiếu lịch sự với người dân.' })] })
  leader = await browser.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true, locale: 'vi-VN' })
})
afterAll(async () => {
  await browser?.close()
  await server?.cleanup()
})

describe('the leadership dashboard', () => {
  let page: Page

  it('sends a signed-out reader to sign in and back to the dashboard, on the current month', async () => {
    page = await leader.newPage()
    await page.goto(`${server.url}/staff/dashboard`)
    await page.waitForURL(/\/staff\/sign-in\?/)
    await page.getByTestId('sign-in-username').fill('demo.leader')
    await page.getByTestId('sign-in-password').fill(await demoPassword(server))
    await page.getByTestId('sign-in-submit').click()
    await page.waitForURL(/\/staff\/dashboard\?preset=month&from=/)
    await page.getByTestId('dashboard-results').waitFor()
    // This month's feedback: the two items just filed, both still open.
    await expect.poll(() => figure(page, 'dashboard-feedback-received')).toBe('2')
    expect(await figure(page, 'dashboard-feedback-open')).toBe('2')
    expect(await figure(page, 'dashboard-feedback-overdueNow')).toBe('0')
    // Nothing answered yet: no on-time rate and no indicator 8 level to claim.
    expect(await page.getByTestId('dashboard-indicator8').getAttribute('data-level')).toBe('')
    const categories = await text(page, 'dashboard-feedback-categories')
    expect(categories).toContain('Thời gian giải quyết, trễ hẹn')
    expect(categories).toContain('Thái độ, tác phong của cán bộ')
  })

  it('shows the first half-year with the seeded figures and the change on the half before', async () => {
    await page.getByTestId('dashboard-preset-half').click()
    for (let i = 0; i < STEPS_BACK; i++) {
      const before = page.url()
      await page.getByTestId('dashboard-previous').click()
      await page.waitForURL((url) => url.href !== before)
    }
    await page.waitForURL((url) => url.search === `?preset=half&from=${H1.from}&to=${H1.to}`)
    await expect.poll(() => text(page, 'dashboard-period')).toContain(`6 tháng đầu năm ${YEAR}`)
    await checkFirstHalf(page)
    await page.screenshot({ path: '/tmp/dash-dashboard-1280.png', fullPage: true })
  })

  it('opens the same view from its URL alone', async () => {
    await page.reload()
    await page.getByTestId('dashboard-results').waitFor()
    expect(new URL(page.url()).search).toBe(`?preset=half&from=${H1.from}&to=${H1.to}`)
    await checkFirstHalf(page)
    // Filters are in the URL too: one unit, then back to all.
    await page.getByTestId('dashboard-unit').selectOption('LS')
    await page.waitForURL(/unit=LS/)
    await expect.poll(() => figure(page, 'dashboard-forms')).toBe('4')
    await page.goto(`${server.url}/staff/dashboard?preset=half&from=${H1.from}&to=${H1.to}&unit=LS`)
    await expect.poll(() => figure(page, 'dashboard-forms')).toBe('4')
    expect(await page.getByTestId('dashboard-unit').inputValue()).toBe('LS')
    await page.getByTestId('dashboard-unit').selectOption('')
    await page.waitForURL((url) => !url.search.includes('unit='))
    await expect.poll(() => figure(page, 'dashboard-forms')).toBe('6')
  })

  it('downloads the workbook of the period, whose cells hold the same numbers', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('dashboard-download-xlsx').click()])
    const path = join(server.dir, 'report.xlsx')
    await download.saveAs(path)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(readFileSync(path) as unknown as ArrayBuffer)
    const rows: unknown[][] = []
    book.getWorksheet('Báo cáo')!.eachRow({ includeEmpty: true }, (row) => rows.push((row.values as unknown[]).slice(1)))
    const lines = rows.map((r) => r.filter((c) => c !== null && c !== undefined).join(' | '))
    expect(lines.some((l) => l.includes(`6 tháng đầu năm ${YEAR}`))).toBe(true)
    const start = lines.indexOf('I. KẾT QUẢ THEO ĐƠN VỊ')
    const byUnit = rows.slice(start + 2)
    const ls = byUnit.find((r) => r[1] === LS_NAME)!
    // Forms, then the count per level, then the rate per level, as the dashboard shows them.
    expect(ls.slice(2, 10)).toEqual([4, 2, 1, 1, 50, 25, 25, 75])
    const total = byUnit.find((r) => r[1] === 'Tổng cộng')!
    expect(total[2]).toBe(6)
  })

  it('has no accessibility violations, in either language, on a laptop and on a phone', async () => {
    await page.getByTestId('dashboard-series-table').evaluate((table) => table.closest('details')!.setAttribute('open', ''))
    await expectNoAxeViolations(page, 'vi 1280')
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => page.locator('h1').innerText()).toBe('Dashboard')
    await expect.poll(() => text(page, 'dashboard-period')).toContain(`First half of ${YEAR}`)
    expect(await text(page, 'dashboard-satisfied')).toContain('83.33%')
    await expectNoAxeViolations(page, 'en 1280')
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => page.locator('h1').innerText()).toBe('Bảng điều hành')

    const phone = await browser.newContext({ ...MOBILE, reducedMotion: 'reduce' })
    await phone.addCookies(await leader.cookies())
    const small = await phone.newPage()
    await small.goto(`${server.url}/staff/dashboard?preset=half&from=${H1.from}&to=${H1.to}`)
    await small.getByTestId('dashboard-results').waitFor()
    await checkFirstHalf(small)
    // Nothing wider than the screen: wide tables scroll inside their own box.
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await expectNoAxeViolations(small, 'vi 360')
    await small.screenshot({ path: '/tmp/dash-dashboard-360.png', fullPage: true })
    await phone.close()
  })

  it('is refused to a signed-out browser and to staff of a unit', async () => {
    const stranger = await browser.newContext()
    expect((await stranger.request.get(`${server.url}/api/staff/dashboard?from=${H1.from}&to=${H1.to}`)).status()).toBe(401)
    const res = await stranger.request.post(`${server.url}/api/auth/sign-in`, {
      data: { username: 'demo.staff', password: await demoPassword(server) },
      headers: { origin: server.url },
    })
    expect(res.status()).toBe(200)
    const other = await stranger.newPage()
    await other.goto(`${server.url}/staff/dashboard`)
    await expect.poll(() => text(other, 'dashboard-error')).toContain('không được xem')
    expect(await other.getByTestId('dashboard-results').count()).toBe(0)
    await stranger.close()
  })

  it('counts an answer given in time, with indicator 8 in words; a unit head sees their own unit only', async () => {
    // The head of HTQT (the unit of ABTC, where the delay was reported) acknowledges and answers the item.
    const head = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const signIn = await head.request.post(`${server.url}/api/auth/sign-in`, {
      data: { username: 'demo.head', password: await demoPassword(server) },
      headers: { origin: server.url },
    })
    expect(signIn.status()).toBe(200)
    const headers = { 'x-csrf-token': ((await signIn.json()) as { csrfToken: string }).csrfToken, origin: server.url }
    const inbox = (await (await head.request.get(`${server.url}/api/staff/feedback?view=all`)).json()) as { items: { id: string; category: string }[] }
    const item = inbox.items.find((i) => i.category === 'processing_time')!
    for (const [version, action] of [
      [1, { action: 'acknowledge' }],
      [2, { action: 'answer', answer: 'Hồ sơ đã được trả kết quả; đơn vị xin lỗi vì chậm trễ.' }],
    ] as const) {
      const res = await head.request.post(`${server.url}/api/staff/feedback/${item.id}/actions`, { data: { ...action, version }, headers })
      expect(res.status(), await res.text()).toBe(200)
    }

    await page.goto(`${server.url}/staff/dashboard?preset=month`)
    await expect.poll(() => figure(page, 'dashboard-feedback-onTime')).toBe('1')
    expect(await figure(page, 'dashboard-feedback-open')).toBe('1')
    expect(await figure(page, 'dashboard-feedback-late')).toBe('0')
    expect(await text(page, 'dashboard-feedback-onTimeRate')).toContain('100%')
    expect(await page.getByTestId('dashboard-indicator8').getAttribute('data-level')).toBe('all_on_time')
    expect(await text(page, 'dashboard-indicator8')).toContain('100% đúng hạn (2 điểm)')
    // Answered on the day it was filed: 0 working days.
    expect(await page.getByTestId('dashboard-feedback-medianDays').locator('dd').getAttribute('data-value')).toBe('0')
    expect(await text(page, 'dashboard-feedback-medianDays')).toContain('0 ngày làm việc')

    // Asking for another unit's figures: the page shows the head's own unit, and says why it is fixed.
    const own = await head.newPage()
    await own.goto(`${server.url}/staff/dashboard?preset=half&from=${H1.from}&to=${H1.to}&unit=LS`)
    await own.waitForURL(/unit=HTQT/)
    await expect.poll(() => figure(own, 'dashboard-forms')).toBe('2')
    expect(await own.getByTestId('dashboard-unit').isDisabled()).toBe(true)
    expect(await own.getByTestId('dashboard-unit').inputValue()).toBe('HTQT')
    // The period report of the head's own unit.
    expect(await own.getByTestId('dashboard-download-xlsx').getAttribute('href')).toContain('unit=HTQT')
    // The unit's name once the catalog has arrived (its code until then).
    await expect.poll(() => text(own, 'dashboard-downloads-scope')).toContain('Báo cáo của Phòng Hợp tác quốc tế')
    const [download] = await Promise.all([own.waitForEvent('download'), own.getByTestId('dashboard-download-xlsx').click()])
    expect(download.suggestedFilename()).toBe(`bao-cao-hai-long-htqt-${H1.from}-${H1.to}.xlsx`)
    await expectNoAxeViolations(own, 'unit head')
    await head.close()
  })
})

/** The first half-year's figures, as seeded. */
async function checkFirstHalf(page: Page) {
  await expect.poll(() => figure(page, 'dashboard-forms')).toBe('6')
  expect(await text(page, 'dashboard-forms')).toContain('tăng 4 phiếu so với kỳ trước')
  expect(await text(page, 'dashboard-rate_very_satisfied')).toContain('50%')
  expect(await text(page, 'dashboard-rate_satisfied')).toContain('33,33%')
  expect(await text(page, 'dashboard-rate_unsatisfied')).toContain('16,67%')
  const satisfied = await text(page, 'dashboard-satisfied')
  expect(satisfied).toContain('83,33%')
  expect(satisfied).toContain('tăng 33,33 điểm phần trăm so với kỳ trước')
  expect(await text(page, 'dashboard-score')).toContain('10 / 12 điểm')
  const official = await text(page, 'dashboard-score18')
  expect(official).toContain('15 / 18 điểm')
  expect(official).toContain('Xếp loại: Tốt')
  // Tuesday 10/03, 9:00–10:00 local time: the four quick forms.
  expect(await page.getByTestId('heat-2-9').innerText()).toBe('4')
  // The indicator that lost most: "agencies dealt with", 2 points lost on one form of two.
  const dragging = await page.getByTestId('dashboard-dragging-table').locator('tbody tr').first().getAttribute('data-testid')
  expect(dragging).toBe('dashboard-dragging-official.i4_agencies')
  expect(await text(page, 'dashboard-table-unit')).toContain(LS_NAME)
}
