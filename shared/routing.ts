import * as v from 'valibot'
import { Code, type Catalog, type Unit } from './catalog'
import { FeedbackCategory } from './feedback'
import { LocalizedText } from './i18n-text'

/**
 * Which unit handles an item: rules as data an administrator edits, tried in order of priority, first
 * match wins. A rule names where to send the item as a list of targets tried in turn, because the natural
 * owner is often unknown: a delay complaint filed without a procedure still has to reach someone.
 */

export const ROUTING_TARGET_KINDS = [
  /** The unit that owns the item's procedure (Procedure.unitCode). */
  'procedure_owner',
  /** The unit that runs the item's counter (Counter.unitCode). */
  'counter_unit',
  /** The unit marked isInspectorate: Văn phòng – Thanh tra Sở. */
  'inspectorate',
] as const

export const RoutingTarget = v.union(
  [v.picklist(ROUTING_TARGET_KINDS), v.strictObject({ unit: Code })],
  'must be procedure_owner, counter_unit, inspectorate or { unit: code }',
)
export type RoutingTarget = v.InferOutput<typeof RoutingTarget>

const NonEmptyList = <T extends v.GenericSchema>(item: T) => v.pipe(v.array(item), v.minLength(1, 'must not be empty: leave it out to match anything'))

export const RoutingRule = v.strictObject({
  id: Code,
  /** Lower runs first, like a ranked list; equal priorities keep their order in the list. */
  priority: v.pipe(v.number(), v.integer('must be a whole number'), v.minValue(0)),
  /** Every condition given must hold; a condition left out matches anything. */
  match: v.strictObject({
    categories: v.optional(NonEmptyList(FeedbackCategory)),
    procedures: v.optional(NonEmptyList(Code)),
    counters: v.optional(NonEmptyList(Code)),
  }),
  /** Tried in turn; the rule does not apply when none of them names a unit in the catalog. */
  targets: v.pipe(v.array(RoutingTarget), v.minLength(1, 'must name at least one target')),
  /** Why the rule exists, in words an applicant or a newcomer understands; the start of every reason. */
  note: LocalizedText,
})
export type RoutingRule = v.InferOutput<typeof RoutingRule>

export const RoutingRules = v.pipe(
  v.array(RoutingRule),
  v.check((rules) => new Set(rules.map((r) => r.id)).size === rules.length, 'holds two rules with the same id'),
)

export type RoutingCatalog = Pick<Catalog, 'units' | 'counters' | 'procedures'>

export interface RoutableItem {
  category: FeedbackCategory
  procedure?: string | null
  counter?: string | null
}

export interface RoutingResult {
  unitCode: string
  ruleId: string
  /** The target that named the unit. */
  target: RoutingTarget
  /** Stored with the item and shown to staff: the rule's note, where it went and what was missing. */
  reason: LocalizedText
}

/** Rules in the order they are tried. */
export function orderRules(rules: readonly RoutingRule[]): RoutingRule[] {
  // Array.prototype.sort is stable, which keeps list order among equal priorities.
  return [...rules].sort((a, b) => a.priority - b.priority)
}

function matches(rule: RoutingRule, item: RoutableItem): boolean {
  const { categories, procedures, counters } = rule.match
  if (categories && !categories.includes(item.category)) return false
  if (procedures && !(item.procedure && procedures.includes(item.procedure))) return false
  if (counters && !(item.counter && counters.includes(item.counter))) return false
  return true
}

type Resolution = { unit: Unit; how: LocalizedText } | { unit: null; missing: LocalizedText }

function resolve(target: RoutingTarget, item: RoutableItem, catalog: RoutingCatalog): Resolution {
  const unitByCode = (code: string) => catalog.units.find((u) => u.code === code)
  if (typeof target === 'object') {
    const unit = unitByCode(target.unit)
    return unit
      ? { unit, how: { vi: `${unit.name.vi} (đơn vị được chỉ định trong quy tắc)`, en: `${unit.name.en} (named by the rule)` } }
      : { unit: null, missing: { vi: `đơn vị ${target.unit} không có trong danh mục`, en: `unit ${target.unit} is not in the catalog` } }
  }
  if (target === 'inspectorate') {
    const unit = catalog.units.find((u) => u.isInspectorate)
    return unit
      ? { unit, how: { vi: `${unit.name.vi} (đơn vị thanh tra)`, en: `${unit.name.en} (the inspectorate)` } }
      : { unit: null, missing: { vi: 'danh mục chưa có đơn vị thanh tra', en: 'the catalog has no inspectorate unit' } }
  }
  const [code, list, thing] =
    target === 'procedure_owner'
      ? [item.procedure, catalog.procedures, { vi: 'thủ tục', en: 'procedure' }]
      : [item.counter, catalog.counters, { vi: 'quầy', en: 'counter' }]
  if (!code) return { unit: null, missing: { vi: `không có ${thing.vi}`, en: `no ${thing.en} given` } }
  const entry = list.find((e) => e.code === code)
  if (!entry) return { unit: null, missing: { vi: `${thing.vi} ${code} không có trong danh mục`, en: `${thing.en} ${code} is not in the catalog` } }
  const unit = unitByCode(entry.unitCode)
  if (!unit) {
    return {
      unit: null,
      missing: { vi: `đơn vị ${entry.unitCode} của ${thing.vi} ${code} không có trong danh mục`, en: `unit ${entry.unitCode} of ${thing.en} ${code} is not in the catalog` },
    }
  }
  // Named as people know them; the code beside, as staff find it on the dossier and in the catalog.
  return target === 'procedure_owner'
    ? { unit, how: { vi: `${unit.name.vi}, đơn vị chủ trì thủ tục ${entry.name.vi} (${code})`, en: `${unit.name.en}, which owns the procedure ${entry.name.en} (${code})` } }
    : { unit, how: { vi: `${unit.name.vi}, đơn vị phụ trách ${entry.name.vi} (${code})`, en: `${unit.name.en}, which runs ${entry.name.en} (${code})` } }
}

/**
 * The unit an item goes to and why. Null only when no rule names a unit in the catalog, which
 * `routingProblems` reports beforehand; the server then leaves the item to the inspector's view.
 */
export function routeFeedback(item: RoutableItem, rules: readonly RoutingRule[], catalog: RoutingCatalog): RoutingResult | null {
  for (const rule of orderRules(rules)) {
    if (!matches(rule, item)) continue
    const missing: LocalizedText[] = []
    for (const target of rule.targets) {
      const resolution = resolve(target, item, catalog)
      if (resolution.unit === null) {
        missing.push(resolution.missing)
        continue
      }
      const why = (lang: 'vi' | 'en') =>
        `${rule.note[lang]} → ${resolution.how[lang]}${missing.length > 0 ? ` (${missing.map((m) => m[lang]).join('; ')})` : ''}`
      return { unitCode: resolution.unit.code, ruleId: rule.id, target, reason: { vi: why('vi'), en: why('en') } }
    }
  }
  return null
}

/**
 * What an administrator should fix before saving the rules: units that do not exist, conditions naming
 * procedures or counters that do not exist, a catalog without an inspectorate, and categories no rule
 * can route whatever the item says.
 */
export function routingProblems(rules: readonly RoutingRule[], catalog: RoutingCatalog): string[] {
  const problems: string[] = []
  const units = new Set(catalog.units.map((u) => u.code))
  if (!catalog.units.some((u) => u.isInspectorate)) problems.push('the catalog has no inspectorate unit')
  for (const rule of rules) {
    for (const target of rule.targets) {
      if (typeof target === 'object' && !units.has(target.unit)) problems.push(`rule ${rule.id}: unit ${target.unit} is not in the catalog`)
    }
    for (const code of rule.match.procedures ?? []) {
      if (!catalog.procedures.some((p) => p.code === code)) problems.push(`rule ${rule.id}: procedure ${code} is not in the catalog`)
    }
    for (const code of rule.match.counters ?? []) {
      if (!catalog.counters.some((c) => c.code === code)) problems.push(`rule ${rule.id}: counter ${code} is not in the catalog`)
    }
  }
  // An item with neither procedure nor counter is the hardest case: if it routes, everything does.
  for (const category of FeedbackCategory.options) {
    if (routeFeedback({ category }, rules, catalog) === null) problems.push(`an item of category ${category} without procedure or counter reaches no unit`)
  }
  return problems
}
