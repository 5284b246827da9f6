import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { DEMO_COUNTERS, DEMO_PROCEDURES, DEMO_UNITS } from '../../server/seed/demo-catalog'
import { DEFAULT_ROUTING_RULES } from '../../server/defaults/routing-rules'
import { fromValibotIssues } from '../../shared/api-error'
import { FEEDBACK_CATEGORIES, type FeedbackCategory } from '../../shared/feedback'
import { orderRules, routeFeedback, routingProblems, RoutingRules, type RoutableItem, type RoutingRule } from '../../shared/routing'

// Demo catalog: VP-TT is the inspectorate; HC-NGCV belongs to LS, ABTC to HTQT, BG-QL to BG;
// counter HCC-01 is run by LS, HCC-02 by HTQT, SNV-TN by VP-TT.
const CATALOG = { units: DEMO_UNITS, counters: DEMO_COUNTERS, procedures: DEMO_PROCEDURES }
const RULES = DEFAULT_ROUTING_RULES

function route(item: RoutableItem, rules: readonly RoutingRule[] = RULES) {
  return routeFeedback(item, rules, CATALOG)
}

function unitOf(item: RoutableItem, rules: readonly RoutingRule[] = RULES) {
  const result = route(item, rules)
  return result && [result.unitCode, result.ruleId]
}

describe('the default rules (server/defaults/routing-rules.ts)', () => {
  it('pass their own schema and fit the demo catalog', () => {
    expect(v.safeParse(RoutingRules, RULES).success).toBe(true)
    expect(routingProblems(RULES, CATALOG)).toEqual([])
  })

  it('send conduct to the inspectorate whatever the procedure and counter', () => {
    expect(unitOf({ category: 'conduct', procedure: 'ABTC', counter: 'HCC-02' })).toEqual(['VP-TT', 'conduct'])
    expect(unitOf({ category: 'conduct' })).toEqual(['VP-TT', 'conduct'])
  })

  it.each(['processing_time', 'dossier_requirements', 'fees', 'regulation'] as FeedbackCategory[])(
    'send %s to the unit owning the procedure, not the counter’s',
    (category) => {
      expect(unitOf({ category, procedure: 'ABTC', counter: 'HCC-01' })).toEqual(['HTQT', 'procedure-content'])
      expect(unitOf({ category, procedure: 'BG-QL' })).toEqual(['BG', 'procedure-content'])
    },
  )

  it('send a delay without a procedure to the counter’s unit, saying so', () => {
    const result = route({ category: 'processing_time', counter: 'HCC-01' })
    expect([result?.unitCode, result?.target]).toEqual(['LS', 'counter_unit'])
    expect(result?.reason.en).toContain('no procedure given')
    expect(result?.reason.vi).toContain('không có thủ tục')
  })

  it('send a delay with an unknown procedure to the counter’s unit, saying why', () => {
    const result = route({ category: 'processing_time', procedure: 'GONE', counter: 'HCC-02' })
    expect(result?.unitCode).toBe('HTQT')
    expect(result?.reason.en).toContain('procedure GONE is not in the catalog')
  })

  it('send a delay with neither procedure nor counter to the inspectorate', () => {
    const result = route({ category: 'processing_time' })
    expect([result?.unitCode, result?.ruleId, result?.target]).toEqual(['VP-TT', 'procedure-content', 'inspectorate'])
    expect(result?.reason.en).toContain('no procedure given; no counter given')
  })

  it('send facilities to the counter’s unit even when the procedure belongs to another', () => {
    expect(unitOf({ category: 'facilities', procedure: 'HC-NGCV', counter: 'HCC-02' })).toEqual(['HTQT', 'facilities'])
    expect(unitOf({ category: 'facilities', counter: 'SNV-TN' })).toEqual(['VP-TT', 'facilities'])
    expect(unitOf({ category: 'facilities' })).toEqual(['VP-TT', 'facilities'])
  })

  it('send online services to the procedure owner, else the inspectorate (never the counter)', () => {
    expect(unitOf({ category: 'online_services', procedure: 'BG-QL', counter: 'HCC-01' })).toEqual(['BG', 'online-services'])
    expect(unitOf({ category: 'online_services', counter: 'HCC-02' })).toEqual(['VP-TT', 'online-services'])
  })

  it('send other matters to the counter’s unit, else the inspectorate', () => {
    expect(unitOf({ category: 'other', procedure: 'ABTC', counter: 'HCC-01' })).toEqual(['LS', 'other'])
    expect(unitOf({ category: 'other' })).toEqual(['VP-TT', 'other'])
  })

  it('route every category, with or without context, to a unit of the catalog', () => {
    const units = new Set(DEMO_UNITS.map((u) => u.code))
    for (const category of FEEDBACK_CATEGORIES) {
      for (const procedure of [undefined, null, 'HC-NGCV', 'GONE']) {
        for (const counter of [undefined, null, 'HCC-02', 'GONE']) {
          const result = route({ category, procedure, counter })
          expect(result && units.has(result.unitCode), `${category} ${procedure} ${counter}`).toBe(true)
        }
      }
    }
  })

  it('explain each result in both languages, starting with the rule’s note and naming the unit and the procedure', () => {
    const result = route({ category: 'fees', procedure: 'HC-NGCV' })!
    const rule = RULES.find((r) => r.id === result.ruleId)!
    expect(result.reason.vi).toBe(`${rule.note.vi} → Phòng Lãnh sự và Người Việt Nam ở nước ngoài, đơn vị chủ trì thủ tục Cấp hộ chiếu ngoại giao, hộ chiếu công vụ (HC-NGCV)`)
    expect(result.reason.en).toBe(`${rule.note.en} → Consular and Overseas Vietnamese Office, which owns the procedure Issuing diplomatic and official passports (HC-NGCV)`)
  })
})

describe('custom rules', () => {
  const abtcFees: RoutingRule = {
    id: 'abtc-fees',
    priority: 5,
    match: { categories: ['fees'], procedures: ['ABTC'] },
    targets: [{ unit: 'VP-TT' }],
    note: { vi: 'Phí thẻ ABTC do Văn phòng theo dõi', en: 'ABTC fees are followed by the Office' },
  }

  it('win when ranked ahead: first match wins, wherever the rule sits in the list', () => {
    const rules = [...RULES, abtcFees]
    expect(unitOf({ category: 'fees', procedure: 'ABTC' }, rules)).toEqual(['VP-TT', 'abtc-fees'])
    expect(route({ category: 'fees', procedure: 'ABTC' }, rules)?.reason.en).toBe('ABTC fees are followed by the Office → Office – Inspectorate (named by the rule)')
  })

  it('leave items they do not match to the defaults', () => {
    const rules = [...RULES, abtcFees]
    expect(unitOf({ category: 'fees', procedure: 'HC-NGCV' }, rules)).toEqual(['LS', 'procedure-content'])
    expect(unitOf({ category: 'processing_time', procedure: 'ABTC' }, rules)).toEqual(['HTQT', 'procedure-content'])
    expect(unitOf({ category: 'fees' }, rules)).toEqual(['VP-TT', 'procedure-content'])
  })

  it('lose when ranked behind a rule that also matches', () => {
    expect(unitOf({ category: 'fees', procedure: 'ABTC' }, [...RULES, { ...abtcFees, priority: 25 }])).toEqual(['HTQT', 'procedure-content'])
  })

  it('keep list order among equal priorities', () => {
    const first = { ...abtcFees, id: 'first', priority: 1, match: {}, targets: [{ unit: 'BG' }] }
    const second = { ...first, id: 'second', targets: [{ unit: 'LS' }] }
    expect(unitOf({ category: 'conduct' }, [first, second])).toEqual(['BG', 'first'])
    expect(unitOf({ category: 'conduct' }, [second, first])).toEqual(['LS', 'second'])
    expect(orderRules([second, { ...first, priority: 0 }]).map((r) => r.id)).toEqual(['first', 'second'])
  })

  it('match on a counter', () => {
    const desk: RoutingRule = { ...abtcFees, id: 'desk', priority: 1, match: { counters: ['SNV-TN'] }, targets: [{ unit: 'BG' }] }
    expect(unitOf({ category: 'conduct', counter: 'SNV-TN' }, [...RULES, desk])).toEqual(['BG', 'desk'])
    expect(unitOf({ category: 'conduct', counter: 'HCC-01' }, [...RULES, desk])).toEqual(['VP-TT', 'conduct'])
    expect(unitOf({ category: 'conduct' }, [...RULES, desk])).toEqual(['VP-TT', 'conduct'])
  })

  it('require every condition they state', () => {
    const narrow: RoutingRule = { ...abtcFees, id: 'narrow', priority: 1, match: { categories: ['fees'], procedures: ['ABTC'], counters: ['HCC-02'] } }
    expect(unitOf({ category: 'fees', procedure: 'ABTC', counter: 'HCC-02' }, [...RULES, narrow])?.[1]).toBe('narrow')
    expect(unitOf({ category: 'fees', procedure: 'ABTC', counter: 'HCC-01' }, [...RULES, narrow])?.[1]).toBe('procedure-content')
  })

  it('fall through to the next rule when none of their targets exists', () => {
    const stale: RoutingRule = { ...abtcFees, id: 'stale', priority: 1, match: { categories: ['conduct'] }, targets: [{ unit: 'CLOSED' }] }
    expect(unitOf({ category: 'conduct' }, [...RULES, stale])).toEqual(['VP-TT', 'conduct'])
    expect(routingProblems([...RULES, stale], CATALOG)).toEqual(['rule stale: unit CLOSED is not in the catalog'])
  })
})

describe('when nothing routes', () => {
  it('gives null without rules', () => {
    expect(route({ category: 'conduct' }, [])).toBeNull()
  })

  it('gives null when the catalog has no inspectorate and nothing else applies, and reports it', () => {
    const catalog = { ...CATALOG, units: DEMO_UNITS.filter((u) => !u.isInspectorate) }
    expect(routeFeedback({ category: 'conduct' }, RULES, catalog)).toBeNull()
    expect(routeFeedback({ category: 'facilities', counter: 'HCC-01' }, RULES, catalog)?.unitCode).toBe('LS')
    const problems = routingProblems(RULES, catalog)
    expect(problems[0]).toBe('the catalog has no inspectorate unit')
    expect(problems).toContain('an item of category conduct without procedure or counter reaches no unit')
  })

  it('reports conditions naming procedures or counters that do not exist', () => {
    const rule: RoutingRule = { id: 'x', priority: 1, match: { procedures: ['NOPE'], counters: ['NADA'] }, targets: ['inspectorate'], note: { vi: 'x', en: 'x' } }
    expect(routingProblems([...RULES, rule], CATALOG)).toEqual(['rule x: procedure NOPE is not in the catalog', 'rule x: counter NADA is not in the catalog'])
  })

  it('reports a category no rule reaches', () => {
    const rules = RULES.filter((r) => r.id !== 'fallback' && r.id !== 'other')
    expect(routingProblems(rules, CATALOG)).toEqual(['an item of category other without procedure or counter reaches no unit'])
  })
})

function firstPath(value: unknown): string {
  const result = v.safeParse(RoutingRules, value)
  expect(result.success).toBe(false)
  return result.success ? '' : fromValibotIssues(result.issues).path
}

describe('RoutingRules schema', () => {
  const rule = RULES[0]!

  it.each([
    ['an unknown category', { match: { categories: ['rudeness'] } }, '0.match.categories.0'],
    ['an empty category list', { match: { categories: [] } }, '0.match.categories'],
    ['an unknown condition', { match: { unit: 'LS' } }, '0.match.unit'],
    ['no targets', { targets: [] }, '0.targets'],
    ['an unknown target', { targets: ['leadership'] }, '0.targets.0'],
    ['a negative priority', { priority: -1 }, '0.priority'],
    ['a bad id', { id: 'has space' }, '0.id'],
    ['no note', { note: undefined }, '0.note'],
  ])('refuses a rule with %s', (_label, change, path) => {
    expect(firstPath([{ ...rule, ...change }])).toBe(path)
  })

  it('refuses two rules with the same id', () => {
    const result = v.safeParse(RoutingRules, [rule, { ...rule, priority: 99 }])
    expect(result.success ? '' : fromValibotIssues(result.issues).message).toBe('body: holds two rules with the same id')
  })
})
