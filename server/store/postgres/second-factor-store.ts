import type { SecondFactorStore, TotpRecord } from '../second-factor-store'
import type { Database } from './database'

/** The second factor: each check-and-set is one statement, so that two requests with one code cannot both pass. */
export function postgresSecondFactorStore(db: Database): SecondFactorStore {
  return {
    async totp(staffId) {
      const [row] = await db.rows<TotpRecord>(
        `SELECT secret, created_at AS "createdAt", enabled_at AS "enabledAt", last_used_step AS "lastUsedStep" FROM staff_totp WHERE staff_id = $1`,
        [staffId],
      )
      return row
    },

    async startEnrolment(staffId, secret, now) {
      // An enabled secret is never overwritten, whatever runs at the same time.
      const { rowCount } = await db.query(
        `INSERT INTO staff_totp AS t (staff_id, secret, created_at) VALUES ($1, $2, $3)
          ON CONFLICT (staff_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_used_step = NULL
          WHERE t.enabled_at IS NULL`,
        [staffId, secret, now],
      )
      return rowCount === 1
    },

    async enable(staffId, secret, step, recoveryHashes, now) {
      return db.transaction(async (client) => {
        const { rowCount } = await client.query(
          'UPDATE staff_totp SET enabled_at = $1, last_used_step = $2 WHERE staff_id = $3 AND secret = $4 AND enabled_at IS NULL',
          [now, step, staffId, secret],
        )
        if (rowCount !== 1) return false
        await client.query('DELETE FROM staff_recovery_codes WHERE staff_id = $1', [staffId])
        await client.query('INSERT INTO staff_recovery_codes (staff_id, hash, created_at) SELECT $1, unnest($2::text[]), $3', [staffId, recoveryHashes, now])
        return true
      })
    },

    async useStep(staffId, step) {
      const { rowCount } = await db.query(
        `UPDATE staff_totp SET last_used_step = $1
          WHERE staff_id = $2 AND enabled_at IS NOT NULL AND (last_used_step IS NULL OR last_used_step < $1)`,
        [step, staffId],
      )
      return rowCount === 1
    },

    async useRecoveryCode(staffId, hash, now) {
      const { rowCount } = await db.query('UPDATE staff_recovery_codes SET used_at = $1 WHERE staff_id = $2 AND hash = $3 AND used_at IS NULL', [now, staffId, hash])
      const [{ n }] = (await db.rows<{ n: number }>('SELECT COUNT(*) AS n FROM staff_recovery_codes WHERE staff_id = $1 AND used_at IS NULL', [staffId])) as [{ n: number }]
      return { used: rowCount === 1, left: n }
    },
  }
}
