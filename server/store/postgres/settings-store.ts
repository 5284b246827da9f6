import type { SettingKey, SettingsStore, SettingValues, StoredSetting } from '../settings-store'
import type { Database } from './database'

interface SettingRow {
  value: unknown
  version: number
  updated_at: number
  updated_by: number | null
}

/**
 * Settings as JSON documents, checked with the shared schemas before they get here. Read from the database
 * each time: another instance may have saved them, and a primary-key read costs less than keeping caches of
 * several instances in step.
 */
export function postgresSettingsStore(db: Database): SettingsStore {
  return {
    async get<K extends SettingKey>(key: K) {
      const [row] = await db.rows<SettingRow>('SELECT value, version, updated_at, updated_by FROM settings WHERE key = $1', [key])
      return row
        ? ({ key, value: row.value as SettingValues[K], version: row.version, updatedAt: row.updated_at, updatedBy: row.updated_by } satisfies StoredSetting<K>)
        : undefined
    },
    async put(key, value, expectedVersion, actor, at) {
      const text = JSON.stringify(value)
      return db.transaction(async (client) => {
        // Compare and set in one statement: of two administrators saving over one version, one wins.
        const { rowCount } =
          expectedVersion === 0
            ? await client.query(
                'INSERT INTO settings (key, value, version, updated_at, updated_by) VALUES ($1, $2, 1, $3, $4) ON CONFLICT (key) DO NOTHING',
                [key, text, at, actor],
              )
            : await client.query('UPDATE settings SET value = $2, version = version + 1, updated_at = $3, updated_by = $4 WHERE key = $1 AND version = $5', [
                key,
                text,
                at,
                actor,
                expectedVersion,
              ])
        if (rowCount !== 1) {
          const [current] = (await client.query<{ version: number }>('SELECT version FROM settings WHERE key = $1', [key])).rows
          return { ok: false as const, reason: 'stale' as const, currentVersion: current?.version ?? 0 }
        }
        const version = expectedVersion + 1
        await client.query('INSERT INTO settings_history (key, version, value, at, actor) VALUES ($1, $2, $3, $4, $5)', [key, version, text, at, actor])
        return { ok: true as const, version }
      })
    },
    async history(key) {
      return db.rows('SELECT version, at, actor FROM settings_history WHERE key = $1 ORDER BY version DESC', [key])
    },
  }
}
