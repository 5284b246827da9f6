import type { StaffAccountOf, StaffRole } from '../../shared/staff'

export type StaffAccount = StaffAccountOf<number>

export interface StaffWithHash extends StaffAccount {
  passwordHash: string
}

export interface NewStaff {
  username: string
  displayName: string
  role: StaffRole
  unitCode: string | null
  passwordHash: string
  demo?: boolean
  createdAt: number
}

export interface SessionRecord {
  /** SHA-256 of the token in the cookie: a copy of the database cannot be replayed as sessions. */
  idHash: string
  staffId: number
  csrfToken: string
  createdAt: number
  lastSeenAt: number
  /** The absolute time-out, fixed at sign-in. */
  expiresAt: number
  /** Past the password only: the second factor is still to come, and the session opens nothing else. */
  pendingSecondFactor: boolean
}

export type AuthEventKind =
  | 'sign_in_succeeded'
  | 'sign_in_failed'
  | 'sign_in_locked'
  | 'sign_out'
  | 'access_refused'
  /** The password was right; the second factor comes next (not a success: the failure counts go on). */
  | 'password_accepted'
  | 'second_factor_enrolled'
  | 'second_factor_reset'
  | 'recovery_code_used'

/**
 * One row of the append-only `auth_events` table. Never a password, a token or the username as typed: a
 * known account is named by its id, an attempt by a keyed hash of the username (`subject`), the client by
 * its address truncated to /24 (IPv4) or /48 (IPv6).
 */
export interface AuthEvent {
  at: number
  kind: AuthEventKind
  staffId?: number | null
  subject?: string | null
  client?: string | null
  method?: string | null
  path?: string | null
  status?: number | null
  reason?: string | null
}

export interface StoredAuthEvent extends Required<AuthEvent> {
  id: number
}

export class UsernameTakenError extends Error {
  constructor(username: string) {
    super(`the username ${username} is taken`)
  }
}

/** Staff accounts, their sessions and the audit of authentication events. */
export interface StaffStore {
  /** Throws UsernameTakenError if the (normalised) username exists, active or not. */
  create(input: NewStaff): Promise<StaffAccount>
  findByUsername(username: string): Promise<StaffWithHash | undefined>
  findById(id: number): Promise<StaffAccount | undefined>
  list(): Promise<StaffAccount[]>
  count(): Promise<number>
  setPasswordHash(id: number, passwordHash: string): Promise<void>
  /** Deactivates the account and ends its sessions. */
  deactivate(id: number): Promise<void>

  createSession(session: SessionRecord): Promise<void>
  findSession(idHash: string): Promise<{ session: SessionRecord; staff: StaffAccount } | undefined>
  touchSession(idHash: string, lastSeenAt: number): Promise<void>
  deleteSession(idHash: string): Promise<void>
  /** Removes sessions past their absolute time-out or idle since before `idleBefore`. */
  deleteStaleSessions(now: number, idleBefore: number): Promise<number>

  logAuthEvent(event: AuthEvent): Promise<void>
  /** For audits and tests; newest last. */
  authEvents(): Promise<StoredAuthEvent[]>
  /**
   * Times of failed sign-ins since `since`, newest first, at most `limit` of each: for the subject from
   * anywhere, after its last successful sign-in; for the subject from this client network (`pair`), after
   * its last successful sign-in from there (a success resets these counts); for the client network, all.
   * `familiar`: whether the subject signed in successfully from this client network since `familiarSince`.
   */
  signInFailures(query: { subject: string; client: string; since: number; limit: number; familiarSince: number }): Promise<{
    subject: number[]
    pair: number[]
    client: number[]
    familiar: boolean
  }>
  /** The per-install secret keying the `subject` hashes, made by the migration. */
  subjectKey(): Promise<string>

  /**
   * Creates these accounts and keeps the password they share (read back by demoPassword while accounts marked
   * `demo` are active), in one transaction and only if there is no staff account yet, so that instances
   * starting together create them once. True if it did.
   */
  createIfNone(accounts: NewStaff[], sharedPassword: string): Promise<boolean>
  /** The shared password while active accounts marked `demo` exist, for the start command to print. */
  demoPassword(): Promise<string | undefined>
}
