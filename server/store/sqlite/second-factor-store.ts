import type Database from 'better-sqlite3'
import type { SecondFactorStore, TotpRecord } from '../second-factor-store'

interface TotpRow {
  secret: string
  created_at: number
  enabled_at: number | null
  last_used_step: number | null
}

/** The second factor on the store's own connection: few writes, and each must be seen by the next request. */
export function sqliteSecondFactorStore(db: Database.Database): SecondFactorStore {
  const totpOf = db.prepare<[number], TotpRow>('SELECT secret, created_at, enabled_at, last_used_step FROM staff_totp WHERE staff_id = ?')
  const unusedLeft = db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM staff_recovery_codes WHERE staff_id = ? AND used_at IS NULL')

  return {
    async totp(staffId) {
      const row = totpOf.get(staffId)
      return row ? ({ secret: row.secret, createdAt: row.created_at, enabledAt: row.enabled_at, lastUsedStep: row.last_used_step } satisfies TotpRecord) : undefined
    },

    async startEnrolment(staffId, secret, now) {
      // One statement: an enabled secret is never overwritten, whatever runs at the same time.
      const { changes } = db
        .prepare(`INSERT INTO staff_totp (staff_id, secret, created_at) VALUES (?, ?, ?)
          ON CONFLICT (staff_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_used_step = NULL
          WHERE staff_totp.enabled_at IS NULL`)
        .run(staffId, secret, now)
      return changes === 1
    },

    async enable(staffId, secret, step, recoveryHashes, now) {
      return db
        .transaction(() => {
          const { changes } = db
            .prepare('UPDATE staff_totp SET enabled_at = ?, last_used_step = ? WHERE staff_id = ? AND secret = ? AND enabled_at IS NULL')
            .run(now, step, staffId, secret)
          if (changes !== 1) return false
          db.prepare('DELETE FROM staff_recovery_codes WHERE staff_id = ?').run(staffId)
          const insert = db.prepare('INSERT INTO staff_recovery_codes (staff_id, hash, created_at) VALUES (?, ?, ?)')
          for (const hash of recoveryHashes) insert.run(staffId, hash, now)
          return true
        })
        .immediate()
    },

    async useStep(staffId, step) {
      // Compare and set in one statement, so that two requests carrying the same code cannot both pass.
      const { changes } = db
        .prepare(`UPDATE staff_totp SET last_used_step = ?
          WHERE staff_id = ? AND enabled_at IS NOT NULL AND (last_used_step IS NULL OR last_used_step < ?)`)
        .run(step, staffId, step)
      return changes === 1
    },

    async useRecoveryCode(staffId, hash, now) {
      const { changes } = db
        .prepare('UPDATE staff_recovery_codes SET used_at = ? WHERE staff_id = ? AND hash = ? AND used_at IS NULL')
        .run(now, staffId, hash)
      return { used: changes === 1, left: unusedLeft.get(staffId)!.n }
    },
  }
}
