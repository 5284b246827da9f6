import * as v from 'valibot'

/**
 * Staff roles and the signed-in officer, as both sides know them: the server's guards (server/auth) and the
 * staff pages' menu (client/role-pages.ts) read the same lists, so the menu cannot offer a page the API
 * would refuse.
 *
 * Scope is by unit: unit staff and unit heads work on their own unit's items, the inspectorate (Văn phòng –
 * Thanh tra) oversees every unit and may reassign, leadership (Lãnh đạo Sở) reads everything. Administrators
 * manage accounts and rules, not citizens' items: someone who needs both gets two accounts, so that reading
 * personal data always goes through an account whose role says so.
 */
export const ROLES = ['unit_staff', 'unit_head', 'inspector', 'leadership', 'admin'] as const

export const StaffRole = v.picklist(ROLES, `must be one of ${ROLES.join(', ')}`)
export type StaffRole = v.InferOutput<typeof StaffRole>

/** Roles whose accounts must belong to a unit: their scope is that unit (or, for inspectors, the inspectorate). */
export const UNIT_ROLES: readonly StaffRole[] = ['unit_staff', 'unit_head', 'inspector']

/** Whose feedback items a role works on: every unit's, its own unit's, or none. */
export type ItemScope = 'every_unit' | 'own_unit' | 'none'
export const ITEM_SCOPES: Readonly<Record<StaffRole, ItemScope>> = {
  unit_staff: 'own_unit',
  unit_head: 'own_unit',
  inspector: 'every_unit',
  leadership: 'every_unit',
  admin: 'none',
}

/** Who may read the feedback inbox and its items (each within its scope): every role but administrators. */
export const FEEDBACK_READERS: readonly StaffRole[] = ROLES.filter((role) => ITEM_SCOPES[role] !== 'none')

/**
 * Who may read the satisfaction figures (the statistics API, the dashboard, the period report): leadership,
 * the inspectorate and administrators for the department, a unit head for their own unit.
 */
export const FIGURE_READERS: readonly StaffRole[] = ['leadership', 'inspector', 'admin', 'unit_head']

/**
 * A staff account, never its password hash. `Instant` is how times are written: ISO 8601 strings in the API's
 * answers (shared/admin.ts), epoch milliseconds in the server's store.
 */
export interface StaffAccountOf<Instant> {
  id: number
  /** Normalised (see server/auth/username.ts); unique. */
  username: string
  displayName: string
  role: StaffRole
  /** Null only for leadership and administrators, who belong to no single unit. */
  unitCode: string | null
  /** Accounts are deactivated, never deleted: items and the audit trail keep pointing at them. */
  active: boolean
  /** Created by the demo seed (and so holding the demo password). */
  demo: boolean
  createdAt: Instant
}

/** What sign-in and GET /api/staff/me answer: who is signed in, and the token for unsafe requests. */
export interface StaffMe {
  id: number
  username: string
  displayName: string
  role: StaffRole
  unitCode: string | null
  /** Send it back in X-CSRF-Token on every POST, PUT, PATCH and DELETE. */
  csrfToken: string
}

/**
 * Who may key paper rating forms and file feedback received by phone, letter or e-mail (issue 16): the officers
 * who receive citizens — unit staff and unit heads for their own unit's counters, the inspectorate for every
 * counter. Leadership reads and administrators manage accounts: neither takes in what citizens hand over.
 */
export const INTAKE_OFFICERS: readonly StaffRole[] = UNIT_ROLES
