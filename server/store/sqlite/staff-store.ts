import type Database from 'better-sqlite3'
import { failureTimes, SESSION_AND_STAFF, type SessionAndStaffRow, STAFF_COLUMNS, type StaffRow, toAccount, toSessionAndStaff, withPasswordHash } from '../staff-rows'
import { type AuthEvent, type NewStaff, type StaffAccount, type StaffStore, type StoredAuthEvent, UsernameTakenError } from '../staff-store'

/**
 * The staff part of the SQLite store. It writes through the store's own connection, not the responses'
 * writer thread: sign-ins and sessions are few, and a sign-in must see its own writes at once.
 */
export function sqliteStaffStore(db: Database.Database): StaffStore {
  const byUsername = db.prepare<[string], StaffRow>(`SELECT ${STAFF_COLUMNS} FROM staff WHERE username = ?`)
  const byId = db.prepare<[number | bigint], StaffRow>(`SELECT ${STAFF_COLUMNS} FROM staff WHERE id = ?`)
  const insertStaff = db.prepare(`INSERT INTO staff (username, display_name, role, unit_code, password_hash, demo, created_at)
    VALUES (@username, @displayName, @role, @unitCode, @passwordHash, @demo, @createdAt)`)
  const sessionAndStaff = db.prepare<[string], SessionAndStaffRow>(`${SESSION_AND_STAFF}?`)
  const insertEvent = db.prepare(`INSERT INTO auth_events (at, kind, staff_id, subject, client, method, path, status, reason)
    VALUES (@at, @kind, @staffId, @subject, @client, @method, @path, @status, @reason)`)
  const subjectFailures = db.prepare(`SELECT at FROM auth_events WHERE subject = @subject AND kind = 'sign_in_failed' AND at > @since
      AND id > COALESCE((SELECT MAX(id) FROM auth_events WHERE subject = @subject AND kind = 'sign_in_succeeded'), 0)
    ORDER BY id DESC LIMIT @limit`)
  const pairFailures = db.prepare(`SELECT at FROM auth_events WHERE subject = @subject AND client = @client AND kind = 'sign_in_failed'
      AND at > @since
      AND id > COALESCE((SELECT MAX(id) FROM auth_events WHERE subject = @subject AND client = @client AND kind = 'sign_in_succeeded'), 0)
    ORDER BY id DESC LIMIT @limit`)
  const clientFailures = db.prepare(`SELECT at FROM auth_events WHERE client = @client AND kind = 'sign_in_failed' AND at > @since
    ORDER BY id DESC LIMIT @limit`)
  const signedInFrom = db.prepare(`SELECT 1 FROM auth_events WHERE subject = @subject AND kind = 'sign_in_succeeded' AND at > @familiarSince
    AND client = @client LIMIT 1`)
  const meta = db.prepare('SELECT value FROM meta WHERE key = ?')

  function insert(input: NewStaff): StaffAccount {
    if (byUsername.get(input.username)) throw new UsernameTakenError(input.username)
    const { lastInsertRowid } = insertStaff.run({ ...input, demo: input.demo ? 1 : 0 })
    return toAccount(byId.get(lastInsertRowid)!)
  }

  return {
    async create(input) {
      // Immediate: it reads whether the username is taken before it writes (see configure in writer-core.js).
      return db.transaction(insert).immediate(input)
    },
    async findByUsername(username) {
      const row = byUsername.get(username)
      return row ? withPasswordHash(row) : undefined
    },
    async findById(id) {
      const row = byId.get(id)
      return row ? toAccount(row) : undefined
    },
    async list() {
      return db.prepare<[], StaffRow>(`SELECT ${STAFF_COLUMNS} FROM staff ORDER BY id`).all().map(toAccount)
    },
    async count() {
      return (db.prepare('SELECT COUNT(*) AS n FROM staff').get() as { n: number }).n
    },
    async setPasswordHash(id, passwordHash) {
      db.prepare('UPDATE staff SET password_hash = ? WHERE id = ?').run(passwordHash, id)
    },
    async deactivate(id) {
      db.transaction(() => {
        db.prepare('UPDATE staff SET active = 0, deactivated_at = ? WHERE id = ? AND active = 1').run(Date.now(), id)
        db.prepare('DELETE FROM sessions WHERE staff_id = ?').run(id)
      }).immediate()
    },

    async createSession(s) {
      db.prepare(`INSERT INTO sessions (id_hash, staff_id, csrf_token, created_at, last_seen_at, expires_at, pending_second_factor)
        VALUES (?, ?, ?, ?, ?, ?, ?)`).run(s.idHash, s.staffId, s.csrfToken, s.createdAt, s.lastSeenAt, s.expiresAt, s.pendingSecondFactor ? 1 : 0)
    },
    async findSession(idHash) {
      const row = sessionAndStaff.get(idHash)
      return row ? toSessionAndStaff(row) : undefined
    },
    async touchSession(idHash, lastSeenAt) {
      db.prepare('UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?').run(lastSeenAt, idHash)
    },
    async deleteSession(idHash) {
      db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash)
    },
    async deleteStaleSessions(now, idleBefore) {
      return db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?').run(now, idleBefore).changes
    },

    async logAuthEvent(e: AuthEvent) {
      insertEvent.run({
        at: e.at,
        kind: e.kind,
        staffId: e.staffId ?? null,
        subject: e.subject ?? null,
        client: e.client ?? null,
        method: e.method ?? null,
        path: e.path ?? null,
        status: e.status ?? null,
        reason: e.reason ?? null,
      })
    },
    async authEvents() {
      const rows = db.prepare('SELECT * FROM auth_events ORDER BY id').all() as Record<string, unknown>[]
      return rows.map((r) => ({
        id: r.id as number,
        at: r.at as number,
        kind: r.kind as StoredAuthEvent['kind'],
        staffId: r.staff_id as number | null,
        subject: r.subject as string | null,
        client: r.client as string | null,
        method: r.method as string | null,
        path: r.path as string | null,
        status: r.status as number | null,
        reason: r.reason as string | null,
      }))
    },
    async signInFailures({ subject, client, since, limit, familiarSince }) {
      return {
        subject: failureTimes(subjectFailures.all({ subject, since, limit }) as { at: number }[]),
        pair: failureTimes(pairFailures.all({ subject, client, since, limit }) as { at: number }[]),
        client: failureTimes(clientFailures.all({ client, since, limit }) as { at: number }[]),
        familiar: signedInFrom.get({ subject, client, familiarSince }) !== undefined,
      }
    },
    async subjectKey() {
      const row = meta.get('auth_subject_key') as { value: string } | undefined
      if (!row) throw new Error('meta.auth_subject_key is missing: the staff migration did not run')
      return row.value
    },

    async createIfNone(accounts, sharedPassword) {
      return db.transaction(() => {
        if ((db.prepare('SELECT COUNT(*) AS n FROM staff').get() as { n: number }).n > 0) return false
        for (const account of accounts) insert(account)
        db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run('demo_staff_password', sharedPassword)
        return true
      }).immediate()
    },
    async demoPassword() {
      const { n } = db.prepare('SELECT COUNT(*) AS n FROM staff WHERE demo = 1 AND active = 1').get() as { n: number }
      if (n === 0) return undefined
      return (meta.get('demo_staff_password') as { value: string } | undefined)?.value
    },
  }
}
