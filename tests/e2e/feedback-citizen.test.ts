import { AxeBuilder } from '@axe-core/playwright'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasExif, hasPhotoMetadata, jpegSize } from '../../client/photos/jpeg'
import { PHOTO_MAX_EDGE_PX, type FeedbackUpload, type PublicTracking } from '../../shared/feedback'
import { FEEDBACK_STATUS_LABELS } from '../../shared/messages/feedback'
import { generateTrackingCode } from '../../shared/tracking-code'
import { controlledByServiceWorker, launchBrowser, MOBILE, startServer, type RunningServer } from './harness'

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

/** Screenshots of the pages at the phone size, for a person to look at (not compared by the test). */
const SHOTS = process.env.FEEDBACK_SHOTS_DIR

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

async function axeViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze()
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}



/**
 * A camera-like photo: a 2400 × 1800 JPEG drawn by the browser, with an Exif block (a TIFF header and a GPS
 * IFD holding a latitude) put in after its start-of-image marker, where a phone writes it.
 */
async function photoWithExif(page: Page): Promise<Buffer> {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas')
    canvas.width = 2400
    canvas.height = 1800
    const context = canvas.getContext('2d')!
    const gradient = context.createLinearGradient(0, 0, 2400, 1800)
    gradient.addColorStop(0, '#0b5394')
    gradient.addColorStop(1, '#f6b26b')
    context.fillStyle = gradient
    context.fillRect(0, 0, 2400, 1800)
    context.fillStyle = '#fff'
    context.font = 'bold 160px sans-serif'
    context.fillText('Quầy số 1', 200, 900)
    const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/jpeg', 0.9))
    const bytes = new Uint8Array(await blob.arrayBuffer())
    let binary = ''
    for (const byte of bytes) binary += String.fromCharCode(byte)
    return btoa(binary)
  })
  const jpeg = Buffer.from(base64, 'base64')
  // TIFF, big-endian: IFD0 with one entry (0x8825, the GPS IFD at offset 26), then the GPS IFD with
  // GPSLatitudeRef "N".
  const tiff = Buffer.from([
    0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01, 0x88, 0x25, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x1a, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x02, 0x4e, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
  ])
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff]), body])
  return Buffer.concat([jpeg.subarray(0, 2), app1, jpeg.subarray(2)])
}

async function track(code: string): Promise<{ status: number; body: PublicTracking }> {
  const res = await fetch(`${server.url}/api/track/${code}`)
  return { status: res.status, body: (await res.json()) as PublicTracking }
}

describe('a citizen files feedback from the counter page', () => {
  it('after a poor rating, files it offline with a photo, sees the code at once, and it is stored exactly once', async () => {
    const context = await browser.newContext(MOBILE)
    const page = await context.newPage()
    const uploads: FeedbackUpload[][] = []
    page.on('request', (request) => {
      if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/feedback') {
        uploads.push((JSON.parse(request.postData() ?? '{}') as { items: FeedbackUpload[] }).items)
      }
    })
    await page.goto(`${server.url}/q/HCC-01?p=ABTC&d=DEMO-2026-0501`)
    await controlledByServiceWorker(page)
    await expect(page.getByTestId('feedback-link').textContent()).resolves.toContain('Gửi phản ánh, kiến nghị')

    await page.getByTestId('option-overall-unsatisfied').click()
    await page.getByTestId('submit').click()
    await page.getByTestId('outcome').waitFor()
    await shot(page, 'thanks-poor')
    await page.getByRole('link', { name: 'Kể cho chúng tôi điều gì đã xảy ra' }).click()
    await page.waitForURL(/\/q\/HCC-01\/phan-anh\?/)
    await page.getByTestId('feedback-submit').waitFor()
    // Pre-filled with what the rating was about.
    expect(await page.getByTestId('procedure').inputValue()).toBe('ABTC')
    expect(await page.getByTestId('dossier').inputValue()).toBe('DEMO-2026-0501')

    await context.setOffline(true)
    // Sending an empty form shows each problem next to its field, in the page's language, and sends nothing.
    await page.getByTestId('feedback-submit').click()
    await expect(page.locator('#category-error').textContent()).resolves.toContain('Vui lòng chọn nội dung phản ánh')
    await expect(page.locator('#description-error').textContent()).resolves.toContain('ít nhất 10 ký tự')

    await page.getByTestId('category-processing_time').click()
    await page.getByTestId('description').fill('Hồ sơ hẹn trả ngày 20/11 nhưng đến nay vẫn chưa có kết quả, không ai thông báo lý do.')
    const original = await photoWithExif(page)
    expect(hasExif(original)).toBe(true)
    await page.getByTestId('photo-input').setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: original })
    await page.getByTestId('photo-thumbs').locator('img').waitFor()
    await page.getByTestId('wants-answer').click()
    await page.getByTestId('contact-name').fill('Nguyễn Thị Mai')
    await page.getByTestId('contact-phone').fill('0912 345 678')
    // Contact details without the consent box are not sent silently: the form asks.
    await page.getByTestId('feedback-submit').click()
    await page.locator('#consent-error').waitFor()
    await page.getByTestId('consent').click()
    expect(await axeViolations(page)).toEqual([])
    await shot(page, 'feedback-form')

    await page.getByTestId('feedback-submit').click()
    const codeText = page.getByTestId('tracking-code')
    await codeText.waitFor()
    const code = (await codeText.textContent())!.trim()
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{3}$/)
    expect(await page.getByTestId('feedback-state').getAttribute('data-state')).toBe('queued')
    await expect(page.getByTestId('feedback-pending').textContent()).resolves.toContain('1 phản ánh đang chờ gửi')
    await expect(page.getByTestId('track-url').textContent()).resolves.toContain(`/t/${code}`)
    await shot(page, 'feedback-receipt-offline')
    // Nothing reached the server while offline.
    expect(uploads).toEqual([])
    expect((await track(code)).status).toBe(404)

    // Still offline: the tracking page knows the item is waiting on this device.
    await page.getByRole('link', { name: 'Xem tình trạng xử lý' }).click()
    await page.waitForURL(new RegExp(`/t/${code}$`))
    const local = page.getByTestId('track-local')
    await local.waitFor()
    expect(await local.getAttribute('data-state')).toBe('queued')
    await expect(local.textContent()).resolves.toContain('chưa được gửi')

    await context.setOffline(false)
    await page.getByTestId('feedback-pending').waitFor({ state: 'detached', timeout: 30_000 })
    expect(uploads).toHaveLength(1)
    const [sent] = uploads[0]!
    expect(sent!.trackingCode).toBe(code)
    expect(sent!.procedure).toBe('ABTC')
    expect(sent!.dossier).toBe('DEMO-2026-0501')
    expect(sent!.contact).toEqual({ name: 'Nguyễn Thị Mai', phone: '+84912345678' })
    expect(sent!.consent).toEqual({ given: true, textVersion: 'consent-2026-11' })
    // The photo left the phone resized to the limit and re-encoded, without its Exif (location) block.
    const bytes = Buffer.from(sent!.photos![0]!.data, 'base64')
    expect(jpegSize(bytes)).toEqual({ width: PHOTO_MAX_EDGE_PX, height: 1200 })
    expect(hasExif(bytes)).toBe(false)
    expect(hasPhotoMetadata(bytes)).toBe(false)
    expect(sent!.photos![0]!.byteSize).toBe(bytes.length)

    const stored = (await server.sql('SELECT id, contact_name FROM feedback WHERE tracking_code = ?', code)) as { id: string; contact_name: string | null }[]
    expect(stored).toHaveLength(1)
    expect(stored[0]!.contact_name).toBe('Nguyễn Thị Mai')
    expect(await server.count('feedback_photos', 'feedback_id = ?', stored[0]!.id)).toBe(1)
    const tracked = await track(code.toLowerCase().replaceAll('-', ''))
    expect(tracked.status).toBe(200)
    expect(tracked.body.trackingCode).toBe(code)

    // Looked up again, now that it is on the server: its status and the unit handling it.
    await page.getByTestId('track-submit').click()
    await page.getByTestId('track-result').waitFor()
    await expect(page.getByTestId('track-status').textContent()).resolves.toContain(FEEDBACK_STATUS_LABELS[tracked.body.status].vi)
    await expect(page.getByTestId('track-unit').textContent()).resolves.toContain(tracked.body.unit!.name.vi)
    const page1 = await page.content()
    expect(page1).not.toContain('Nguyễn Thị Mai')
    expect(page1).not.toContain('912 345')
    expect(await axeViolations(page)).toEqual([])
    await shot(page, 'track-result')

    // The device remembers the citizen's own codes.
    await expect(page.getByTestId('my-feedback').textContent()).resolves.toContain(code)
    await context.close()
  })

  it('explains a malformed code without asking the server, an unknown code, and being offline', async () => {
    const context = await browser.newContext(MOBILE)
    const page = await context.newPage()
    const lookups: string[] = []
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/track/')) lookups.push(request.url())
    })
    await page.goto(`${server.url}/t`)
    await controlledByServiceWorker(page)
    const input = page.getByTestId('track-code')
    await input.fill('abcd-efgh')
    await page.getByTestId('track-submit').click()
    await expect(page.getByTestId('track-code-error').textContent()).resolves.toContain('11 ký tự')
    await input.fill('ABCD-EFGH-JK0')
    await page.getByTestId('track-submit').click()
    await expect(page.getByTestId('track-code-error').textContent()).resolves.toContain('không có chữ O, I, L')
    expect(lookups).toEqual([])
    expect(await axeViolations(page)).toEqual([])
    await shot(page, 'track-malformed')

    const unknown = generateTrackingCode()
    await input.fill(` ${unknown.toLowerCase().replaceAll('-', ' ')} `)
    await page.getByTestId('track-submit').click()
    await page.waitForURL(new RegExp(`/t/${unknown}$`))
    await page.locator('[data-testid="track-problem"][data-problem="notFound"]').waitFor()
    await expect(page.getByTestId('track-problem').textContent()).resolves.toContain(`Không có phản ánh nào có mã ${unknown}`)
    expect(lookups).toHaveLength(1)

    await context.setOffline(true)
    const another = generateTrackingCode()
    await input.fill(another)
    await page.getByTestId('track-submit').click()
    await page.locator('[data-testid="track-problem"][data-problem="offline"]').waitFor()
    await expect(page.getByTestId('track-problem').textContent()).resolves.toContain('Đang mất mạng')
    await context.close()
  })

  it('opens the form in English from its stable URL, with the labels in English', async () => {
    const context = await browser.newContext(MOBILE)
    const page = await context.newPage()
    await page.goto(`${server.url}/q/HCC-02/phan-anh`)
    await page.getByTestId('feedback-submit').waitFor()
    await page.getByTestId('lang-switch').click()
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    await expect(page.getByTestId('category-conduct').textContent()).resolves.toContain('Staff conduct and attitude')
    await page.getByTestId('feedback-submit').click()
    await expect(page.locator('#description-error').textContent()).resolves.toContain('at least 10 characters')
    expect(await axeViolations(page)).toEqual([])
    await shot(page, 'feedback-form-en')
    await context.close()
  })
})
