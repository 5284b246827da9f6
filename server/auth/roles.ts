import { ITEM_SCOPES, type StaffRole } from '../../shared/staff'

/*
 * The server's own rules about roles. The roles and the groups the staff pages share (who reads the inbox,
 * who reads the figures) are in shared/staff.ts.
 */

/**
 * Whether the staff member may see items of `unitCode` at all. Callers answer 404 (not 403) when this is
 * false, so that another unit's item cannot be told apart from one that does not exist.
 */
export function canSeeUnit(staff: { role: StaffRole; unitCode: string | null }, unitCode: string): boolean {
  switch (ITEM_SCOPES[staff.role]) {
    case 'every_unit':
      return true
    case 'own_unit':
      return staff.unitCode !== null && staff.unitCode === unitCode
    case 'none':
      return false
  }
}

/**
 * Roles whose accounts must have a second factor (auth/second-factor.ts): those that change who may do what
 * and those that read everything. Demo accounts are exempt: their password is printed at every start.
 */
export const SECOND_FACTOR_ROLES: readonly StaffRole[] = ['admin', 'leadership']
