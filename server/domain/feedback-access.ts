import { ITEM_SCOPES, type StaffRole } from '../../shared/staff'
import type { StaffContact } from '../../shared/staff-feedback'
import { canSeeUnit } from '../auth/roles'

/**
 * Who sees which items and whose contact details. An item outside the caller's scope answers exactly like
 * one that does not exist (404), so these decide visibility, never a 403.
 */

export interface Viewer {
  role: StaffRole
  unitCode: string | null
}

/**
 * Unit staff and heads see their unit's items; the inspectorate and leadership every item, including those
 * no routing rule placed in a unit; administrators none (they manage rules, not citizens' items).
 */
export function canSeeItem(viewer: Viewer, unitCode: string | null): boolean {
  return unitCode === null ? ITEM_SCOPES[viewer.role] === 'every_unit' : canSeeUnit(viewer, unitCode)
}

/** The one unit whose items the viewer may list, or null for every unit. */
export function scopeUnitOf(viewer: Viewer): string | null {
  return ITEM_SCOPES[viewer.role] === 'every_unit' ? null : viewer.unitCode
}

/** The viewer whose scope is one unit, or the whole department without one (for the dashboard and reports). */
export function unitViewer(unitCode: string | undefined): Viewer {
  return unitCode === undefined ? { role: 'leadership', unitCode: null } : { role: 'unit_head', unitCode }
}

/**
 * The contact details as the viewer may see them. The unit handling the item needs them to answer; the
 * inspectorate oversees that answers reach people, so it sees how to reach them but not a name the citizen
 * hid (FixMyStreet's rule: hidden from everyone but the responsible body). Leadership reads figures and
 * content, never personal data.
 */
export function contactFor(
  viewer: Viewer,
  item: { unitCode: string | null; hideName: boolean; contact: { name: string; phone: string | null; email: string | null } | null },
): StaffContact | null {
  if (item.contact === null) return null
  const handling = viewer.role !== 'leadership' && viewer.role !== 'admin' && viewer.unitCode !== null && viewer.unitCode === item.unitCode
  if (handling) return { name: item.contact.name, nameHidden: item.hideName, phone: item.contact.phone, email: item.contact.email }
  if (viewer.role === 'inspector') {
    return { name: item.hideName ? null : item.contact.name, nameHidden: item.hideName, phone: item.contact.phone, email: item.contact.email }
  }
  return null
}
