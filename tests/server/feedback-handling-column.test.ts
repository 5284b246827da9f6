import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEEDBACK_STATUSES, isOpenStatus } from '../../shared/feedback'
import { feedbackItem, postFeedback } from './feedback-fixtures'
import { createTestApp, type TestApp } from './test-app'

/**
 * The summary and the inbox read two columns the database computes (SQLite's migration 8, PostgreSQL's
 * 001). Their definitions repeat the open statuses and the deadline rule in SQL: these tests hold them to
 * shared/feedback.ts.
 */
let t: TestApp
let id: string
beforeAll(async () => {
  t = await createTestApp()
  const item = feedbackItem()
  await postFeedback(t.app, [item])
  id = item.id
})
afterAll(() => t.close())

const read = async () => (await t.sql('SELECT handling, due_at, accept_by, resolve_by FROM feedback WHERE id = ?', id))[0] as Record<string, number | null>
const set = (fields: Record<string, unknown>) =>
  t.sql(`UPDATE feedback SET ${Object.keys(fields).map((k) => `${k} = ?`).join(', ')} WHERE id = ?`, ...Object.values(fields), id)

describe('the computed columns of feedback', () => {
  it.each(FEEDBACK_STATUSES)('counts %s as open exactly when shared/feedback.ts does', async (status) => {
    await set({ status, answered_at: null })
    expect((await read()).handling === 0).toBe(isOpenStatus(status))
  })

  it('tells an answer on time from a late one, and a finished item without an answer', async () => {
    const { resolve_by } = await read()
    await set({ status: 'answered', answered_at: resolve_by })
    expect((await read()).handling).toBe(1)
    await set({ status: 'closed', answered_at: resolve_by! + 1 })
    expect((await read()).handling).toBe(2)
    await set({ status: 'spam', answered_at: null })
    expect((await read()).handling).toBe(3)
  })

  it('marks an item by its acceptance deadline until it is accepted, then by its resolve deadline', async () => {
    await set({ accept_by: 1_000, accepted_at: null })
    expect((await read()).due_at).toBe(1_000)
    await set({ accepted_at: 900 })
    expect((await read()).due_at).toBe((await read()).resolve_by)
  })
})
