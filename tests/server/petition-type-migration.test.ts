import * as v from 'valibot'
import { afterEach, describe, expect, it } from 'vitest'
import { DeadlineConfig } from '../../shared/petition-types'
import { DEFAULT_DEADLINES } from '../../server/defaults/deadlines'
import { DAY, detail, getJson, MONDAY_0800, seedItem, staffWorld, type StaffWorld } from './staff-feedback-fixtures'
import { migrateBackTo, withDb } from './test-app'

/**
 * Migration 14: what was an item's legal track is its petition type. A database made before it has the column
 * legal_track, deadlines saved as `{ tracks, overrides: [{ track, … }] }` and audit events that name `legalTrack`.
 */

let w: StaffWorld
afterEach(() => w.t.close())

const conductFaster = { ...DEFAULT_DEADLINES.rules.feedback, resolve: { days: 5, unit: 'working' as const } }

describe('migration 14: legal tracks become petition types', () => {
  it('renames the column, reshapes the saved deadlines and reads old events under the new name', async () => {
    w = await staffWorld()
    const { id } = await seedItem(w.t, { petitionType: 'complaint' })
    await w.t.store.close()
    withDb(w.t.path, (db) => {
      migrateBackTo(db, 13)
      const saved = { tracks: DEFAULT_DEADLINES.rules, overrides: [{ track: 'feedback', category: 'conduct', rule: conductFaster }] }
      db.prepare("INSERT INTO settings (key, value, version, updated_at, updated_by) VALUES ('deadlines', ?, 3, 0, NULL)").run(JSON.stringify(saved))
      db.prepare("INSERT INTO feedback_events (feedback_id, at, actor, action, before, after) VALUES (?, ?, ?, 'reclassify', ?, ?)").run(
        id,
        MONDAY_0800 + DAY,
        w.ids.inspector,
        JSON.stringify({ legalTrack: 'feedback' }),
        JSON.stringify({ legalTrack: 'complaint' }),
      )
    })
    await w.t.reopen()

    withDb(w.t.path, (db) => {
      const columns = (db.pragma('table_info(feedback)') as { name: string }[]).map((c) => c.name)
      expect(columns).toContain('petition_type')
      expect(columns).not.toContain('legal_track')
      const indexed = (db.pragma('index_info(feedback_summary)') as { name: string }[]).map((c) => c.name)
      expect(indexed.slice(0, 3)).toEqual(['unit_code', 'category', 'petition_type'])
      expect(db.prepare('SELECT petition_type FROM feedback WHERE id = ?').get(id)).toEqual({ petition_type: 'complaint' })
    })

    const setting = await getJson<{ value: unknown; version: number }>(w.t, '/api/staff/settings/deadlines', w.sessions.admin)
    expect(setting.version).toBe(3)
    expect(setting.value).toEqual({ rules: DEFAULT_DEADLINES.rules, overrides: [{ petitionType: 'feedback', category: 'conduct', rule: conductFaster }] })
    expect(v.is(DeadlineConfig, setting.value)).toBe(true)

    const item = await detail(w.t, w.sessions.inspector, id)
    expect(item.petitionType).toBe('complaint')
    expect(item.history.find((e) => e.action === 'reclassify')).toMatchObject({
      before: { petitionType: 'feedback' },
      after: { petitionType: 'complaint' },
    })
  })
})
