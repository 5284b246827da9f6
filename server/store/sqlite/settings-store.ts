import type Database from 'better-sqlite3'
import type { SettingKey, SettingsStore, SettingValues, StoredSetting } from '../settings-store'

interface SettingRow {
  value: string
  version: number
  updated_at: number
  updated_by: number | null
}

/**
 * Settings as JSON documents, checked with the shared schemas before they get here. Read on every new
 * feedback item, so each is parsed once and kept until it is saved again (one process writes them).
 */
export function sqliteSettingsStore(db: Database.Database): SettingsStore {
  const select = db.prepare<[string], SettingRow>('SELECT value, version, updated_at, updated_by FROM settings WHERE key = ?')
  const upsert = db.prepare(`INSERT INTO settings (key, value, version, updated_at, updated_by) VALUES (@key, @value, @version, @at, @actor)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, version = excluded.version, updated_at = excluded.updated_at,
    updated_by = excluded.updated_by`)
  const record = db.prepare('INSERT INTO settings_history (key, version, value, at, actor) VALUES (@key, @version, @value, @at, @actor)')
  const history = db.prepare<[string], { version: number; at: number; actor: number | null }>(
    'SELECT version, at, actor FROM settings_history WHERE key = ? ORDER BY version DESC',
  )
  const cache = new Map<SettingKey, StoredSetting<SettingKey> | null>()

  const put = db.transaction((key: SettingKey, value: string, expected: number, actor: number | null, at: number) => {
    const current = select.get(key)?.version ?? 0
    if (current !== expected) return { ok: false as const, reason: 'stale' as const, currentVersion: current }
    const row = { key, value, version: current + 1, at, actor }
    upsert.run(row)
    record.run(row)
    return { ok: true as const, version: current + 1 }
  })

  return {
    async get<K extends SettingKey>(key: K) {
      if (!cache.has(key)) {
        const row = select.get(key)
        cache.set(
          key,
          row ? { key, value: JSON.parse(row.value) as SettingValues[K], version: row.version, updatedAt: row.updated_at, updatedBy: row.updated_by } : null,
        )
      }
      return (cache.get(key) ?? undefined) as StoredSetting<K> | undefined
    },
    async put(key, value, expectedVersion, actor, at) {
      // Immediate: it reads the version before it writes (see configure in writer-core.js).
      const result = put.immediate(key, JSON.stringify(value), expectedVersion, actor, at)
      cache.delete(key)
      return result
    },
    async history(key) {
      return history.all(key)
    },
  }
}
