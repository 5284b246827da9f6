import { type StaffRole, UNIT_ROLES } from '../../shared/staff'

/** What the rules need to know of the unit an account names. */
export interface UnitFacts {
  active: boolean
  isInspectorate: boolean
}

/**
 * The unit a role needs (roles.ts): unit staff and unit heads work in one unit, inspectors in the inspectorate
 * (Văn phòng – Thanh tra), leadership and administrators in none. Returns the problem with `unitCode`, or
 * undefined when the pair is fine. The store checks it in the transaction that writes the account, against the
 * unit as it stands then, as it would a constraint of the schema.
 */
export function accountUnitProblem(role: StaffRole, unitCode: string | null, unit: UnitFacts | undefined): string | undefined {
  if (!UNIT_ROLES.includes(role)) return unitCode === null ? undefined : `must be null for the role ${role}: it belongs to no single unit`
  if (unitCode === null) return `is required for the role ${role}`
  if (!unit || !unit.active) return `no active unit has the code ${unitCode}`
  if (role === 'inspector' && !unit.isInspectorate) return `an inspector belongs to the inspectorate (Văn phòng – Thanh tra), and ${unitCode} is not it`
  return undefined
}
