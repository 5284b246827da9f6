import type {
  AdminAccount as AccountWire,
  AdminCatalog,
  AdminEntry,
  AuditEntity,
  AuditEvent as AuditWire,
  CatalogInput,
  CatalogKind,
  ProcedureInput,
  QuestionnaireKeyInfo as KeyWire,
  QuestionnaireVersionInfo as VersionWire,
} from '../../shared/admin'
import type { Questionnaire } from '../../shared/questionnaire'
import type { StaffRole } from '../../shared/staff'
import type { NewStaff } from './staff-store'

/**
 * What administrators change: the catalog (units, counters, procedures), questionnaire versions and staff
 * accounts. Every change is one transaction that also appends its `admin_audit` row, so nothing changes
 * unrecorded. Nothing here is ever deleted: responses, feedback items and the audit point at it.
 */

// The catalog as administrators see it is the wire type itself; the records below are the wire types with
// their times as epoch ms, as the store keeps them (the routes write them out as ISO instants).
export type { AdminCatalog, AdminCounter, AdminEntry, AdminProcedure, AdminUnit } from '../../shared/admin'

/** Who made a change and when: every write takes it, so the audit row cannot be forgotten. */
export interface Actor {
  id: number
  at: number
}

/** Why a write was refused; routes turn each into a 4xx naming the field. */
export type Refusal =
  | { reason: 'not_found' }
  | { reason: 'duplicate' }
  /** The body breaks a rule that needs the stored data: a unit or questionnaire key that does not exist, a role without its unit. */
  | { reason: 'invalid'; field: string; message: string }
  /**
   * The stored state forbids it: `in_use` (active entries point at what would be deactivated), `last_admin`
   * (nobody would be left to administer), `inactive_unit` (reactivating under a unit that is not active),
   * `not_enrolled` (no second factor to reset).
   */
  | { reason: 'blocked'; code: 'in_use' | 'last_admin' | 'inactive_unit' | 'not_enrolled'; field: string; message: string }

export type Written<T> = { ok: true; value: T } | ({ ok: false } & Refusal)

export interface ImportRow {
  line: number
  procedure: ProcedureInput
}
export interface ImportApplied {
  created: string[]
  updated: string[]
  unchanged: string[]
}

export type QuestionnaireVersionInfo = Omit<VersionWire, 'publishedAt'> & { publishedAt: number }
export type QuestionnaireKeyInfo = Omit<KeyWire, 'versions'> & { versions: QuestionnaireVersionInfo[] }
export type AdminAccount = Omit<AccountWire, 'createdAt' | 'deactivatedAt'> & { createdAt: number; deactivatedAt: number | null }
export interface AccountChanges {
  displayName?: string
  role?: StaffRole
  unitCode?: string | null
}

export type AuditEvent = Omit<AuditWire, 'at'> & { at: number }
export interface AuditFilter {
  entity?: AuditEntity
  key?: string
  limit: number
  /** Only events with a smaller id (older). */
  before?: number
}

export interface AdminStore {
  catalog(): Promise<AdminCatalog>
  create<K extends CatalogKind>(kind: K, input: CatalogInput[K], actor: Actor): Promise<Written<AdminEntry[K]>>
  /** `input.code` must be the code of an existing entry; the code itself never changes. */
  update<K extends CatalogKind>(kind: K, input: CatalogInput[K], actor: Actor): Promise<Written<AdminEntry[K]>>
  setActive<K extends CatalogKind>(kind: K, code: string, active: boolean, actor: Actor): Promise<Written<AdminEntry[K]>>
  /** Creates or updates every row in one transaction; refused whole (`invalid`) if a unit went inactive meanwhile. */
  importProcedures(rows: ImportRow[], actor: Actor): Promise<Written<ImportApplied>>

  questionnaires(): Promise<QuestionnaireKeyInfo[]>
  questionnaireVersion(key: string, version: number): Promise<Questionnaire | undefined>
  /** Stores the definition as version highest + 1 and makes it the active one. */
  publishQuestionnaire(draft: Omit<Questionnaire, 'version'>, actor: Actor): Promise<Written<Questionnaire>>
  activateQuestionnaire(key: string, version: number, actor: Actor): Promise<Written<QuestionnaireKeyInfo>>

  accounts(): Promise<AdminAccount[]>
  account(id: number): Promise<AdminAccount | undefined>
  createAccount(input: NewStaff, actor: Actor): Promise<Written<AdminAccount>>
  /** Refuses (`last_admin`) to demote the last active administrator. */
  updateAccount(id: number, changes: AccountChanges, actor: Actor): Promise<Written<AdminAccount>>
  /** Sets the hash and ends every session of the account. */
  resetPassword(id: number, passwordHash: string, actor: Actor): Promise<Written<{ sessionsEnded: number }>>
  /**
   * Removes the account's second factor and recovery codes and ends its sessions: it enrols again at its next
   * sign-in (if its role requires a factor). Refuses (`not_enrolled`) an account without one.
   */
  resetSecondFactor(id: number, actor: Actor): Promise<Written<{ sessionsEnded: number }>>
  /** Deactivating ends every session; refuses (`last_admin`) the last active administrator. */
  setAccountActive(id: number, active: boolean, actor: Actor): Promise<Written<AdminAccount>>

  /** Newest first. */
  audit(filter: AuditFilter): Promise<AuditEvent[]>
}
