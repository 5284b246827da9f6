import type Database from 'better-sqlite3'
import { sql as m001 } from './001-catalog-and-responses'
import { sql as m002 } from './002-staff-and-sessions'
import { sql as m003 } from './003-feedback'
import { sql as m004 } from './004-feedback-handling-and-settings'
import { sql as m005 } from './005-response-rollups'
import { sql as m006 } from './006-internal-notes-and-folded-search'
import { sql as m007 } from './007-admin-audit'
import { sql as m008 } from './008-feedback-summary-columns'
import { sql as m009 } from './009-answer-working-days'
import { sql as m010 } from './010-rollups-by-the-writer'
import { sql as m011 } from './011-partial-dossier-index'
import { sql as m012 } from './012-indicator-7-wording'
import { sql as m013 } from './013-second-factor'
import { sql as m014 } from './014-petition-type'
import { sql as m015 } from './015-open311-keys'
import { sql as m016 } from './016-webhooks'
import { sql as m017 } from './017-embed-origins-setting'
import { sql as m018 } from './018-channels'
import { sql as m019 } from './019-kiosk-devices'
import { sql as m020 } from './020-paper-intake'
import { sql as m021 } from './021-notifications'

export { ANSWER_TABLE_COLUMNS, RESPONSE_TABLE_COLUMNS } from './helpers'

/**
 * Forward-only migrations, one numbered file each, in the order they run; PRAGMA user_version records how many
 * ran. Never edit a shipped one (tests/server/migrations-frozen.test.ts): add the next file and list it here.
 * Each runs in its own transaction, so a failed upgrade leaves the previous schema intact.
 */
export const MIGRATIONS: string[] = [
  m001,
  m002,
  m003,
  m004,
  m005,
  m006,
  m007,
  m008,
  m009,
  m010,
  m011,
  m012,
  m013,
  m014,
  m015,
  m016,
  m017,
  m018,
  m019,
  m020,
  m021,
]

export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current >= MIGRATIONS.length) return MIGRATIONS.length
  // SQLite's procedure for rebuilding a table: foreign keys off (it cannot change inside a transaction, and
  // dropping a parent table would otherwise delete through its children), then checked before each commit.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number
  db.pragma('foreign_keys = OFF')
  try {
    for (let i = current; i < MIGRATIONS.length; i++) {
      db.transaction(() => {
        // Read again under the write lock: another process opening the file may have applied it meanwhile.
        if ((db.pragma('user_version', { simple: true }) as number) > i) return
        db.exec(MIGRATIONS[i]!)
        const broken = db.pragma('foreign_key_check') as { table: string; parent: string }[]
        if (broken.length > 0) throw new Error(`migration ${i + 1} leaves ${broken.length} row(s) of ${broken[0]!.table} without their ${broken[0]!.parent}`)
        db.pragma(`user_version = ${i + 1}`)
      }).immediate() // see configure in writer-core.js
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys}`)
  }
  return MIGRATIONS.length
}
