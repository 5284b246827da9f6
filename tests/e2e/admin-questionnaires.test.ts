import { mkdirSync } from 'node:fs'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Catalog } from '../../shared/catalog'
import { expectNoAxeViolations, launchBrowser, MOBILE, signInFrom, startServer, type RunningServer } from './harness'

let server: RunningServer
let browser: Browser
let admin: BrowserContext
const SHOTS = '/tmp/qed-shots'

/** Signs in as the demo administrator through the sign-in page that `next` sends a signed-out browser to. */
const signIn = (context: BrowserContext, next: string): Promise<Page> => signInFrom(context, server, next, 'demo.admin')

const activeQuick = async () => ((await (await fetch(`${server.url}/api/catalog`)).json()) as Catalog).questionnaires.find((q) => q.key === 'quick')
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id)

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  server = await startServer()
  browser = await launchBrowser()
  admin = await browser.newContext({ viewport: { width: 1280, height: 800 } })
})
afterAll(async () => {
  await browser?.close()
  await server?.cleanup()
})

describe('questionnaire editor', () => {
  it('adds a question with two options, marks a bad option code beside its field, and publishes what /api/catalog then serves', async () => {
    expect((await activeQuick())?.version).toBe(1)
    const page = await signIn(admin, '/staff/admin/questionnaires')
    await page.getByTestId('new-version-quick').click()
    await page.getByTestId('question-2').waitFor()
    expect(await page.getByTestId('questionnaire-title-vi').inputValue()).toBe('Đánh giá nhanh')
    // The level question is chosen from the questions, by their text.
    expect(await page.getByTestId('questionnaire-level-question').locator('option:checked').textContent()).toContain('Câu 1')

    await page.getByTestId('question-add').click()
    const added = page.getByTestId('question-3')
    await added.waitFor()
    // The new question's first field has the focus, ready to type.
    expect(await focusedId(page)).toBe('qe-questions-3-text-vi')
    await added.getByTestId('question-text-vi').fill('Ông/Bà biết đến dịch vụ qua đâu?')
    await added.getByTestId('question-text-en').fill('How did you hear about the service?')
    await added.getByTestId('question-id').fill('heard_from')
    const first = added.getByTestId('option-3-0')
    const second = added.getByTestId('option-3-1')
    await first.getByTestId('option-value').fill('Bạn bè!')
    await first.getByTestId('option-label-vi').fill('Người quen giới thiệu')
    await first.getByTestId('option-label-en').fill('From someone I know')
    await second.getByTestId('option-value').fill('website')
    await second.getByTestId('option-label-vi').fill('Trang thông tin điện tử')
    // The English label of the second option is left empty.
    // A third option, added and removed again by its buttons' names.
    await added.getByTestId('option-add').click()
    expect(await focusedId(page)).toBe('qe-questions-3-options-2-value')
    await added.getByRole('button', { name: 'Xóa lựa chọn 3' }).click()
    await expect.poll(() => added.locator('fieldset.option').count()).toBe(2)

    await page.getByTestId('questionnaire-publish').click()
    // Nothing is sent: each problem shows beside its field, in Vietnamese, and the summary has the focus.
    const valueInput = page.locator('#qe-questions-3-options-0-value')
    await expect.poll(() => page.locator('#qe-questions-3-options-0-value-problem').textContent()).toContain('Chỉ dùng chữ thường không dấu')
    expect(await valueInput.getAttribute('aria-invalid')).toBe('true')
    expect(await valueInput.getAttribute('aria-describedby')).toContain('qe-questions-3-options-0-value-problem')
    expect(await page.locator('#qe-questions-3-options-1-label-en-problem').textContent()).toBe('Vui lòng điền mục này.')
    expect(await focusedId(page)).toBe('questionnaire-problems')
    const summary = page.getByTestId('questionnaire-problems')
    expect(await summary.locator('li').count()).toBe(2)
    expect((await activeQuick())?.version).toBe(1)
    await expectNoAxeViolations(page, 'editor with problems, 1280')
    await page.screenshot({ path: `${SHOTS}/editor-problems-1280.png`, fullPage: true })

    // The summary names the place and takes the reader to the field.
    const link = summary.getByRole('link', { name: 'Câu 4 › Lựa chọn 1 › Mã lựa chọn' })
    await link.click()
    expect(await focusedId(page)).toBe('qe-questions-3-options-0-value')

    // Fixed fields stop being marked as they are fixed.
    await valueInput.fill('friends')
    await expect.poll(() => summary.locator('li').count()).toBe(1)
    expect(await valueInput.getAttribute('aria-invalid')).toBeNull()
    await second.getByTestId('option-label-en').fill('The department website')
    await expect.poll(() => summary.count()).toBe(0)

    await page.getByTestId('questionnaire-publish').click()
    await expect.poll(() => page.getByTestId('questionnaire-notice').textContent()).toContain('phiên bản 2')
    const published = await activeQuick()
    expect(published?.version).toBe(2)
    expect(published?.questions.map((q) => q.id)).toEqual(['overall', 'problems', 'comment', 'heard_from'])
    expect(published?.questions[3]).toEqual({
      id: 'heard_from',
      type: 'single',
      text: { vi: 'Ông/Bà biết đến dịch vụ qua đâu?', en: 'How did you hear about the service?' },
      required: false,
      options: [
        { value: 'friends', label: { vi: 'Người quen giới thiệu', en: 'From someone I know' } },
        { value: 'website', label: { vi: 'Trang thông tin điện tử', en: 'The department website' } },
      ],
    })
    // The rest of v1 is carried over unchanged.
    expect(published?.questions[1]?.showIf).toEqual({ question: 'overall', anyOf: ['unsatisfied'] })
    // The versions table lists both; v1 can be brought back.
    await expect.poll(() => page.getByTestId('version-quick-2').textContent()).toContain('Đang dùng')
    expect(await page.getByTestId('version-quick-1').getByRole('button').textContent()).toContain('Dùng lại phiên bản 1')
  })

  it('keeps the JSON view in step with the editor, both ways', async () => {
    const page = await admin.newPage()
    await page.goto(`${server.url}/staff/admin/questionnaires`)
    await page.getByTestId('new-version-quick').click()
    await page.getByTestId('question-3').waitFor()
    await page.getByTestId('questionnaire-title-en').fill('Quick rating (revised)')
    await page.getByTestId('questionnaire-json-open').click()
    const json = page.getByTestId('questionnaire-json')
    const draft = JSON.parse(await json.inputValue()) as { title: { en: string }; questions: { id: string; text: { vi: string } }[]; version?: number }
    expect(draft.title.en).toBe('Quick rating (revised)')
    expect(draft.version).toBeUndefined()
    expect(draft.questions.map((q) => q.id)).toEqual(['overall', 'problems', 'comment', 'heard_from'])

    draft.questions[2]!.text.vi = 'Ông/Bà muốn góp ý thêm điều gì?'
    await json.fill('{ not json')
    await page.getByTestId('questionnaire-json-apply').click()
    await expect.poll(() => page.locator('#questionnaire-json-problems').textContent()).toContain('JSON')
    await json.fill(JSON.stringify(draft))
    await page.getByTestId('questionnaire-json-apply').click()
    await expect.poll(() => page.getByTestId('question-2').getByTestId('question-text-vi').inputValue()).toBe('Ông/Bà muốn góp ý thêm điều gì?')
    await expectNoAxeViolations(page, 'editor, 1280')
    await page.screenshot({ path: `${SHOTS}/editor-1280.png`, fullPage: true })
    await page.getByRole('button', { name: 'Hủy' }).click()
  })

  it('is usable on a phone 360 px wide without accessibility violations', async () => {
    const phone = await browser.newContext({ ...MOBILE, storageState: await admin.storageState() })
    const page = await phone.newPage()
    await page.goto(`${server.url}/staff/admin/questionnaires`)
    await page.getByTestId('new-version-quick').click()
    await page.getByTestId('question-3').waitFor()
    // A follow-up that depends on a question below it is refused beside its condition.
    await page.getByTestId('question-0').getByRole('button', { name: 'Đưa câu 1 xuống' }).click()
    expect(await focusedId(page)).toBe('qe-questions-1')
    await page.getByTestId('questionnaire-check').click()
    await expect.poll(() => page.locator('#qe-questions-0-showIf-question-problem').textContent()).toContain('không ở phía trên')
    // Nothing is wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await expectNoAxeViolations(page, 'editor with problems, 360')
    await page.screenshot({ path: `${SHOTS}/editor-problems-360.png`, fullPage: true })
    await page.screenshot({ path: `${SHOTS}/editor-problems-360-top.png` })
    await phone.close()
  })
})
