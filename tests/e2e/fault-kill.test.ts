import Database from 'better-sqlite3'
import { IDBKeyRange, indexedDB } from 'fake-indexeddb'
import { uuidv7 } from 'uuidv7'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openOutboxDb } from '../../client/offline/db'
import { enqueueResponse } from '../../client/offline/outbox'
import { createSync } from '../../client/offline/sync'
import type { ResponseIn } from '../../shared/response'
import { startServer, type RunningServer } from './harness'

const TOTAL = 1000
let server: RunningServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server?.cleanup())

function response(i: number): ResponseIn {
  const levels = ['very_satisfied', 'satisfied', 'unsatisfied'] as const
  return {
    id: uuidv7(),
    counter: i % 2 ? 'HCC-01' : 'SNV-TN',
    questionnaire: { key: 'quick', version: 1 },
    answers: { overall: levels[i % 3]! },
    lang: 'vi',
    submittedAt: new Date(Date.now() - (TOTAL - i) * 1000).toISOString(),
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function sqliteIntegrity(path: string): unknown {
  const sqlite = new Database(path, { readonly: true })
  try {
    return sqlite.pragma('integrity_check', { simple: true })
  } finally {
    sqlite.close()
  }
}

describe('the server killed with SIGKILL in the middle of a sync', () => {
  it('still ends with every queued response stored exactly once and an intact database', async () => {
    const db = openOutboxDb(`fault-${Date.now()}`, { indexedDB, IDBKeyRange })
    const sent: ResponseIn[] = []
    for (let i = 0; i < TOTAL; i++) {
      const r = response(i)
      sent.push(r)
      const result = await enqueueResponse(db, r)
      expect(result.ok).toBe(true)
    }

    // Kill the server just after the 6th batch has gone out, while it is validating and committing it.
    let requests = 0
    let killed: Promise<void> | undefined
    const fetchThenKill = (url: string, init: RequestInit) => {
      const pending = fetch(url, init)
      if (++requests === 6) killed = sleep(1).then(() => server.kill('SIGKILL'))
      return pending
    }
    const sync = createSync({
      db,
      endpoint: `${server.url}/api/responses`,
      batchSize: 50,
      requestTimeoutMs: 5_000,
      fetch: fetchThenKill,
      isOnline: () => true,
      setTimer: () => () => {},
    })

    const failures: string[] = []
    let restarted = false
    for (let round = 0; round < 400 && (await sync.pendingCount()) > 0; round++) {
      const report = await sync.flushOutbox()
      if (report.failure) {
        failures.push(report.failure.kind)
        if (killed && !restarted) {
          await killed
          await server.restart()
          restarted = true
        } else {
          await sleep(100)
        }
      }
    }
    sync.stop()

    expect(restarted).toBe(true)
    expect(failures.length).toBeGreaterThan(0)
    expect(await sync.pendingCount()).toBe(0)
    expect(await db.rejected.count()).toBe(0)

    await server.kill('SIGTERM')
    db.close()
    // The SQLite file went through the kill with the server and must still check out page by page; PostgreSQL
    // runs apart from the killed server, so there only the rows tell.
    if (server.sqlitePath) expect(sqliteIntegrity(server.sqlitePath)).toBe('ok')
    const ids = (await server.sql('SELECT id FROM responses')).map((r) => r.id)
    expect(ids.length).toBe(TOTAL)
    expect(new Set(ids)).toEqual(new Set(sent.map((r) => r.id)))
    expect(await server.count('response_answers', "question_id = 'overall'")).toBe(TOTAL)
  })
})
