import type { CatalogKind } from '../../shared/admin'
import type { Catalog, Unit } from '../../shared/catalog'
import { type RoutingCatalog, type RoutingRule, routingProblems } from '../../shared/routing'

/** A change to the active catalog that may leave feedback with nowhere to go. */
export type RiskyChange = { kind: CatalogKind; code: string; deactivate: true } | { kind: 'units'; code: string; deactivate: false; unit: Unit }

/**
 * The routing problems a change would add to the active catalog under the saved rules: a rule naming a unit,
 * counter or procedure that is going away, or no inspectorate left. Problems that exist already are not this
 * change's doing and do not block it.
 */
export function routingProblemsAdded(rules: readonly RoutingRule[], catalog: Pick<Catalog, 'units' | 'counters' | 'procedures'>, change: RiskyChange): string[] {
  const before = new Set(routingProblems(rules, catalog))
  const after: RoutingCatalog = { units: catalog.units, counters: catalog.counters, procedures: catalog.procedures }
  if (change.deactivate) {
    const list = after[change.kind] as { code: string }[]
    ;(after as Record<CatalogKind, unknown>)[change.kind] = list.filter((e) => e.code !== change.code)
  } else {
    after.units = catalog.units.map((u) => (u.code === change.code ? change.unit : u))
  }
  return routingProblems(rules, after).filter((p) => !before.has(p))
}
