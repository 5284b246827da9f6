import { describe, expect, it } from 'vitest'
import { expectNoAxeViolations, MOBILE, serverAndBrowser, signInFrom } from './harness'

const running = serverAndBrowser()

describe('the Open311 keys page', () => {
  it('creates a key shown once, which files a request, then revokes it; at 360 px without axe violations', async () => {
    const { server, browser } = running
    const context = await browser.newContext(MOBILE)
    const page = await signInFrom(context, server, '/staff/admin/open311', 'demo.admin')
    await expect.poll(() => page.locator('.adm-status').count()).toBe(0)
    await expectNoAxeViolations(page, 'open311 keys, empty')

    await page.getByLabel('Tên ứng dụng hoặc đơn vị dùng khóa').fill('Cổng dịch vụ công tỉnh')
    await page.getByRole('button', { name: 'Cấp khóa' }).click()
    const shown = page.getByTestId('open311-key')
    await shown.waitFor()
    const key = (await shown.textContent())!.trim()
    expect(key).toMatch(/^o311_[A-Za-z0-9_-]{43}$/)
    await expectNoAxeViolations(page, 'open311 keys, a key shown')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await page.screenshot({ path: '/tmp/adminui-open311-360.png', fullPage: true })

    // The key works with an Open311 client.
    const filed = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({ api_key: key, service_code: 'facilities', description: 'Máy lấy số ở quầy bị hỏng cả tuần.' }),
    })
    expect(filed.status).toBe(201)

    // Shown once: coming back to the page shows the name only.
    await page.reload()
    await page.locator('[data-testid^="open311-row-"]').first().waitFor()
    expect(await page.getByTestId('open311-key').count()).toBe(0)
    expect(await page.content()).not.toContain(key)

    await page.getByRole('button', { name: 'Thu hồi Cổng dịch vụ công tỉnh' }).click()
    await page.getByText('Đã thu hồi khóa của Cổng dịch vụ công tỉnh.').waitFor()
    await expectNoAxeViolations(page, 'open311 keys, revoked')
    const refused = await fetch(`${server.url}/open311/v2/requests.json`, {
      method: 'POST',
      body: new URLSearchParams({ api_key: key, service_code: 'facilities', description: 'Máy lấy số ở quầy bị hỏng cả tuần.' }),
    })
    expect(refused.status).toBe(403)
    await context.close()
  })
})
