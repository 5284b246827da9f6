import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { INDICATOR_7_WORDING } from '../../server/defaults/questionnaires'
import type { BatchResult } from '../../shared/response'
import { officialResponse } from '../server/test-app'
import type { Catalog } from '../../shared/catalog'
import { demoPassword, expectNoAxeViolations, MOBILE, serverAndBrowser } from './harness'

// Issue 11, item 7: the rating form on a phone. An empty send shows its error on screen and focuses it; the
// official form needs its dossier; indicator 7 reads as a question about the staff; the problems ticked
// after "Không hài lòng" open the filing form with them.

const running = serverAndBrowser()

async function stored(): Promise<{ id: string; dossier: string | null; questionnaire_key: string; questionnaire_version: number }[]> {
  return (await running.server.sql('SELECT id, dossier, questionnaire_key, questionnaire_version FROM responses ORDER BY id')) as Awaited<ReturnType<typeof stored>>
}

/**
 * Where the error message is against what the citizen sees (the screen above the sticky send bar), and what
 * has focus, with what a screen reader is told about it.
 */
function onScreen(page: Page, errorSelector: string) {
  return page.evaluate((selector) => {
    const error = document.querySelector(selector)
    const bar = document.querySelector('.survey .actions')!.getBoundingClientRect()
    const active = document.activeElement as HTMLElement
    const box = error?.getBoundingClientRect()
    return {
      error: error?.textContent?.trim() ?? null,
      visible: box !== undefined && box.top >= 0 && box.bottom <= bar.top,
      focus: { id: active.id, name: active.getAttribute('name'), invalid: active.getAttribute('aria-invalid'), describedBy: active.getAttribute('aria-describedby') ?? '' },
    }
  }, errorSelector)
}

/** Every question of the official form the citizen must answer, answered in the middle. */
async function answerOfficial(page: Page): Promise<void> {
  for (const id of ['i1_total_time', 'i2_agency_time', 'i3_returns', 'i4_agencies', 'i6_publicity', 'i7_attitude']) {
    await page.getByTestId(`option-${id}-fair`).click()
  }
  await page.getByTestId('option-convenience-satisfied').click()
  await page.getByTestId('option-overall-satisfied').click()
}

describe('the rating form on a phone', () => {
  let context: BrowserContext

  beforeAll(async () => {
    context = await running.browser.newContext(MOBILE)
  })
  afterAll(() => context?.close())

  it('brings the error of a quick rating sent empty on screen, focused, and read with the focused option', async () => {
    const page = await context.newPage()
    await page.goto(`${running.server.url}/q/HCC-01`)
    await page.getByTestId('option-overall-satisfied').waitFor()
    const before = (await stored()).length
    await page.getByTestId('submit').tap()

    await expect.poll(() => onScreen(page, '#q-overall-error')).toEqual({
      error: 'Vui lòng chọn một câu trả lời.',
      visible: true,
      focus: { id: '', name: 'overall', invalid: 'true', describedBy: 'q-overall-error' },
    })
    await expectNoAxeViolations(page, 'the quick rating with its error')
    expect((await stored()).length).toBe(before)

    // Choosing an answer clears the error, and the rating goes.
    await page.getByTestId('option-overall-satisfied').click()
    await expect.poll(() => page.locator('#q-overall-error').count()).toBe(0)
    await page.getByTestId('submit').tap()
    await expect.poll(() => page.getByTestId('outcome').getAttribute('data-state')).toBe('sent')
    await page.close()
  })

  it('refuses the official form without a dossier code, naming the field on screen, in either language', async () => {
    const page = await context.newPage()
    await page.goto(`${running.server.url}/q/HCC-02`)
    await answerOfficial(page)
    const before = (await stored()).length
    await page.getByTestId('submit').tap()

    await expect.poll(() => onScreen(page, '#dossier-error')).toEqual({
      error: 'Vui lòng nhập mã hồ sơ: phiếu này đánh giá việc giải quyết một hồ sơ cụ thể.',
      visible: true,
      focus: { id: 'dossier', name: null, invalid: 'true', describedBy: 'dossier-hint dossier-error' },
    })
    await expect(page.locator('label[for="dossier"]').textContent()).resolves.toBe('Mã hồ sơ (bắt buộc)')
    await expectNoAxeViolations(page, 'the official form without its dossier')
    await page.getByTestId('lang-switch').click()
    await expect.poll(() => page.getByTestId('dossier-error').textContent()).toContain('Please enter the dossier code')
    await page.getByTestId('lang-switch').click()
    expect((await stored()).length).toBe(before)

    await page.getByTestId('dossier').fill('hs-2026-form-1')
    await expect.poll(() => page.getByTestId('dossier-error').count()).toBe(0)
    await page.getByTestId('submit').tap()
    await expect.poll(() => page.getByTestId('outcome').getAttribute('data-state')).toBe('sent')
    expect((await stored()).filter((r) => r.dossier === 'HS-2026-FORM-1')).toHaveLength(1)
    await page.close()
  })

  it('takes the dossier code of the official form from the QR URL', async () => {
    const page = await context.newPage()
    await page.goto(`${running.server.url}/q/HCC-02?d=HS-2026-QR-7`)
    await answerOfficial(page)
    await page.getByTestId('submit').tap()
    await expect.poll(() => page.getByTestId('outcome').getAttribute('data-state')).toBe('sent')
    expect((await stored()).filter((r) => r.dossier === 'HS-2026-QR-7').map((r) => [r.questionnaire_key, r.questionnaire_version])).toEqual([['official', 2]])
    await page.close()
  })

  it('asks indicator 7 about the staff, in Vietnamese and in English', async () => {
    const page = await context.newPage()
    await page.goto(`${running.server.url}/q/HCC-02`)
    const texts = () =>
      page.evaluate(() => [
        document.querySelector('#q-i7_attitude legend')!.textContent!.trim(),
        ...[...document.querySelectorAll('#q-i7_attitude .choice')].map((choice) => choice.textContent!.trim()),
      ])
    await expect.poll(texts).toEqual([INDICATOR_7_WORDING.text.vi, ...INDICATOR_7_WORDING.labels.map(([vi]) => vi)])
    expect(await texts()).toEqual([
      'Thái độ, cách ứng xử của cán bộ khi hướng dẫn, tiếp nhận và giải quyết hồ sơ',
      'Không có gì phải phản ánh về cán bộ, và nhận kết quả sớm hơn ngày hẹn',
      'Không có gì phải phản ánh về cán bộ, và nhận kết quả đúng ngày hẹn',
      'Có điều cần phản ánh về thái độ, cách ứng xử của cán bộ',
    ])
    await page.getByTestId('lang-switch').click()
    await expect.poll(texts).toEqual([INDICATOR_7_WORDING.text.en, ...INDICATOR_7_WORDING.labels.map(([, en]) => en)])
    // The choice is remembered: back to Vietnamese for the tests after this one.
    await page.getByTestId('lang-switch').click()
    await page.waitForFunction(() => document.documentElement.lang === 'vi')
    await page.close()
  })

  it('opens the filing form with the problems ticked after "Không hài lòng", free to edit', async () => {
    const page = await context.newPage()
    await page.goto(`${running.server.url}/q/HCC-01?p=ABTC`)
    await page.getByTestId('option-overall-unsatisfied').click()
    await page.getByTestId('option-problems-waiting_time').click()
    await page.getByTestId('option-problems-staff_attitude').click()
    await page.getByTestId('submit').tap()
    await page.getByTestId('tell-us').tap()

    await page.waitForURL(/\/q\/HCC-01\/phan-anh\?/)
    const description = page.getByTestId('description')
    await expect.poll(() => description.inputValue()).toBe('Điều chưa tốt khi giải quyết thủ tục của tôi: Phải chờ đợi lâu; Thái độ cán bộ chưa tốt.')
    expect(await page.getByTestId('category-processing_time').locator('input').isChecked()).toBe(true)
    expect(await page.getByTestId('procedure').inputValue()).toBe('ABTC')

    await page.getByTestId('category-conduct').click()
    await description.fill(`${await description.inputValue()} Cán bộ không giải thích vì sao phải chờ.`)
    await page.getByTestId('feedback-submit').tap()
    await page.getByTestId('tracking-code').waitFor()
    await expect
      .poll(() => running.server.sql('SELECT category, description FROM feedback'), { timeout: 15_000 })
      .toEqual([{ category: 'conduct', description: 'Điều chưa tốt khi giải quyết thủ tục của tôi: Phải chờ đợi lâu; Thái độ cán bộ chưa tốt. Cán bộ không giải thích vì sao phải chờ.' }])
    await page.close()
  })

  it('offers the SIPAS-style survey at a counter given it: factor headings, the five-point scale, at 360 px', async () => {
    // An administrator gives the reception desk the SIPAS-style survey, through the API the catalog page uses.
    const admin = await running.browser.newContext()
    const signIn = await admin.request.post(`${running.server.url}/api/auth/sign-in`, {
      data: { username: 'demo.admin', password: await demoPassword(running.server) },
      headers: { origin: running.server.url },
    })
    const headers = { 'x-csrf-token': ((await signIn.json()) as { csrfToken: string }).csrfToken, origin: running.server.url }
    const desk = ((await (await fetch(`${running.server.url}/api/catalog`)).json()) as Catalog).counters.find((c) => c.code === 'SNV-TN')!
    const body = { name: desk.name, location: desk.location, unitCode: desk.unitCode, questionnaireKey: 'sipas' }
    const put = await admin.request.put(`${running.server.url}/api/staff/admin/catalog/counters/SNV-TN`, { data: body, headers })
    expect(put.status(), await put.text()).toBe(200)
    await admin.close()

    // A phone that has not kept an older catalog (a device that had gets the change at its next visit).
    const phone = await running.browser.newContext(MOBILE)
    const page = await phone.newPage()
    await page.goto(`${running.server.url}/q/SNV-TN`)
    await expect.poll(() => page.locator('h3.factor-title').allTextContents()).toEqual([
      'Tiếp cận dịch vụ', 'Thủ tục hành chính', 'Công chức trực tiếp giải quyết công việc', 'Kết quả giải quyết thủ tục hành chính', 'Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị',
    ])
    expect(await page.locator('[data-testid^="option-a1_seats-"]').allTextContents()).toEqual(['Rất không hài lòng', 'Không hài lòng', 'Bình thường', 'Hài lòng', 'Rất hài lòng'])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await expectNoAxeViolations(page, 'the SIPAS-style survey')

    // A few criteria, the rest left unanswered (the method leaves them out), and the overall question.
    await page.getByTestId('option-a1_seats-satisfied').click()
    await page.getByTestId('option-c1_polite-neutral').click()
    await page.getByTestId('option-f4_answered_on_time-very_unsatisfied').click()
    await page.getByTestId('option-overall-very_satisfied').click()
    await page.getByTestId('submit').tap()
    await expect.poll(() => page.getByTestId('outcome').getAttribute('data-state')).toBe('sent')
    const [sent] = (await running.server.sql("SELECT questionnaire_key, questionnaire_version, level FROM responses WHERE counter_code = 'SNV-TN'")) as Record<string, unknown>[]
    expect(sent).toEqual({ questionnaire_key: 'sipas', questionnaire_version: 1, level: 'very_satisfied' })
    await phone.close()
  })
})

describe('POST /api/responses: the official form evaluates a dossier', () => {
  it('answers an official form without a dossier as invalid, naming the field, and stores nothing', async () => {
    const { dossier: _dossier, ...withoutDossier } = officialResponse(undefined, undefined, { questionnaire: { key: 'official', version: 2 } })
    const before = (await stored()).length
    const res = await fetch(`${running.server.url}/api/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ responses: [withoutDossier] }),
    })
    expect(res.status).toBe(200)
    const { results } = (await res.json()) as BatchResult
    expect(results).toEqual([
      {
        index: 0,
        id: withoutDossier.id,
        status: 'invalid',
        error: { code: 'dossier_required', path: 'responses.0.dossier', message: 'responses.0.dossier: the official form evaluates one dossier: its code is required' },
      },
    ])
    expect((await stored()).length).toBe(before)
  })
})
