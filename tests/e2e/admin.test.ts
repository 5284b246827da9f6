import jsQR from 'jsqr'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectNoAxeViolations, launchBrowser, MOBILE, signInFrom, startServer, type RunningServer } from './harness'

let server: RunningServer
let browser: Browser
let admin: BrowserContext

const NEW_COUNTER = { code: 'QUAY-E2E', vi: 'Quầy thử nghiệm – Tầng 3', en: 'Test counter – 3rd floor' }
const LS_NAME = 'Phòng Lãnh sự và Người Việt Nam ở nước ngoài'
const HTQT_NAME = 'Phòng Hợp tác quốc tế'

function decode(png: Buffer): string | undefined {
  const image = PNG.sync.read(png)
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data
}

/** Signs in as the demo administrator through the sign-in page that `next` sends a signed-out browser to. */
const signIn = (context: BrowserContext, next: string): Promise<Page> => signInFrom(context, server, next, 'demo.admin')

async function tryRoute(page: Page, against: 'draft' | 'saved', counter: string) {
  await page.getByTestId('tester-category').selectOption('facilities')
  await page.getByTestId('tester-counter').selectOption(counter)
  await page.getByTestId(against === 'draft' ? 'tester-draft' : 'tester-saved').check()
  await page.getByTestId('tester-run').click()
  return page.getByTestId('tester-unit')
}

beforeAll(async () => {
  server = await startServer()
  browser = await launchBrowser()
  admin = await browser.newContext({ viewport: { width: 1280, height: 800 } })
})
afterAll(async () => {
  await browser?.close()
  await server?.cleanup()
})

describe('administration pages', () => {
  it('adds a counter whose printed poster opens its own rating page', async () => {
    const page = await signIn(admin, '/staff/admin')
    await expect.poll(() => page.locator('h1').textContent()).toBe('Quản trị')
    await page.screenshot({ path: '/tmp/adminui-home-1280.png', fullPage: true })

    await page.getByRole('link', { name: 'Đơn vị, quầy, thủ tục' }).first().click()
    await page.getByTestId('catalog-counters').waitFor()
    await page.getByTestId('entry-new').click()
    await page.getByTestId('entry-code').fill(NEW_COUNTER.code)
    await page.getByTestId('entry-name-vi').fill(NEW_COUNTER.vi)
    await page.getByTestId('entry-name-en').fill(NEW_COUNTER.en)
    await page.getByTestId('entry-location-vi').fill('Trụ sở Sở, tầng 3')
    await page.getByTestId('entry-location-en').fill('Department headquarters, 3rd floor')
    // Saving without a unit names the field, in Vietnamese, next to it.
    await page.getByTestId('entry-save').click()
    await expect.poll(() => page.locator('#catalog-counters-unit-problem').textContent()).toBe('Vui lòng điền mục này.')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('catalog-counters-unit')
    await page.getByTestId('entry-unit').selectOption('LS')
    await page.getByTestId('entry-save').click()
    await expect.poll(() => page.getByTestId('catalog-notice').textContent()).toContain(NEW_COUNTER.code)
    const row = page.locator(`tr[data-code="${NEW_COUNTER.code}"]`)
    await expect.poll(() => row.locator('td').first().textContent()).toBe(NEW_COUNTER.vi)

    // Editing it shows the code, which can no longer change, and says why.
    await page.getByTestId(`edit-${NEW_COUNTER.code}`).click()
    expect(await page.getByTestId('entry-code').getAttribute('readonly')).not.toBeNull()
    expect(await page.locator('#catalog-counters-code-hint').textContent()).toContain('áp phích QR')
    await page.screenshot({ path: '/tmp/adminui-catalog-1280.png', fullPage: true })
    await page.getByRole('button', { name: 'Hủy' }).click()

    // "In áp phích" opens the poster in a new tab; its QR code, read off the screen, is the counter's URL.
    const [poster] = await Promise.all([admin.waitForEvent('page'), page.getByTestId(`poster-${NEW_COUNTER.code}`).click()])
    await poster.waitForLoadState()
    expect(poster.url()).toBe(`${server.url}/api/staff/posters?counter=${NEW_COUNTER.code}&size=a4&origin=${encodeURIComponent(server.url)}`)
    await poster.screenshot({ path: '/tmp/adminui-poster.png', fullPage: true })
    const url = decode(await poster.locator('.qr').screenshot())
    expect(url).toBe(`${server.url}/q/${NEW_COUNTER.code}`)

    const citizen = await browser.newContext(MOBILE)
    const phone = await citizen.newPage()
    await phone.goto(url!)
    await expect.poll(() => phone.locator('.place h1').textContent()).toBe(NEW_COUNTER.vi)
    await citizen.close()
  })

  it('saves a routing rule change that the tester then follows', async () => {
    const page = await admin.newPage()
    await page.goto(`${server.url}/staff/admin/routing`)
    await page.getByTestId('rule-facilities').waitFor()

    // Facilities go to the unit that runs the counter: LS for the new counter.
    expect(await (await tryRoute(page, 'saved', NEW_COUNTER.code)).textContent()).toBe(LS_NAME)
    expect(await page.getByTestId('tester-reason').textContent()).toContain(NEW_COUNTER.code)

    // Send them to HTQT instead: the draft says so at once, the saved rules only after saving.
    await page.getByTestId('rule-facilities').locator('select').first().selectOption('unit:HTQT')
    expect(await (await tryRoute(page, 'draft', NEW_COUNTER.code)).textContent()).toBe(HTQT_NAME)
    expect(await (await tryRoute(page, 'saved', NEW_COUNTER.code)).textContent()).toBe(LS_NAME)
    await page.getByTestId('setting-save').click()
    await page.getByTestId('saved-notice').waitFor()
    expect(await page.getByTestId('setting-version').textContent()).toContain('Phiên bản 1')
    await expect.poll(async () => (await tryRoute(page, 'saved', NEW_COUNTER.code)).textContent()).toBe(HTQT_NAME)
    await page.screenshot({ path: '/tmp/adminui-routing-1280.png', fullPage: true })

    // Someone else saves meanwhile: this page is told to reload rather than overwrite them.
    const me = (await (await page.request.get(`${server.url}/api/staff/me`)).json()) as { csrfToken: string }
    const current = (await (await page.request.get(`${server.url}/api/staff/settings/routing-rules`)).json()) as { value: unknown; version: number }
    const put = await page.request.put(`${server.url}/api/staff/settings/routing-rules`, {
      data: { version: current.version, value: current.value },
      headers: { 'x-csrf-token': me.csrfToken, origin: server.url },
    })
    expect(put.status()).toBe(200)
    await page.getByTestId('rule-facilities').locator('input[type="text"]').last().fill('Cơ sở vật chất: Phòng Hợp tác quốc tế')
    await page.getByTestId('setting-save').click()
    await page.getByTestId('stale-notice').waitFor()
    await page.getByTestId('stale-reload').click()
    await expect.poll(() => page.getByTestId('setting-version').textContent()).toContain('Phiên bản 2')
  })

  it('names rules and questionnaires as people know them, and starts a new holiday on a useful day', async () => {
    const page = await admin.newPage()
    await page.goto(`${server.url}/staff/admin/routing`)
    // A rule is titled by its explanation; its code stays in its own field.
    await expect.poll(() => page.getByTestId('rule-conduct').locator('h3').textContent()).toMatch(/^\s*Quy tắc \d+: Phản ánh về thái độ, tác phong cán bộ/)
    expect(await page.getByTestId('rule-conduct').locator('h3').textContent()).not.toContain('conduct')

    await page.goto(`${server.url}/staff/admin/questionnaires`)
    await expect.poll(() => page.locator('#questionnaire-quick').textContent()).toMatch(/^\s*Đánh giá nhanh\s*$/)
    expect(await page.locator('#questionnaire-official').textContent()).toMatch(/^\s*Phiếu đánh giá giải quyết thủ tục hành chính\s*$/)

    await page.goto(`${server.url}/staff/admin/catalog/counters`)
    const questionnaireOf = (code: string) => page.locator(`tr[data-code="${code}"] td[data-label="Phiếu đánh giá"]`)
    await expect.poll(() => questionnaireOf('HCC-01').textContent()).toBe('Đánh giá nhanh')
    expect(await questionnaireOf('HCC-02').textContent()).toBe('Phiếu đánh giá giải quyết thủ tục hành chính')
    await page.getByTestId('edit-HCC-01').click()
    expect((await page.locator('#catalog-counters-questionnaire option').allTextContents()).sort()).toEqual(
      ['Khảo sát sự hài lòng về sự phục vụ (theo phương pháp SIPAS)', 'Phiếu đánh giá giải quyết thủ tục hành chính', 'Đánh giá nhanh'].sort(),
    )
    await page.getByRole('button', { name: 'Hủy' }).click()

    await page.goto(`${server.url}/staff/admin/calendar`)
    const holidays = page.locator('section[aria-labelledby="holidays-title"]')
    await holidays.locator('input[aria-label^="Ngày, dòng"]').first().waitFor()
    const before = await holidays.locator('input[aria-label^="Ngày, dòng"]').count()
    await page.getByRole('button', { name: 'Thêm ngày nghỉ' }).click()
    const added = holidays.locator('input[aria-label^="Ngày, dòng"]').nth(before)
    await expect.poll(() => added.inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/)
    expect(await added.inputValue()).not.toMatch(/^01\/01\//)
    // A weekday: a day off on a Saturday or Sunday would change nothing.
    expect(await holidays.locator('tbody tr').nth(before).locator('.when').textContent()).not.toMatch(/Thứ Bảy|Chủ Nhật/i)
    await page.close()
  })

  // One test a screen: 12 pages with axe each, twice, outgrow one test's time on a loaded machine.
  for (const width of [1280, 360] as const) {
    it(`shows every page without accessibility violations at ${width} px`, async () => {
      const pages = ['', '/catalog/units', '/catalog/counters', '/catalog/procedures', '/import', '/questionnaires', '/routing', '/deadlines', '/calendar', '/accounts', '/audit', '/exports']
      const context = width === 1280 ? admin : await browser.newContext({ ...MOBILE, storageState: await admin.storageState() })
      const page = await context.newPage()
      for (const path of pages) {
        await page.goto(`${server.url}/staff/admin${path}`)
        await page.locator('.admin-main h1').waitFor()
        // Each page has loaded what it lists once the loading notice is gone.
        await expect.poll(() => page.locator('.adm-status').count()).toBe(0)
        await expectNoAxeViolations(page, `${path || '/'} at ${width}px`)
        const name = path.replaceAll('/', '-').replace(/^-/, '') || 'home'
        await page.screenshot({ path: `/tmp/adminui-${name}-${width}.png`, fullPage: true })
      }
      await page.close()
      if (context !== admin) await context.close()
    })
  }

  it('lists the new counter in the audit, filtered by entity', async () => {
    const page = await admin.newPage()
    await page.goto(`${server.url}/staff/admin/audit`)
    await page.locator('#audit-entity').selectOption('counter')
    await page.getByRole('button', { name: 'Lọc' }).click()
    const table = page.getByTestId('audit-table')
    await expect.poll(() => table.locator('tbody tr').count()).toBe(1)
    expect(await table.locator('tbody tr td').nth(3).textContent()).toBe(NEW_COUNTER.code)
    expect(await table.locator('tbody tr td').nth(4).textContent()).toBe('Tạo mới')
  })
})
