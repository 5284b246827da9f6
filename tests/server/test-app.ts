import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { uuidv7 } from 'uuidv7'
import { createApp } from '../../server/app'
import { parseConfig } from '../../server/config'
import { DEFAULT_QUESTIONNAIRES } from '../../server/seed/questionnaires'
import { openSqliteStore } from '../../server/store/sqlite/sqlite-store'
import type { Store } from '../../server/store/store'

export interface TestApp {
  app: ReturnType<typeof createApp>
  store: Store
  dir: string
  path: string
  close: () => Promise<void>
}

/** A fresh app over a temporary SQLite file with the demo catalog, as a new install would have. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'hailong-test-'))
  const path = join(dir, 'test.sqlite')
  const config = parseConfig({ LOG_REQUESTS: 'false', STATIC_DIR: join(dir, 'no-static'), DATABASE_URL: `sqlite:${path}`, ...env })
  const store = openSqliteStore({ path })
  await store.ensureQuestionnaires(DEFAULT_QUESTIONNAIRES)
  await store.seedDemoIfEmpty()
  return {
    app: createApp({ config, store }),
    store,
    dir,
    path,
    async close() {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export function quickResponse(overrides: Record<string, unknown> = {}) {
  return {
    id: uuidv7(),
    counter: 'HCC-01',
    questionnaire: { key: 'quick', version: 1 },
    answers: { overall: 'very_satisfied' },
    lang: 'vi',
    submittedAt: new Date().toISOString(),
    ...overrides,
  }
}

export function postJson(app: TestApp['app'], path: string, body: unknown, headers: Record<string, string> = {}) {
  return app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
}
