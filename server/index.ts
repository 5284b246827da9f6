import { serve } from '@hono/node-server'
import { createApp } from './app'
import { ConfigError, parseConfig } from './config'
import { openStore } from './store/open-store'
import { DEFAULT_QUESTIONNAIRES } from './seed/questionnaires'

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
await store.ensureQuestionnaires(DEFAULT_QUESTIONNAIRES)
if (config.SEED_DEMO && (await store.seedDemoIfEmpty())) console.log('Loaded the demo catalog into the empty database.')

const app = createApp({ config, store })
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  const base = `http://localhost:${info.port}`
  void store.catalog().then((catalog) => {
    console.log(`hailong listening on ${base}`)
    const counter = catalog.counters[0]
    if (counter) console.log(`Try the citizen page: ${base}/q/${counter.code}`)
    console.log(`Leadership statistics: ${base}/admin/stats`)
  })
})

function shutdown() {
  server.close(() => void store.close().then(() => process.exit(0)))
  setTimeout(() => process.exit(0), 5000).unref()
}
process.on('SIGTERM', shutdown)
process.on('SIGINT', shutdown)
