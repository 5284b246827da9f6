import { serve } from '@hono/node-server'
import type { Server } from 'node:http'
import { createApp } from './app'
import { DEFAULT_DATA } from './defaults/initial-data'
import { fillMissingAnswerDays } from './domain/answer-days'
import { startContactRetention } from './domain/retention'
import { createWebhookDispatcher } from './domain/webhooks'
import { mailSettings } from './domain/mailer'
import { createNotifier } from './domain/notifications'
import { ConfigError, parseConfig } from './config'
import { limitConnections, serverOptions } from './http-limits'
import { openStore } from './store/open-store'
import { demoStaffCredentials, demoStaffWarning, describeDemoStaff, seedDemoStaff } from './seed/demo-staff'
import { DEMO_START } from './seed/demo-catalog'

let config
try {
  config = parseConfig(process.env)
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message)
    process.exit(2)
  }
  throw error
}

const store = openStore(config)
const loaded = await store.loadInitialData(config.SEED_DEMO ? DEMO_START : DEFAULT_DATA)
if (loaded.catalog) console.log('Loaded the demo catalog into the empty database.')
if (config.SEED_DEMO && (await seedDemoStaff(store))) console.log('Created the demo staff accounts.')
const demoStaff = await demoStaffCredentials(store)

const filled = await fillMissingAnswerDays(store)
if (filled > 0) console.log(`Counted the working days to the answer of ${filled} feedback item(s) answered earlier.`)
startContactRetention(store, config.CONTACT_RETENTION_DAYS)
const webhooks = createWebhookDispatcher(store, { allowPrivate: config.WEBHOOK_ALLOW_PRIVATE })
webhooks.start()
const mail = mailSettings(config)
if (!mail) console.log('No mail server configured (SMTP_URL or SMTP_HOST): in-app notifications only, no e-mail is sent.')
const notifier = createNotifier(store, {
  mail,
  announceEveryMs: config.NOTIFY_INTERVAL_SECONDS * 1000,
  intervalMs: Math.min(5_000, config.NOTIFY_INTERVAL_SECONDS * 1000),
})
notifier.start()
const app = createApp({ config, store })
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST, serverOptions: serverOptions(config) }, (info) => {
  const base = `http://localhost:${info.port}`
  void store.catalog().then((catalog) => {
    console.log(`hailong listening on ${base}`)
    const counter = catalog.counters[0]
    if (counter) console.log(`Try the citizen page: ${base}/q/${counter.code}`)
    console.log(`Leadership dashboard (staff sign-in): ${base}/staff/dashboard`)
    if (demoStaff && config.SEED_DEMO) console.log(describeDemoStaff(demoStaff))
    else if (demoStaff) console.warn(demoStaffWarning(demoStaff))
  })
})

limitConnections(server as Server, config)

function shutdown() {
  server.close(() => void Promise.all([webhooks.stop(), notifier.stop()]).then(() => store.close()).then(() => process.exit(0)))
  setTimeout(() => process.exit(0), 5000).unref()
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
