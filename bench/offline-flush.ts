import { chromium, devices } from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH, isMain, report, sleep, startServer } from './lib'

const QUEUED = 100
const GOAL_MS = 5000

/**
 * A phone that rated offline comes back: 100 ratings made through the citizen page while the browser
 * context is offline (so they sit in the device's outbox), then the context goes online and the clock runs
 * until the server holds all 100 rows. Drives the real UI, so it needs the client's offline outbox
 * (client/offline/); with the placeholder store nothing is queued and the bench says so.
 */
export async function offlineFlush(): Promise<{ ms: number } | { notReady: string }> {
  console.log(`\n[e] ${QUEUED} ratings queued offline, time until the server holds them all after reconnecting`)
  const server = await startServer()
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true })
  try {
    const context = await browser.newContext({ ...devices['Pixel 7'] })
    const page = await context.newPage()
    await page.goto(`${server.url}/q/HCC-01`)
    const option = page.getByTestId('option-overall-very_satisfied')
    await option.waitFor()

    await context.setOffline(true)
    for (let i = 0; i < QUEUED; i++) {
      await option.click()
      await page.getByTestId('submit').click()
      await page.locator('[data-testid="outcome"][data-state="queued"]').waitFor()
      await page.locator('.thanks button').click()
    }
    const pending = await page.getByTestId('pending').textContent({ timeout: 2000 }).catch(() => null)
    if (!pending?.includes(String(QUEUED))) {
      const reason = `the page does not show ${QUEUED} waiting (saw ${JSON.stringify(pending)}): client/offline outbox not in place yet`
      report('queued → flushed', 'NOT READY')
      console.log(`  ${reason}`)
      return { notReady: reason }
    }
    if ((await server.countResponses()) !== 0) throw new Error('rows arrived while the browser was offline')

    const started = performance.now()
    await context.setOffline(false)
    let rows = 0
    while (rows < QUEUED && performance.now() - started < 30_000) {
      await sleep(20)
      rows = (await server.countResponses())
    }
    const ms = performance.now() - started
    // Sent exactly once: give a late duplicate a moment to show up.
    await sleep(500)
    rows = (await server.countResponses())
    report(`${QUEUED} queued → on the server`, rows >= QUEUED ? `${(ms / 1000).toFixed(2)} s` : `${rows} after 30 s`, {
      ok: rows === QUEUED && ms <= GOAL_MS,
      text: `${QUEUED} rows within ${GOAL_MS / 1000} s`,
    })
    report('rows on the server', String(rows), { ok: rows === QUEUED, text: `exactly ${QUEUED}` })
    report('time ÷ goal', (ms / GOAL_MS).toFixed(2))
    return { ms }
  } finally {
    await browser.close()
    await server.stop()
  }
}

if (isMain(import.meta)) await offlineFlush()
