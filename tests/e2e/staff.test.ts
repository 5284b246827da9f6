import { AxeBuilder } from '@axe-core/playwright'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { uuidv7 } from 'uuidv7'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FeedbackBatchResult, PublicTracking } from '../../shared/feedback'
import { generateTrackingCode } from '../../shared/tracking-code'
import { demoPassword, jpegBase64, launchBrowser, MOBILE, startServer, type RunningServer } from './harness'

let server: RunningServer
let browser: Browser
let password: string
/** The item filed for these tests: its tracking code, id and the unit the routing rules sent it to. */
const filed = { code: '', id: '', unit: '' }
/** The demo account of each unit role (server/seed/demo-staff.ts). */
const UNIT_ACCOUNTS: Record<string, string> = { LS: 'demo.staff', HTQT: 'demo.head' }
const DESCRIPTION = 'Hồ sơ cấp hộ chiếu công vụ trễ hẹn ba ngày mà không có thông báo.'
const ANSWER = 'Sở đã kiểm tra: hồ sơ trễ do thiếu xác nhận của cơ quan chủ quản. Xin lỗi ông/bà vì chưa báo trước.'

async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze()
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/** Waits until the element shows this text (textContent alone reads it once, perhaps before it arrives). */
async function seeText(locator: Locator, text: string | RegExp): Promise<void> {
  await locator.filter({ hasText: text }).waitFor()
}

/** The whole text, trimmed, and nothing else. */
function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`)
}

/** For a person to look at: the whole page, and on a phone also the first screen as it opens. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `/tmp/staffui-${name}.png`, fullPage: true })
  if (page.viewportSize()!.width < 500) await page.screenshot({ path: `/tmp/staffui-${name}-screen.png` })
}

async function fileFeedback(photo: string): Promise<void> {
  const code = generateTrackingCode()
  const item = {
    id: uuidv7(),
    trackingCode: code,
    category: 'processing_time',
    counter: 'HCC-01',
    procedure: 'HC-NGCV',
    description: DESCRIPTION,
    photos: [{ id: uuidv7(), contentType: 'image/jpeg', byteSize: Buffer.from(photo, 'base64').length, data: photo }],
    wantsAnswer: true,
    contact: { name: 'Nguyễn Văn Riêng', phone: '+84912345678' },
    consent: { given: true, textVersion: 'pd-2026-01' },
    hideName: true,
    lang: 'vi',
    submittedAt: new Date().toISOString(),
  }
  const res = await fetch(`${server.url}/api/feedback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: [item] }) })
  expect(res.status).toBe(200)
  const { results } = (await res.json()) as FeedbackBatchResult
  expect(results[0]!.status).toBe('stored')
  filed.code = results[0]!.trackingCode!
  filed.id = item.id
  filed.unit = (await track()).unit!.code
}

async function track(): Promise<PublicTracking> {
  const res = await fetch(`${server.url}/api/track/${filed.code}`)
  expect(res.status).toBe(200)
  return (await res.json()) as PublicTracking
}

async function signIn(page: Page, username: string, secret = password): Promise<void> {
  await page.getByTestId('sign-in-username').fill(username)
  await page.getByTestId('sign-in-password').fill(secret)
  await page.getByTestId('sign-in-submit').click()
}

beforeAll(async () => {
  // Items are announced to staff within a second, not the minute of the default.
  server = await startServer({ NOTIFY_INTERVAL_SECONDS: '1' })
  browser = await launchBrowser()
  password = await demoPassword(server)
  const page = await browser.newPage()
  await fileFeedback(await jpegBase64(page))
  await page.close()
})
afterAll(async () => {
  await browser?.close()
  await server?.cleanup()
})

describe('the staff pages in Chromium', () => {
  let laptop: BrowserContext

  beforeAll(async () => {
    laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  })
  afterAll(() => laptop?.close())

  it('sends a signed-out reader to sign in, says why a sign-in failed, then opens the inbox', async () => {
    expect(UNIT_ACCOUNTS[filed.unit]).toBeDefined()
    const page = await laptop.newPage()
    await page.goto(`${server.url}/staff`)
    await page.waitForURL(/\/staff\/sign-in\?next=(%2F|\/)staff$/)
    await seeText(page.getByRole('heading', { level: 1 }), exactly('Đăng nhập cán bộ'))
    expect(await axeViolations(page)).toEqual([])
    await shoot(page, 'sign-in-1280')

    await signIn(page, UNIT_ACCOUNTS[filed.unit]!, 'not-the-password')
    await seeText(page.getByTestId('sign-in-problem'), 'Sai tên đăng nhập hoặc mật khẩu')

    await signIn(page, UNIT_ACCOUNTS[filed.unit]!)
    await page.waitForURL(`${server.url}/staff`)
    const row = page.getByTestId(`inbox-item-${filed.code}`)
    await row.waitFor()
    await expect(row.textContent()).resolves.toContain('Thời gian giải quyết')
    await seeText(page.getByTestId('staff-role'), /Cán bộ đơn vị|Lãnh đạo đơn vị/)
    await page.getByTestId('summary-received').waitFor()
    expect(await axeViolations(page)).toEqual([])
    await shoot(page, 'inbox-1280')
    await page.close()
  })

  it('keeps the filters in the URL, so a view can be bookmarked', async () => {
    const page = await laptop.newPage()
    await page.goto(`${server.url}/staff`)
    await page.getByTestId(`inbox-item-${filed.code}`).waitFor()
    await page.getByTestId('filter-q').fill('hộ chiếu')
    await page.getByTestId('filter-category').selectOption('processing_time')
    await page.getByTestId('filter-apply').click()
    await page.waitForURL(/category=processing_time/)
    expect(new URL(page.url()).searchParams.get('q')).toBe('hộ chiếu')
    await page.getByTestId(`inbox-item-${filed.code}`).waitFor()
    // The same URL opened afresh shows the same view.
    await page.reload()
    await expect(page.getByTestId('filter-category').inputValue()).resolves.toBe('processing_time')
    await page.getByTestId(`inbox-item-${filed.code}`).waitFor()
    await page.getByTestId('filter-category').selectOption('fees')
    await page.getByTestId('filter-apply').click()
    await page.waitForURL(/category=fees/)
    await seeText(page.getByTestId('inbox-count'), /^\s*0 phản ánh/)
    await page.close()
  })

  it('opens the item, acknowledges and answers it; the tracking page then shows the answer', async () => {
    const page = await laptop.newPage()
    await page.goto(`${server.url}/staff`)
    await page.getByTestId(`inbox-item-${filed.code}`).getByRole('link').click()
    await page.waitForURL(new RegExp(`/staff/items/${filed.id}$`))
    await seeText(page.getByTestId('item-description'), exactly(DESCRIPTION))
    // The phone as Vietnamese write it, dialled in E.164; counter and procedure by name, their codes beside.
    await seeText(page.getByTestId('item-phone'), exactly('0912 345 678'))
    expect(await page.getByTestId('item-phone').getAttribute('href')).toBe('tel:+84912345678')
    await seeText(page.getByTestId('item-counter'), exactly('Quầy số 1 – Sở Ngoại vụ (HCC-01)'))
    await seeText(page.getByTestId('item-procedure'), exactly('Cấp hộ chiếu ngoại giao, hộ chiếu công vụ (HC-NGCV)'))
    await seeText(page.getByTestId('item-routing'), 'Mã quy tắc chuyển: procedure-content')
    expect(await page.getByTestId('item-routing').textContent()).not.toMatch(/Quy tắc: procedure-content/)
    await page.getByTestId('item-photo').locator('img').waitFor()
    expect(await page.getByTestId('item-photo').locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(320)
    expect(await axeViolations(page)).toEqual([])

    await page.getByTestId('action-acknowledge').click()
    await page.getByTestId('action-form-acknowledge').getByTestId('action-submit').click()
    await seeText(page.getByTestId('action-notice'), 'Đã lưu')
    await seeText(page.getByTestId('item-status'), 'Đã tiếp nhận')

    await page.getByTestId('action-answer').click()
    // An empty answer is refused next to the field, in the page's language, before anything is sent.
    await page.getByTestId('action-form-answer').getByTestId('action-submit').click()
    await seeText(page.getByTestId('problem-answer'), exactly('Vui lòng điền mục này.'))
    await page.getByTestId('field-answer').fill(ANSWER)
    await seeText(page.getByTestId('preview-answer'), ANSWER)
    await shoot(page, 'item-answer-1280')
    await page.getByTestId('action-form-answer').getByTestId('action-submit').click()
    await seeText(page.getByTestId('item-answer'), exactly(ANSWER))
    await seeText(page.getByTestId('item-status'), 'Đã trả lời')
    expect(await axeViolations(page)).toEqual([])
    await shoot(page, 'item-1280')

    const tracked = await track()
    expect(tracked.status).toBe('answered')
    expect(tracked.publicAnswer).toBe(ANSWER)
    await page.close()
  })

  it('reloads and says so when someone else changed the item meanwhile', async () => {
    const page = await laptop.newPage()
    await page.goto(`${server.url}/staff/items/${filed.id}`)
    await page.getByTestId('action-note').waitFor()
    // Another tab of the same person adds a note: the version this page holds is now old.
    await page.evaluate(async (id) => {
      const me = (await (await fetch('/api/staff/me')).json()) as { csrfToken: string }
      const item = (await (await fetch(`/api/staff/feedback/${id}`)).json()) as { version: number }
      await fetch(`/api/staff/feedback/${id}/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
        body: JSON.stringify({ action: 'note', version: item.version, text: 'Ghi chú từ thẻ khác.' }),
      })
    }, filed.id)
    await page.getByTestId('action-note').click()
    await page.getByTestId('field-text').fill('Ghi chú của trang cũ.')
    await page.getByTestId('action-form-note').getByTestId('action-submit').click()
    await seeText(page.locator('[data-notice="stale"]'), 'Người khác vừa thay đổi')
    await seeText(page.getByTestId('item-history'), 'Ghi chú từ thẻ khác.')
    // What the reader typed is still there to send again, now with the current version.
    await expect(page.getByTestId('field-text').inputValue()).resolves.toBe('Ghi chú của trang cũ.')
    await page.getByTestId('action-form-note').getByTestId('action-submit').click()
    await seeText(page.getByTestId('item-history'), 'Ghi chú của trang cũ.')

    // Whoever assigns it, the history names to whom it went.
    const me = await page.evaluate(async (id) => {
      const self = (await (await fetch('/api/staff/me')).json()) as { id: number; displayName: string; csrfToken: string }
      const item = (await (await fetch(`/api/staff/feedback/${id}`)).json()) as { version: number }
      await fetch(`/api/staff/feedback/${id}/actions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': self.csrfToken },
        body: JSON.stringify({ action: 'assign', version: item.version, staffId: self.id }),
      })
      return self
    }, filed.id)
    await page.reload()
    await seeText(page.getByTestId('item-history'), `Người xử lý: Chưa phân công → ${me.displayName}`)
    await page.close()
  })

  it('works on a phone, in English too', async () => {
    const phone = await browser.newContext(MOBILE)
    const page = await phone.newPage()
    await page.goto(`${server.url}/staff/items/${filed.id}`)
    await page.waitForURL(/\/staff\/sign-in/)
    await shoot(page, 'sign-in-360')
    await signIn(page, UNIT_ACCOUNTS[filed.unit]!)
    // Back to the page that sent the reader to sign in.
    await page.waitForURL(new RegExp(`/staff/items/${filed.id}$`))
    await page.getByTestId('item-description').waitFor()
    await shoot(page, 'item-360')
    await page.getByTestId('item-title').waitFor()
    // Answered, the item has left the open view.
    await page.goto(`${server.url}/staff?view=all`)
    await page.getByTestId(`inbox-item-${filed.code}`).waitFor()
    // The one item of the month was answered within its deadline.
    await seeText(page.getByTestId('summary-on-time'), exactly('100%'))
    await shoot(page, 'inbox-360')
    await page.getByTestId('lang-switch').click()
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    await seeText(page.getByRole('heading', { level: 1 }), exactly('Feedback inbox'))
    expect(await axeViolations(page)).toEqual([])
    await shoot(page, 'inbox-360-en')
    // On a phone the staff menu, and the way out, fold behind one button.
    await page.getByTestId('menu-toggle').click()
    await page.getByTestId('sign-out').click()
    await page.waitForURL(/\/staff\/sign-in/)
    await seeText(page.getByTestId('sign-in-reason'), exactly('You have signed out.'))
    await phone.close()
  })

  it('shows another unit neither the item in its inbox nor the item at its URL', async () => {
    const other = Object.entries(UNIT_ACCOUNTS).find(([unit]) => unit !== filed.unit)![1]
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.goto(`${server.url}/staff/sign-in`)
    await signIn(page, other)
    await page.waitForURL(`${server.url}/staff`)
    await page.goto(`${server.url}/staff?view=all`)
    await seeText(page.getByTestId('inbox-count'), /\d+ phản ánh/)
    expect(await page.getByTestId(`inbox-item-${filed.code}`).count()).toBe(0)
    await page.goto(`${server.url}/staff/items/${filed.id}`)
    await seeText(page.getByTestId('item-not-found'), exactly('Không tìm thấy phản ánh'))
    expect(await page.getByTestId('item-description').count()).toBe(0)
    await context.close()
  })

  it('shows the unit’s officer a badge and the list of notifications on a phone, and marks them read; another unit has none', async () => {
    const context = await browser.newContext(MOBILE)
    const page = await context.newPage()
    await page.goto(`${server.url}/staff/sign-in`)
    await signIn(page, UNIT_ACCOUNTS[filed.unit]!)
    await page.waitForURL(`${server.url}/staff`)
    // In view beside the folded menu.
    await page.getByTestId('notices-badge').waitFor()
    await page.getByTestId('notices-toggle').click()
    const notice = page.getByTestId('notice').filter({ hasText: filed.code })
    await seeText(notice, 'Phản ánh mới chuyển đến')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    expect(await axeViolations(page)).toEqual([])
    await shoot(page, 'notices-360')
    await page.getByTestId('notices-read-all').click()
    await page.getByTestId('notices-badge').waitFor({ state: 'detached' })
    await notice.click()
    await page.waitForURL(`${server.url}/staff/items/${filed.id}`)
    await context.close()

    const other = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const otherPage = await other.newPage()
    await otherPage.goto(`${server.url}/staff/sign-in`)
    await signIn(otherPage, Object.entries(UNIT_ACCOUNTS).find(([unit]) => unit !== filed.unit)![1])
    await otherPage.waitForURL(`${server.url}/staff`)
    await otherPage.getByTestId('notices-toggle').click()
    await seeText(otherPage.getByTestId('notices-panel'), 'Không có thông báo nào.')
    expect(await otherPage.getByTestId('notice').filter({ hasText: filed.code }).count()).toBe(0)
    await other.close()
  })

  it('gives the inspectorate every unit, a unit filter and the overdue list as its escalation view', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.goto(`${server.url}/staff/sign-in?next=${encodeURIComponent(`/staff?view=all&unit=${filed.unit}`)}`)
    await signIn(page, 'demo.inspector')
    await page.waitForURL(/\/staff\?view=all&unit=/)
    await page.getByTestId(`inbox-item-${filed.code}`).waitFor()
    await expect(page.getByTestId('filter-unit').inputValue()).resolves.toBe(filed.unit)
    await page.getByTestId('view-overdue').click()
    await page.getByTestId('escalation-note').waitFor()
    expect(new URL(page.url()).searchParams.get('unit')).toBe(filed.unit)
    expect(await axeViolations(page)).toEqual([])
    await context.close()
  })

  it('sends the reader to sign in with "session expired" when the session ends under them', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    const page = await context.newPage()
    await page.goto(`${server.url}/staff/sign-in`)
    await signIn(page, UNIT_ACCOUNTS[filed.unit]!)
    await page.waitForURL(`${server.url}/staff`)
    await page.getByTestId('view-all').click()
    await page.getByTestId(`inbox-item-${filed.code}`).waitFor()
    await context.clearCookies()
    await page.getByTestId('view-overdue').click()
    await page.waitForURL(/\/staff\/sign-in\?.*reason=expired/)
    await seeText(page.getByTestId('sign-in-reason'), 'Phiên đăng nhập đã hết hạn')
    expect(new URL(page.url()).searchParams.get('next')).toBe('/staff?view=overdue')
    // Signing in again brings the reader back to where they were.
    await signIn(page, UNIT_ACCOUNTS[filed.unit]!)
    await page.waitForURL(`${server.url}/staff?view=overdue`)
    await context.close()
  })
})
