import { failureTimes, SESSION_AND_STAFF, type SessionAndStaffRow, STAFF_COLUMNS, type StaffRow, toAccount, toSessionAndStaff, withPasswordHash } from '../staff-rows'
import { type AuthEvent, type SessionRecord, type StaffAccount, type StaffStore, type StoredAuthEvent, UsernameTakenError } from '../staff-store'
import type { Database, Queryable } from './database'

/** Failed sign-ins since the last success (ids order the events, as on SQLite, whatever clocks say). */
const SUBJECT_FAILURES = `SELECT at FROM auth_events WHERE subject = $1 AND kind = 'sign_in_failed' AND at > $2
    AND id > COALESCE((SELECT MAX(id) FROM auth_events WHERE subject = $1 AND kind = 'sign_in_succeeded'), 0)
  ORDER BY id DESC LIMIT $3`
const PAIR_FAILURES = `SELECT at FROM auth_events WHERE subject = $1 AND client = $2 AND kind = 'sign_in_failed' AND at > $3
    AND id > COALESCE((SELECT MAX(id) FROM auth_events WHERE subject = $1 AND client = $2 AND kind = 'sign_in_succeeded'), 0)
  ORDER BY id DESC LIMIT $4`
const CLIENT_FAILURES = `SELECT at FROM auth_events WHERE client = $1 AND kind = 'sign_in_failed' AND at > $2 ORDER BY id DESC LIMIT $3`
const SIGNED_IN_FROM = `SELECT 1 FROM auth_events WHERE subject = $1 AND kind = 'sign_in_succeeded' AND at > $2 AND client = $3 LIMIT 1`

/**
 * Serialises createIfNone across instances starting together: the emptiness check and the inserts must see
 * one another.
 */
const SEED_LOCK = 4_726_100_115

async function insertStaff(client: Queryable, input: Parameters<StaffStore['create']>[0]): Promise<StaffAccount> {
  // ON CONFLICT rather than a check first: two administrators creating the same name at once get one account.
  const { rows } = await client.query<StaffRow>(
    `INSERT INTO staff (username, display_name, role, unit_code, password_hash, demo, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (username) DO NOTHING RETURNING ${STAFF_COLUMNS}`,
    [input.username, input.displayName, input.role, input.unitCode, input.passwordHash, input.demo ?? false, input.createdAt],
  )
  if (rows.length === 0) throw new UsernameTakenError(input.username)
  return toAccount(rows[0]!)
}

/** Staff accounts, sessions and the audit of authentication events, shared by every instance on the database. */
export function postgresStaffStore(db: Database): StaffStore {
  async function meta(key: string): Promise<string | undefined> {
    return (await db.rows<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]))[0]?.value
  }

  return {
    async create(input) {
      return insertStaff(db, input)
    },
    async findByUsername(username) {
      const [row] = await db.rows<StaffRow>(`SELECT ${STAFF_COLUMNS} FROM staff WHERE username = $1`, [username])
      return row ? withPasswordHash(row) : undefined
    },
    async findById(id) {
      const [row] = await db.rows<StaffRow>(`SELECT ${STAFF_COLUMNS} FROM staff WHERE id = $1`, [id])
      return row ? toAccount(row) : undefined
    },
    async list() {
      return (await db.rows<StaffRow>(`SELECT ${STAFF_COLUMNS} FROM staff ORDER BY id`)).map(toAccount)
    },
    async count() {
      return (await db.rows<{ n: number }>('SELECT COUNT(*) AS n FROM staff'))[0]!.n
    },
    async setPasswordHash(id, passwordHash) {
      await db.query('UPDATE staff SET password_hash = $1 WHERE id = $2', [passwordHash, id])
    },
    async deactivate(id) {
      await db.transaction(async (client) => {
        await client.query('UPDATE staff SET active = false, deactivated_at = $1 WHERE id = $2 AND active', [Date.now(), id])
        await client.query('DELETE FROM sessions WHERE staff_id = $1', [id])
      })
    },

    async createSession(s: SessionRecord) {
      await db.query(
        `INSERT INTO sessions (id_hash, staff_id, csrf_token, created_at, last_seen_at, expires_at, pending_second_factor)
          VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [s.idHash, s.staffId, s.csrfToken, s.createdAt, s.lastSeenAt, s.expiresAt, s.pendingSecondFactor],
      )
    },
    async findSession(idHash) {
      const [row] = await db.rows<SessionAndStaffRow>(`${SESSION_AND_STAFF}$1`, [idHash])
      return row ? toSessionAndStaff(row) : undefined
    },
    async touchSession(idHash, lastSeenAt) {
      await db.query('UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2', [lastSeenAt, idHash])
    },
    async deleteSession(idHash) {
      await db.query('DELETE FROM sessions WHERE id_hash = $1', [idHash])
    },
    async deleteStaleSessions(now, idleBefore) {
      return (await db.query('DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2', [now, idleBefore])).rowCount ?? 0
    },

    async logAuthEvent(e: AuthEvent) {
      await db.query(
        'INSERT INTO auth_events (at, kind, staff_id, subject, client, method, path, status, reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [e.at, e.kind, e.staffId ?? null, e.subject ?? null, e.client ?? null, e.method ?? null, e.path ?? null, e.status ?? null, e.reason ?? null],
      )
    },
    async authEvents() {
      return db.rows<StoredAuthEvent & Record<string, unknown>>(
        `SELECT id, at, kind, staff_id AS "staffId", subject, client, method, path, status, reason FROM auth_events ORDER BY id`,
      )
    },
    async signInFailures({ subject, client, since, limit, familiarSince }) {
      const [bySubject, byPair, byClient, familiar] = await Promise.all([
        db.rows<{ at: number }>(SUBJECT_FAILURES, [subject, since, limit]),
        db.rows<{ at: number }>(PAIR_FAILURES, [subject, client, since, limit]),
        db.rows<{ at: number }>(CLIENT_FAILURES, [client, since, limit]),
        db.rows(SIGNED_IN_FROM, [subject, familiarSince, client]),
      ])
      return { subject: failureTimes(bySubject), pair: failureTimes(byPair), client: failureTimes(byClient), familiar: familiar.length > 0 }
    },
    async subjectKey() {
      const value = await meta('auth_subject_key')
      if (value === undefined) throw new Error('meta.auth_subject_key is missing: the PostgreSQL migrations did not run')
      return value
    },

    async createIfNone(accounts, sharedPassword) {
      return db.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK])
        const { rows } = await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM staff')
        if (rows[0]!.n > 0) return false
        for (const account of accounts) await insertStaff(client, account)
        await client.query(`INSERT INTO meta (key, value) VALUES ('demo_staff_password', $1)
          ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [sharedPassword])
        return true
      })
    },
    async demoPassword() {
      const [{ n }] = (await db.rows<{ n: number }>('SELECT COUNT(*) AS n FROM staff WHERE demo AND active')) as [{ n: number }]
      if (n === 0) return undefined
      return meta('demo_staff_password')
    },
  }
}
