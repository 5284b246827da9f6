import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { DEFAULT_DEADLINES } from '../../server/defaults/deadlines'
import { DEFAULT_CALENDAR } from '../../server/defaults/holidays'
import { fromValibotIssues } from '../../shared/api-error'
import {
  DeadlineConfig,
  deadlineFor,
  PETITION_TYPE_LABELS,
  PETITION_TYPES,
  reclassify,
  ruleFor,
  DeadlineRule,
  type ItemDeadlines,
} from '../../shared/petition-types'

const CAL = DEFAULT_CALENDAR
const CONFIG = DEFAULT_DEADLINES

function local(wallClock: string): number {
  return Date.parse(`${wallClock.replace(' ', 'T')}:00+07:00`)
}

function wall(epochMs: number | null): string | null {
  return epochMs === null ? null : new Date(epochMs + 7 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')
}

function readable(d: ItemDeadlines) {
  return { acceptBy: wall(d.acceptBy), resolveBy: wall(d.resolveBy), provisional: d.provisional }
}

// Monday 09/03/2026, mid-morning: a plain week with no holiday for a month.
const MONDAY = local('2026-03-09 10:00')

describe('the default deadlines (server/defaults/deadlines.ts)', () => {
  it('pass their own schema', () => {
    expect(v.safeParse(DeadlineConfig, CONFIG).success).toBe(true)
  })

  it('follow DOMAIN.md', () => {
    expect(CONFIG.rules.feedback).toMatchObject({ accept: null, resolve: { days: 15, unit: 'working' }, resolveFrom: 'receipt' })
    expect(CONFIG.rules.complaint).toMatchObject({
      accept: { days: 10 },
      resolve: { days: 30 },
      resolveComplex: { days: 45 },
      resolveFrom: 'acceptance',
    })
    expect(CONFIG.rules.denunciation).toMatchObject({ accept: { days: 7, unit: 'working' }, resolve: { days: 30 }, resolveFrom: 'acceptance' })
  })

  it('names each petition type in Vietnamese', () => {
    expect(PETITION_TYPES.map((t) => PETITION_TYPE_LABELS[t].vi)).toEqual(['Phản ánh, kiến nghị', 'Khiếu nại', 'Tố cáo'])
  })
})

describe('deadlineFor', () => {
  it('gives feedback 15 working days from receipt', () => {
    expect(readable(deadlineFor('feedback', MONDAY, CONFIG, CAL))).toEqual({ acceptBy: null, resolveBy: '2026-03-30 17:00', provisional: false })
  })

  it('gives feedback received on the eve of Tết 2026 until 13/03', () => {
    expect(wall(deadlineFor('feedback', local('2026-02-13 10:00'), CONFIG, CAL).resolveBy)).toBe('2026-03-13 17:00')
  })

  it('gives a complaint 10 days to accept and, until accepted, 30 days from that last day', () => {
    // 19/03 + 30 days = Saturday 18/04 → Monday 20/04.
    expect(readable(deadlineFor('complaint', MONDAY, CONFIG, CAL))).toEqual({
      acceptBy: '2026-03-19 17:00',
      resolveBy: '2026-04-20 17:00',
      provisional: true,
    })
  })

  it('counts a complaint from the day it was accepted, whatever the hour', () => {
    // 12/03 + 30 days = Saturday 11/04 → Monday 13/04.
    for (const acceptedAt of ['2026-03-12 09:00', '2026-03-12 18:30']) {
      expect(readable(deadlineFor('complaint', MONDAY, CONFIG, CAL, { acceptedAt: local(acceptedAt) }))).toEqual({
        acceptBy: '2026-03-19 17:00',
        resolveBy: '2026-04-13 17:00',
        provisional: false,
      })
    }
  })

  it('gives a complex complaint 45 days, past 30/4–1/5', () => {
    // 19/03 + 45 days = Sunday 03/05 → Monday 04/05.
    const deadlines = deadlineFor('complaint', MONDAY, CONFIG, CAL, { complex: true })
    expect([wall(deadlines.resolveBy), deadlines.complex]).toEqual(['2026-05-04 17:00', true])
  })

  it('ignores the complex mark where the type allows no longer time', () => {
    const deadlines = deadlineFor('feedback', MONDAY, CONFIG, CAL, { complex: true })
    expect([wall(deadlines.resolveBy), deadlines.complex]).toEqual(['2026-03-30 17:00', false])
  })

  it('does not let a complaint accept period end during Tết', () => {
    // 13/02 + 10 days = 23/02, the first day back.
    expect(wall(deadlineFor('complaint', local('2026-02-13 10:00'), CONFIG, CAL).acceptBy)).toBe('2026-02-23 17:00')
  })

  it('gives a denunciation 7 working days to accept, over the April breaks, and 30 days more', () => {
    expect(readable(deadlineFor('denunciation', local('2026-04-22 10:00'), CONFIG, CAL))).toEqual({
      acceptBy: '2026-05-06 17:00',
      resolveBy: '2026-06-05 17:00',
      provisional: true,
    })
  })

  it('counts a receipt after hours from the next working day for every type', () => {
    const late = local('2026-03-09 17:45')
    expect(wall(deadlineFor('feedback', late, CONFIG, CAL).resolveBy)).toBe('2026-03-31 17:00')
    expect(wall(deadlineFor('complaint', late, CONFIG, CAL).acceptBy)).toBe('2026-03-20 17:00')
  })

  it('ignores acceptedAt for a type that counts from receipt', () => {
    expect(deadlineFor('feedback', MONDAY, CONFIG, CAL, { acceptedAt: local('2026-03-20 10:00') }).resolveBy).toBe(
      deadlineFor('feedback', MONDAY, CONFIG, CAL).resolveBy,
    )
  })

  it('uses a category override for its type only', () => {
    const config = {
      ...CONFIG,
      overrides: [{ petitionType: 'feedback' as const, category: 'conduct' as const, rule: { ...CONFIG.rules.feedback, resolve: { days: 5, unit: 'working' as const } } }],
    }
    expect(wall(deadlineFor('feedback', MONDAY, config, CAL, { category: 'conduct' }).resolveBy)).toBe('2026-03-16 17:00')
    expect(wall(deadlineFor('feedback', MONDAY, config, CAL, { category: 'fees' }).resolveBy)).toBe('2026-03-30 17:00')
    expect(wall(deadlineFor('feedback', MONDAY, config, CAL).resolveBy)).toBe('2026-03-30 17:00')
    expect(ruleFor('complaint', config, 'conduct')).toBe(CONFIG.rules.complaint)
  })

  it('follows an edited time limit', () => {
    const config = { ...CONFIG, rules: { ...CONFIG.rules, feedback: { ...CONFIG.rules.feedback, resolve: { days: 20, unit: 'calendar' as const } } } }
    expect(wall(deadlineFor('feedback', MONDAY, config, CAL).resolveBy)).toBe('2026-03-30 17:00')
    expect(wall(deadlineFor('feedback', local('2026-03-10 10:00'), config, CAL).resolveBy)).toBe('2026-03-30 17:00')
  })
})

describe('reclassify', () => {
  const item = { petitionType: 'feedback' as const, receivedAt: MONDAY, category: 'conduct' as const }

  it('moves the clock to the new type, counted from the original receipt', () => {
    const result = reclassify(item, 'complaint', local('2026-03-12 10:00'), CONFIG, CAL)
    expect(result).toMatchObject({ petitionType: 'complaint', previousType: 'feedback', reclassifiedAt: local('2026-03-12 10:00') })
    expect(readable(result.deadlines)).toEqual({ acceptBy: '2026-03-19 17:00', resolveBy: '2026-04-20 17:00', provisional: true })
    expect(result.deadlines.resolveBy).not.toBe(deadlineFor('feedback', MONDAY, CONFIG, CAL).resolveBy)
    expect(result.lateAtOnce).toEqual({ accept: false, resolve: false })
  })

  it('gives the same deadlines whenever the reclassification happens', () => {
    const early = reclassify(item, 'denunciation', local('2026-03-10 10:00'), CONFIG, CAL)
    const later = reclassify(item, 'denunciation', local('2026-03-17 10:00'), CONFIG, CAL)
    expect(early.deadlines).toEqual(later.deadlines)
    // 7 working days from 09/03 → 18/03; 18/03 + 30 days → Friday 17/04.
    expect(readable(early.deadlines)).toEqual({ acceptBy: '2026-03-18 17:00', resolveBy: '2026-04-17 17:00', provisional: true })
  })

  it('goes back to the feedback clock when a complaint turns out to be feedback', () => {
    const result = reclassify({ ...item, petitionType: 'complaint' }, 'feedback', local('2026-03-11 10:00'), CONFIG, CAL)
    expect(readable(result.deadlines)).toEqual({ acceptBy: null, resolveBy: '2026-03-30 17:00', provisional: false })
  })

  it('flags a step of the new type that was already late when the item was reclassified', () => {
    const result = reclassify(item, 'denunciation', local('2026-04-01 10:00'), CONFIG, CAL)
    expect(result.lateAtOnce).toEqual({ accept: true, resolve: false })
  })

  it('applies the category override of the new type', () => {
    const config = {
      ...CONFIG,
      overrides: [{ petitionType: 'complaint' as const, category: 'conduct' as const, rule: { ...CONFIG.rules.complaint, accept: { days: 3, unit: 'working' as const } } }],
    }
    expect(wall(reclassify(item, 'complaint', MONDAY, config, CAL).deadlines.acceptBy)).toBe('2026-03-12 17:00')
  })
})

function firstPath(schema: v.GenericSchema, value: unknown): string {
  const result = v.safeParse(schema, value)
  expect(result.success).toBe(false)
  return result.success ? '' : fromValibotIssues(result.issues).path
}

describe('DeadlineRule and DeadlineConfig schemas', () => {
  const rule = CONFIG.rules.complaint

  it.each([
    ['counting from an acceptance the type does not have', { accept: null }, 'resolveFrom'],
    ['negative days', { resolve: { days: -1, unit: 'calendar' } }, 'resolve.days'],
    ['fractional days', { resolve: { days: 1.5, unit: 'calendar' } }, 'resolve.days'],
    ['an unknown unit', { resolve: { days: 30, unit: 'business' } }, 'resolve.unit'],
    ['no legal basis', { basis: undefined }, 'basis'],
  ])('refuses a rule with %s', (_label, change, path) => {
    expect(firstPath(DeadlineRule, { ...rule, ...change })).toBe(path)
  })

  it('refuses two overrides for the same petition type and category', () => {
    const override = { petitionType: 'feedback', category: 'fees', rule: CONFIG.rules.feedback }
    expect(firstPath(DeadlineConfig, { ...CONFIG, overrides: [override, override] })).toBe('overrides')
  })

  it('refuses a config missing a petition type', () => {
    const { denunciation: _omitted, ...rules } = CONFIG.rules
    expect(firstPath(DeadlineConfig, { ...CONFIG, rules })).toBe('rules.denunciation')
  })
})
