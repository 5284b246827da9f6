/**
 * Run by durability.test.ts in its own process: stores responses through the app, prints the ids the
 * server acknowledged, then dies with SIGKILL before any clean close.
 */
import { createApp } from '../../server/app'
import { parseConfig } from '../../server/config'
import { DEMO_START } from '../../server/seed/demo-catalog'
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store'
import type { BatchResult } from '../../shared/response'
import { quickResponse } from './test-app'

const path = process.argv[2]!
const config = parseConfig({ LOG_REQUESTS: 'false', STATIC_DIR: '/nonexistent', DATABASE_URL: `sqlite:${path}`, RATE_LIMIT_PER_MINUTE: '100000' })
const store = openSqliteStore({ path })
await store.loadInitialData(DEMO_START)
const app = createApp({ config, store })

const requests = Array.from({ length: 40 }, (_, i) =>
  app.request('/api/responses', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ responses: Array.from({ length: 1 + (i % 5) }, () => quickResponse()) }),
  }),
)
const acked: string[] = []
for (const res of await Promise.all(requests)) {
  for (const result of ((await res.json()) as BatchResult).results) if (result.status === 'stored') acked.push(result.id!)
}
process.stdout.write(`${JSON.stringify(acked)}\n`, () => process.kill(process.pid, 'SIGKILL'))
