import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FEEDBACK_STATUSES, isOpenStatus } from '../../shared/feedback'
import { feedbackItem, postFeedback } from './feedback-fixtures'
import { createTestApp, type TestApp, withDb } from './test-app'

/**
 * The summary and the inbox read two columns SQLite computes (migration 8). Their definitions repeat the
 * open statuses and the deadline rule in SQL: these tests hold them to shared/feedback.ts.
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

const read = () => withDb(t.path, (db) => db.prepare('SELECT handling, due_at, accept_by, resolve_by FROM feedback WHERE id = ?').get(id)) as Record<string, number | null>
const set = (fields: Record<string, unknown>) =>
  withDb(t.path, (db) => db.prepare(`UPDATE feedback SET ${Object.keys(fields).map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`).run({ ...fields, id }))

describe('the computed columns of feedback', () => {
  it.each(FEEDBACK_STATUSES)('counts %s as open exactly when shared/feedback.ts does', (status) => {
    set({ status, answered_at: null })
    expect(read().handling === 0).toBe(isOpenStatus(status))
  })

  it('tells an answer on time from a late one, and a finished item without an answer', () => {
    const { resolve_by } = read()
    set({ status: 'answered', answered_at: resolve_by })
    expect(read().handling).toBe(1)
    set({ status: 'closed', answered_at: resolve_by! + 1 })
    expect(read().handling).toBe(2)
    set({ status: 'spam', answered_at: null })
    expect(read().handling).toBe(3)
  })

  it('marks an item by its acceptance deadline until it is accepted, then by its resolve deadline', () => {
    set({ accept_by: 1_000, accepted_at: null })
    expect(read().due_at).toBe(1_000)
    set({ accepted_at: 900 })
    expect(read().due_at).toBe(read().resolve_by)
  })
})
