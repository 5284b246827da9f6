import type { BrowserContext, Page, Route } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { controlledByServiceWorker, MOBILE, serverAndBrowser } from './harness'

// Issue 11: two tabs are two forms, a resend of one form is one rating, a tab closed mid-send spends its id,
// and a queued rating leaves as soon as the server is back.

const running = serverAndBrowser()

async function stored(): Promise<{ id: string; overall: string }[]> {
  return (await running.server.sql(`SELECT r.id, a.value AS overall FROM responses r JOIN response_answers a ON a.response_id = r.id AND a.question_id = 'overall'`)) as {
    id: string
    overall: string
  }[]
}

const counterUrl = () => `${running.server.url}/q/HCC-01`
const VALUES = ['very_satisfied', 'satisfied', 'unsatisfied'] as const

/**
 * DOM clicks: only one tab of a window is in front, and Chromium gives the others no animation frames, so
 * Playwright's actionability checks would wait about 2 s for each of their clicks.
 */
async function rate(page: Page, value: string): Promise<string | null> {
  await page.getByTestId(`option-overall-${value}`).dispatchEvent('click')
  await page.getByTestId('submit').dispatchEvent('click')
  const outcome = page.getByTestId('outcome')
  await outcome.waitFor()
  return outcome.getAttribute('data-state')
}

async function again(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Đánh giá lần khác' }).dispatchEvent('click')
  await page.getByTestId('submit').waitFor()
}

/** Holds every POST of ratings until released: the page stays on "Đang gửi…" meanwhile. */
async function holdRatings(context: BrowserContext) {
  const held: Route[] = []
  let holding = true
  await context.route('**/api/responses', (route) => {
    if (holding) held.push(route)
    else void route.continue()
  })
  return {
    held,
    async release() {
      holding = false
      await context.unroute('**/api/responses')
      for (const route of held.splice(0)) await route.continue().catch(() => {})
    },
  }
}

async function waitForStored(count: number, timeout = 20_000): Promise<void> {
  const until = Date.now() + timeout
  while ((await stored()).length < count && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
}

/** A tab at the counter whose rating is in the outbox while its POST is held: the page says "Đang gửi…". */
async function sendingTab(value: string) {
  const context = await running.browser.newContext(MOBILE)
  const page = await context.newPage()
  await page.goto(counterUrl())
  await controlledByServiceWorker(page)
  const before = await stored()
  const gate = await holdRatings(context)
  await page.getByTestId(`option-overall-${value}`).click()
  await page.getByTestId('submit').click()
  await expect(page.getByTestId('submit').textContent()).resolves.toContain('Đang gửi…')
  while (gate.held.length === 0) await new Promise((r) => setTimeout(r, 20))
  /** Waits until both ratings are stored and returns their answers. */
  const added = async () => {
    await waitForStored(before.length + 2)
    return (await stored())
      .filter((row) => !before.some((b) => b.id === row.id))
      .map((r) => r.overall)
      .sort()
  }
  return { context, page, gate, added }
}

describe('one rating per form, never lost between tabs and reloads', () => {
  it('stores every rating of two tabs rating at once, 20 rounds, 40 ratings', async () => {
    const context = await running.browser.newContext(MOBILE)
    const [a, b] = [await context.newPage(), await context.newPage()]
    await Promise.all([a.goto(counterUrl()), b.goto(counterUrl())])
    const before = (await stored()).length
    const states: (string | null)[] = []
    for (let round = 0; round < 20; round++) {
      states.push(...(await Promise.all([rate(a, VALUES[round % 3]!), rate(b, VALUES[(round + 1) % 3]!)])))
      await Promise.all([again(a), again(b)])
    }
    await waitForStored(before + 40)
    const rows = await stored()
    expect(states.filter((s) => s === 'duplicate_here')).toEqual([])
    expect(rows.length).toBe(before + 40)
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length)
    await context.close()
  })

  it('stores every rating of two tabs taking turns, 20 rounds, 40 ratings', async () => {
    const context = await running.browser.newContext(MOBILE)
    const [a, b] = [await context.newPage(), await context.newPage()]
    await Promise.all([a.goto(counterUrl()), b.goto(counterUrl())])
    const before = (await stored()).length
    for (let round = 0; round < 20; round++) {
      for (const page of [a, b]) {
        expect(await rate(page, VALUES[round % 3]!)).not.toBe('duplicate_here')
        await again(page)
      }
    }
    await waitForStored(before + 40)
    expect((await stored()).length).toBe(before + 40)
    await context.close()
  })

  it('keeps one rating for a double tap on send', async () => {
    const context = await running.browser.newContext(MOBILE)
    const page = await context.newPage()
    await page.goto(counterUrl())
    const before = (await stored()).length
    await page.getByTestId('option-overall-satisfied').click()
    await page.getByTestId('submit').dblclick()
    await page.getByTestId('outcome').waitFor()
    await waitForStored(before + 1)
    await new Promise((r) => setTimeout(r, 500))
    expect((await stored()).length).toBe(before + 1)
    await context.close()
  })

  it('stores both ratings when the tab is reloaded during "Đang gửi…" and the citizen rates again', async () => {
    const { context, page, gate, added } = await sendingTab('unsatisfied')
    await page.reload()
    expect(await rate(page, 'very_satisfied')).toBe('queued')
    await gate.release()
    expect(await added()).toEqual(['unsatisfied', 'very_satisfied'])
    await context.close()
  })

  it('stores both ratings when the tab is closed during "Đang gửi…" and another tab rates at that counter', async () => {
    const { context, page, gate, added } = await sendingTab('satisfied')
    await page.close()
    await gate.release()
    const next = await context.newPage()
    await next.goto(counterUrl())
    expect(await rate(next, 'unsatisfied')).toBe('sent')
    expect(await added()).toEqual(['satisfied', 'unsatisfied'])
    await context.close()
  })

  it('sends a queued rating as soon as the server is back, well before the back-off would', async () => {
    const context = await running.browser.newContext(MOBILE)
    const page = await context.newPage()
    await page.goto(counterUrl())
    const before = (await stored()).length
    // The server is unreachable (the network is up): every API request is refused at the connection.
    const attempts: number[] = []
    await context.route('**/api/**', (route) => {
      if (route.request().url().endsWith('/api/responses')) attempts.push(Date.now())
      void route.abort('connectionrefused')
    })
    expect(await rate(page, 'satisfied')).toBe('queued')
    // Two failed POSTs: the back-off now waits 10 s (±20 %) before the third.
    while (attempts.length < 2) await new Promise((r) => setTimeout(r, 100))
    const back = Date.now()
    await context.unroute('**/api/**')
    await waitForStored(before + 1, 6_000)
    const leftAfterMs = Date.now() - back
    console.log(`queued rating stored ${leftAfterMs} ms after the server came back (back-off was 8–12 s)`)
    expect((await stored()).length).toBe(before + 1)
    await context.close()
  })
})
