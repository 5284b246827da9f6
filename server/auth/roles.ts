/**
 * What each role may see. Scope is by unit: unit staff and unit heads work on their own unit's items, the
 * inspectorate (Văn phòng – Thanh tra) oversees every unit and may reassign, leadership (Lãnh đạo Sở) reads
 * everything. Administrators manage accounts and rules, not citizens' items: someone who needs both gets
 * two accounts, so that reading personal data always goes through an account whose role says so.
 */
export const ROLES = ['unit_staff', 'unit_head', 'inspector', 'leadership', 'admin'] as const
export type Role = (typeof ROLES)[number]

/** Roles whose accounts must belong to a unit: their scope is that unit (or, for inspectors, the inspectorate). */
export const UNIT_ROLES: readonly Role[] = ['unit_staff', 'unit_head', 'inspector']

/**
 * Who may read the satisfaction figures (the statistics API, the dashboard, the period report): leadership,
 * the inspectorate and administrators for the department, a unit head for their own unit (guards.unitInScope).
 */
export const FIGURE_READERS: readonly Role[] = ['leadership', 'inspector', 'admin', 'unit_head']

/**
 * Who may read the feedback inbox and its items (each within canSeeUnit): every role but administrators. The
 * client's menu (client/role-pages.ts) offers the inbox to these roles only.
 */
export const FEEDBACK_READERS: readonly Role[] = ['unit_staff', 'unit_head', 'inspector', 'leadership']

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/**
 * Whether the staff member may see items of `unitCode` at all. Callers answer 404 (not 403) when this is
 * false, so that another unit's item cannot be told apart from one that does not exist.
 */
export function canSeeUnit(staff: { role: Role; unitCode: string | null }, unitCode: string): boolean {
  switch (staff.role) {
    case 'inspector':
    case 'leadership':
      return true
    case 'unit_staff':
    case 'unit_head':
      return staff.unitCode !== null && staff.unitCode === unitCode
    case 'admin':
      return false
  }
}

/**
 * Roles whose accounts must have a second factor (auth/second-factor.ts): those that change who may do what
 * and those that read everything. Demo accounts are exempt: their password is printed at every start.
 */
export const SECOND_FACTOR_ROLES: readonly Role[] = ['admin', 'leadership']
