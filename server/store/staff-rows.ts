import type { StaffRole } from '../../shared/staff'
import type { SessionRecord, StaffAccount, StaffWithHash } from './staff-store'

/**
 * Staff and session rows as both stores read them, and how they become the Store's records: one home
 * whatever SQL read them. A flag is SQLite's 0/1 or PostgreSQL's boolean.
 */
type Flag = boolean | number

/** A row of the staff table as STAFF_COLUMNS reads it; the administration's queries read it too. */
export interface StaffRow {
  id: number
  username: string
  display_name: string
  role: StaffRole
  unit_code: string | null
  password_hash: string
  active: Flag
  demo: Flag
  created_at: number
}

export const STAFF_COLUMNS = 'id, username, display_name, role, unit_code, password_hash, active, demo, created_at'

export const toAccount = (r: Omit<StaffRow, 'password_hash'>): StaffAccount => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  unitCode: r.unit_code,
  active: Boolean(r.active),
  demo: Boolean(r.demo),
  createdAt: r.created_at,
})

export const withPasswordHash = (r: StaffRow): StaffWithHash => ({ ...toAccount(r), passwordHash: r.password_hash })

/** A session with its account's row, as SESSION_AND_STAFF reads it. */
export interface SessionAndStaffRow extends StaffRow {
  id_hash: string
  staff_id: number
  csrf_token: string
  session_created_at: number
  last_seen_at: number
  expires_at: number
  pending_second_factor: Flag
}

/** A session and its account, one row; the caller adds the placeholder of its driver for `s.id_hash`. */
export const SESSION_AND_STAFF = `SELECT s.id_hash, s.staff_id, s.csrf_token, s.created_at AS session_created_at, s.last_seen_at, s.expires_at,
    s.pending_second_factor, ${STAFF_COLUMNS.split(', ').map((c) => `t.${c}`).join(', ')}
  FROM sessions s JOIN staff t ON t.id = s.staff_id WHERE s.id_hash = `

export function toSessionAndStaff(row: SessionAndStaffRow): { session: SessionRecord; staff: StaffAccount } {
  const session: SessionRecord = {
    idHash: row.id_hash,
    staffId: row.staff_id,
    csrfToken: row.csrf_token,
    createdAt: row.session_created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    pendingSecondFactor: Boolean(row.pending_second_factor),
  }
  return { session, staff: toAccount(row) }
}

/** The times of the sign-in failures a query read, newest first as it read them. */
export const failureTimes = (rows: { at: number }[]) => rows.map((r) => r.at)
