import { uuidv7 } from 'uuidv7'
import { describe, expect, it } from 'vitest'
import { today } from '../../shared/dates'
import { expectNoAxeViolations, MOBILE, serverAndBrowser } from './harness'

const running = serverAndBrowser()
const year = today().slice(0, 4)

const form = (procedure: string, overall: string) => ({
  id: uuidv7(),
  counter: 'HCC-02',
  procedure,
  questionnaire: { key: 'quick', version: 1 },
  answers: { overall },
  lang: 'vi',
  submittedAt: new Date().toISOString(),
})

/** Twelve forms today at HCC-02 (HTQT's ABTC), 9 satisfied or very satisfied, and two at BG (too few to show). */
async function postForms(url: string): Promise<void> {
  const responses = [
    ...Array.from({ length: 6 }, () => form('ABTC', 'very_satisfied')),
    ...Array.from({ length: 3 }, () => form('ABTC', 'satisfied')),
    ...Array.from({ length: 3 }, () => form('ABTC', 'unsatisfied')),
    form('BG-QL', 'satisfied'),
    form('BG-QL', 'satisfied'),
  ]
  const res = await fetch(`${url}/api/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ responses }) })
  expect(res.status).toBe(200)
}

describe('public results page (cong-khai)', () => {
  it('shows the figures with JavaScript off, on a 360 px phone, without sideways scrolling', async () => {
    const { server, browser } = running
    await postForms(server.url)
    const context = await browser.newContext({ ...MOBILE, javaScriptEnabled: false })
    const page = await context.newPage()
    const res = await page.goto(`${server.url}/cong-khai?p=${year}`)
    expect(res?.status()).toBe(200)
    expect(await page.getAttribute('html', 'lang')).toBe('vi')
    await expect.poll(() => page.locator('h1').textContent()).toBe('Công khai kết quả đánh giá sự hài lòng')
    // 14 forms, 11 satisfied or very satisfied; BG has 2, so BG and HTQT, the only other unit, are hidden.
    const headline = await page.locator('.headline').innerText()
    expect(headline).toContain('78,6%')
    expect(await page.locator('table').first().innerText()).toContain('chưa đủ dữ liệu')
    expect(await page.locator('svg[role=img]').count()).toBe(1)
    const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth])
    expect(widths[0]).toBeLessThanOrEqual(widths[1]!)
    // The period picker is a plain form: choosing another period loads its page without script.
    await page.selectOption('#p', `${year}-Q1`)
    await page.click('form.period button')
    await page.waitForURL(/p=\d{4}-Q1/)
    await context.close()
  })

  it('has no axe violations in either language, at 360 px and on a desktop', async () => {
    const { server, browser } = running
    for (const [path, lang] of [
      ['/cong-khai', 'vi'],
      ['/en/public-results', 'en'],
    ] as const) {
      for (const options of [MOBILE, { viewport: { width: 1280, height: 900 } }]) {
        const context = await browser.newContext(options)
        const page = await context.newPage()
        await page.goto(`${server.url}${path}?p=${year}`)
        expect(await page.getAttribute('html', 'lang')).toBe(lang)
        await expectNoAxeViolations(page, `${path} at ${options.viewport.width} px`)
        await context.close()
      }
    }
  })

  it('prints: the period picker and the bar are left out, the figures stay', async () => {
    const { server, browser } = running
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${server.url}/cong-khai?p=${year}`)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('form.period').isVisible()).toBe(false)
    expect(await page.locator('.topbar').isVisible()).toBe(false)
    expect(await page.locator('.headline').isVisible()).toBe(true)
    const pdf = await page.pdf({ preferCSSPageSize: true })
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF')
    await context.close()
  })

  it('is reached from the home page', async () => {
    const { server, browser } = running
    const context = await browser.newContext()
    const page = await context.newPage()
    await page.goto(`${server.url}/`)
    await page.click('a[href="/cong-khai"]')
    await page.waitForURL(/\/cong-khai$/)
    expect(await page.locator('h1').textContent()).toBe('Công khai kết quả đánh giá sự hài lòng')
    await context.close()
  })
})
