import { describe, expect, it } from 'vitest'
import { addDays, formatDay, today, zonedInstant } from '../../shared/dates'
import type { FeedbackSummary } from '../../shared/staff-feedback'
import type { SatisfactionStats } from '../../shared/stats'
import { expectNoAxeViolations, MOBILE, serverAndBrowser, signInFrom } from './harness'

const running = serverAndBrowser()

describe('paper and phone intake', () => {
  it('stores a paper form keyed by two officers on the paper’s day, and a phone complaint with its received time, consent and officer', async () => {
    const { server, browser } = running
    const paperDay = addDays(today(), -3)

    // The first officer keys the paper, on a phone-sized screen.
    const first = await browser.newContext(MOBILE)
    const staff = await signInFrom(first, server, '/staff/intake', 'demo.staff')
    await staff.getByTestId('paper-day').fill(formatDay(paperDay))
    await staff.getByTestId('paper-overall-satisfied').check()
    await staff.getByTestId('paper-submit').click()
    await expect.poll(() => staff.getByTestId('paper-notice').textContent()).toMatch(/phiếu số \d+/)
    const entry = Number(/phiếu số (\d+)/.exec((await staff.getByTestId('paper-notice').textContent())!)![1])
    expect(await staff.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360)
    await expectNoAxeViolations(staff, 'intake, first keying saved')
    await first.close()

    // The second officer keys it blind: a wrong tick is shown field by field and nothing is stored; then it matches.
    const second = await browser.newContext()
    const inspector = await signInFrom(second, server, '/staff/intake', 'demo.inspector')
    await inspector.getByTestId(`paper-check-${entry}`).click()
    await inspector.getByTestId('paper-day').fill(formatDay(paperDay))
    await inspector.getByTestId('paper-overall-very_satisfied').check()
    await inspector.getByTestId('paper-submit').click()
    await inspector.getByTestId('paper-mismatch').waitFor()
    expect(await inspector.getByTestId('paper-mismatch').locator('tbody tr').count()).toBe(1)
    expect(await server.count('responses')).toBe(0)
    await expectNoAxeViolations(inspector, 'intake, mismatch')
    await inspector.getByTestId('paper-overall-satisfied').check()
    await inspector.getByTestId('paper-submit').click()
    await expect.poll(() => inspector.getByTestId('paper-notice').textContent()).toContain(`phiếu số ${entry} đã được lưu (kênh: Phiếu giấy), tính vào ngày ${formatDay(paperDay)}`)
    await inspector.getByTestId('paper-stored').locator(`[data-entry="${entry}"]`).waitFor()

    // A complaint taken by phone two days ago at 09:30, the caller's number kept with the consent read to them.
    const receivedDay = addDays(today(), -2)
    await inspector.getByTestId('intake-channel-phone').check()
    await inspector.getByTestId('intake-day').fill(formatDay(receivedDay))
    await inspector.getByTestId('intake-time').fill('09:30')
    await inspector.getByTestId('intake-category').selectOption('conduct')
    await inspector.getByTestId('intake-description').fill('Công dân gọi điện phản ánh cán bộ quầy số 1 có thái độ không đúng mực.')
    await inspector.getByTestId('intake-wants-answer').check()
    await inspector.getByTestId('intake-name').fill('Trần Thị Bình')
    await inspector.getByTestId('intake-phone').fill('0912 345 678')
    // Without the consent ticked, the contact is not sent.
    await inspector.getByTestId('intake-feedback-submit').click()
    await inspector.getByTestId('intake-consent-problem').waitFor()
    await inspector.getByTestId('intake-consent').check()
    await inspector.getByTestId('intake-feedback-submit').click()
    const receipt = await inspector.getByTestId('intake-receipt').textContent()
    const code = /mã tra cứu ([A-Z0-9-]+)/.exec(receipt!)![1]!
    expect(receipt).toContain('kênh: Điện thoại')
    await expectNoAxeViolations(inspector, 'intake, phone complaint filed')

    // The figures split by channel count the paper form under paper, the complaint under phone.
    const period = `from=${addDays(today(), -7)}&to=${today()}`
    const stats = (await (await inspector.request.get(`${server.url}/api/stats/satisfaction?${period}&groupBy=channel`)).json()) as SatisfactionStats
    expect(stats.groups.map((g) => [g.key, g.responses])).toEqual([['paper', 1]])
    const summary = (await (await inspector.request.get(`${server.url}/api/staff/feedback/summary?${period}`)).json()) as FeedbackSummary
    expect(summary.byChannel.filter((c) => c.received > 0).map((c) => [c.channel, c.received])).toEqual([['phone', 1]])
    await second.close()

    const [response] = await server.sql(
      `SELECT r.channel, r.local_day, k.username AS keyed, c.username AS checked FROM responses r JOIN paper_entries e ON e.response_id = r.id
        JOIN staff k ON k.id = e.keyed_by JOIN staff c ON c.id = e.checked_by`,
    )
    expect(response).toEqual({ channel: 'paper', local_day: paperDay, keyed: 'demo.staff', checked: 'demo.inspector' })
    const [item] = await server.sql(
      `SELECT f.channel, f.received_at, f.consent_version, s.username AS officer FROM feedback f
        JOIN feedback_events e ON e.feedback_id = f.id AND e.action = 'received' JOIN staff s ON s.id = e.actor WHERE f.tracking_code = ?`,
      code,
    )
    expect(item).toMatchObject({ channel: 'phone', received_at: zonedInstant(receivedDay, 9 * 60 + 30), officer: 'demo.inspector' })
    expect(item!.consent_version).toBeTruthy()
  })
})
