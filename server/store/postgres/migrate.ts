import type { Pool } from 'pg'
import { sql as initial } from './migrations/001-initial'
import { sql as allowances } from './migrations/002-allowances'
import { sql as open311Keys } from './migrations/003-open311-keys'
import { sql as webhooks } from './migrations/004-webhooks'
import { sql as takeAllowances } from './migrations/005-take-allowances'
import { sql as embedOrigins } from './migrations/006-embed-origins-setting'
import { sql as channels } from './migrations/007-channels'
import { sql as kioskDevices } from './migrations/008-kiosk-devices'
import { sql as paperIntake } from './migrations/009-paper-intake'
import { sql as notifications } from './migrations/011-notifications'

export interface Migration {
  version: number
  name: string
  sql: string
}

/** Forward-only, one file each under migrations/. Never edit a shipped one: add the next. */
export const MIGRATIONS: Migration[] = [
  { version: 1, name: '001-initial', sql: initial },
  { version: 2, name: '002-allowances', sql: allowances },
  { version: 3, name: '003-open311-keys', sql: open311Keys },
  { version: 4, name: '004-webhooks', sql: webhooks },
  { version: 5, name: '005-take-allowances', sql: takeAllowances },
  { version: 6, name: '006-embed-origins-setting', sql: embedOrigins },
  { version: 7, name: '007-channels', sql: channels },
  { version: 8, name: '008-kiosk-devices', sql: kioskDevices },
  { version: 9, name: '009-paper-intake', sql: paperIntake },
  { version: 11, name: '011-notifications', sql: notifications },
]

/**
 * Any fixed number, the same in every instance: the advisory lock that lets one instance migrate while the
 * others starting at the same moment wait, then find the work done.
 */
const MIGRATION_LOCK = 4_726_100_114

/**
 * Applies the migrations not yet recorded in schema_migrations, each in its own transaction, so that a
 * failed upgrade leaves the schema of the last one that succeeded. Returns the version the schema is at.
 */
export async function migrate(pool: Pool): Promise<number> {
  const client = await pool.connect()
  try {
    // A session lock, held across the migrations' transactions; it goes with the connection if this process dies.
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK])
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
    const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version))
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue
      try {
        await client.query('BEGIN')
        await client.query(migration.sql)
        await client.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name])
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw new Error(`PostgreSQL migration ${migration.name} failed: ${(error as Error).message}`, { cause: error })
      }
    }
    return MIGRATIONS.at(-1)!.version
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {})
    client.release()
  }
}
