import { AxeBuilder } from '@axe-core/playwright'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { today } from '../../shared/dates'
import type { SatisfactionStats } from '../../shared/stats'
import { controlledByServiceWorker, demoPassword, launchBrowser, MOBILE, startServer, type RunningServer } from './harness'

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


/** The session cookie of demo.leader, signed in once: the figures are for staff. */
let leaderCookie: string | undefined

async function stats(groupBy = 'unit'): Promise<SatisfactionStats> {
  if (!leaderCookie) {
    const signIn = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'demo.leader', password: await demoPassword(server) }),
    })
    expect(signIn.status).toBe(200)
    leaderCookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!
  }
  const day = today()
  const res = await fetch(`${server.url}/api/stats/satisfaction?from=${day}&to=${day}&groupBy=${groupBy}`, { headers: { cookie: leaderCookie } })
  expect(res.status).toBe(200)
  return (await res.json()) as SatisfactionStats
}

async function storedIds(): Promise<string[]> {
  return (await server.sql('SELECT id FROM responses')).map((r) => r.id as string)
}

async function rate(page: Page, value: string): Promise<string | null> {
  await page.getByTestId(`option-overall-${value}`).click()
  await page.getByTestId('submit').click()
  const outcome = page.getByTestId('outcome')
  await outcome.waitFor()
  return outcome.getAttribute('data-state')
}

describe('the citizen page in Chromium', () => {
  let context: BrowserContext

  beforeAll(async () => {
    context = await browser.newContext(MOBILE)
  })
  afterAll(() => context?.close())

  it('rates online from a QR URL and the rating is counted in the statistics', async () => {
    const page = await context.newPage()
    const catalogRequests: string[] = []
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/catalog') catalogRequests.push(request.url())
    })
    await page.goto(`${server.url}/q/HCC-01`)
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('Quầy số 1')
    // The first visit's HTML carried the catalog: the form did not wait on a second round trip.
    expect(catalogRequests).toEqual([])
    expect(await rate(page, 'very_satisfied')).toBe('sent')
    const s = await stats()
    expect(s.total.responses).toBe(1)
    expect(s.total.counts.very_satisfied).toBe(1)
    await page.close()
  })

  it('rates twice offline, survives an offline reload, and delivers both exactly once when back online', async () => {
    const page = await context.newPage()
    await page.goto(`${server.url}/q/HCC-01`)
    await controlledByServiceWorker(page)
    await page.getByTestId('option-overall-satisfied').waitFor()
    const before = (await storedIds()).length

    await context.setOffline(true)
    await page.reload()
    expect(await rate(page, 'satisfied')).toBe('queued')
    await page.getByRole('button', { name: 'Đánh giá lần khác' }).click()
    expect(await rate(page, 'unsatisfied')).toBe('queued')
    await expect(page.getByTestId('pending').textContent()).resolves.toContain('2')
    expect((await storedIds()).length).toBe(before)

    await context.setOffline(false)
    await page.getByTestId('pending').waitFor({ state: 'detached', timeout: 30_000 })
    const ids = await storedIds()
    expect(ids.length).toBe(before + 2)
    expect(new Set(ids).size).toBe(ids.length)
    const s = await stats()
    expect(s.total.counts.satisfied).toBe(1)
    expect(s.total.counts.unsatisfied).toBe(1)
    await page.close()
  })

  it('stores one rating per dossier, even from two tabs, and explains the second', async () => {
    const url = `${server.url}/q/HCC-01?p=HPH-LS&d=DEMO-2026-0042`
    const first = await context.newPage()
    const second = await context.newPage()
    await first.goto(url)
    await second.goto(url)
    const before = (await storedIds()).length
    expect(await rate(first, 'very_satisfied')).toBe('sent')
    const state = await rate(second, 'satisfied')
    expect(['rejected', 'duplicate_here']).toContain(state)
    expect((await storedIds()).length).toBe(before + 1)
    await first.close()
    await second.close()
  })

  it('tells the citizen when a rating queued offline is refused later, because its dossier was rated meanwhile', async () => {
    const device = await browser.newContext(MOBILE)
    const page = await device.newPage()
    await page.goto(`${server.url}/q/HCC-01?d=DEMO-2026-0077`)
    await controlledByServiceWorker(page)
    await device.setOffline(true)
    expect(await rate(page, 'satisfied')).toBe('queued')

    // Another device rates the same dossier first.
    const other = await fetch(`${server.url}/api/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ responses: [{ id: '019ac9a0-0000-7000-8000-000000000077', counter: 'HCC-01', dossier: 'DEMO-2026-0077',
        questionnaire: { key: 'quick', version: 1 }, answers: { overall: 'very_satisfied' }, lang: 'vi', submittedAt: new Date().toISOString() }] }),
    })
    expect(((await other.json()) as { results: { status: string }[] }).results[0]!.status).toBe('stored')

    await device.setOffline(false)
    const notice = page.getByTestId('rejected')
    await notice.waitFor({ timeout: 30_000 })
    await expect(notice.textContent()).resolves.toContain('hồ sơ này đã có đánh giá')
    await notice.getByRole('button').click()
    await notice.waitFor({ state: 'detached' })
    await device.close()
  })

  it('switches to English and back, and remembers the choice on the next visit', async () => {
    const device = await browser.newContext(MOBILE)
    const page = await device.newPage()
    await page.goto(`${server.url}/q/HCC-01`)
    await page.getByTestId('submit').waitFor()
    await expect(page.getByTestId('submit').textContent()).resolves.toContain('Gửi đánh giá')
    await page.getByTestId('lang-switch').click()
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    await expect(page.getByTestId('option-overall-unsatisfied').textContent()).resolves.toContain('Not satisfied')
    const citizen = await new AxeBuilder({ page }).analyze()
    expect(citizen.violations.map((v) => v.id)).toEqual([])
    await page.reload()
    await page.getByTestId('submit').waitFor()
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    await page.getByTestId('lang-switch').click()
    await page.waitForFunction(() => document.documentElement.lang === 'vi')
    await expect(page.getByTestId('option-overall-unsatisfied').textContent()).resolves.toContain('Không hài lòng')
    await device.close()
  })

  it('has no accessibility violations on the citizen page', async () => {
    const page = await context.newPage()
    await page.goto(`${server.url}/q/HCC-02`)
    await page.getByTestId('submit').waitFor()
    const citizen = await new AxeBuilder({ page }).analyze()
    expect(citizen.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
    await page.close()
  })
})
