import * as v from 'valibot'
import { Code } from './catalog'
import { ChannelSchema } from './channels'
import { isCalendarDay } from './dates'
import type { LevelRates } from './scoring'

export const GROUP_BYS = ['unit', 'counter', 'procedure', 'question', 'day', 'week', 'month', 'channel'] as const
export type GroupBy = (typeof GROUP_BYS)[number]

/** Far enough either way for any report; past year 9999 the day keys would stop being YYYY-MM-DD. */
const FIRST_DAY = '2000-01-01'
const LAST_DAY = '2099-12-31'

const IsoDate = v.pipe(
  v.string(),
  v.isoDate('must be a date YYYY-MM-DD'),
  v.check(isCalendarDay, 'is not a day of the calendar'),
  v.check((day) => day >= FIRST_DAY && day <= LAST_DAY, `must be between ${FIRST_DAY} and ${LAST_DAY}`),
)

/** Dates are whole days in Asia/Ho_Chi_Minh, both ends included. */
export const StatsQuery = v.pipe(
  v.object({
    from: IsoDate,
    to: IsoDate,
    groupBy: v.optional(v.picklist(GROUP_BYS, `must be one of ${GROUP_BYS.join(', ')}`), 'unit'),
    /** Only responses of this unit, counter or procedure. */
    unit: v.optional(Code),
    counter: v.optional(Code),
    procedure: v.optional(Code),
    /** Only responses that came through this channel (shared/channels.ts). */
    channel: v.optional(ChannelSchema),
  }),
  v.forward(
    v.check((q) => q.from <= q.to, 'must not be after "to"'),
    ['from'],
  ),
  v.forward(
    v.check((q) => daysBetween(q.from, q.to) <= 3660, 'the period may span at most ten years'),
    ['to'],
  ),
)
export type StatsQuery = v.InferOutput<typeof StatsQuery>

function daysBetween(from: string, to: string): number {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000
}

export interface StatsGroup extends LevelRates {
  key: string
  label: { vi: string; en: string } | null
  /** Responses (or answers, when grouped by question) in the group. */
  responses: number
  /** Mean indicator points and the mean maximum, over forms that carry indicators. */
  scored: number
  meanScore: number | null
  meanMaxScore: number | null
}

export interface SatisfactionStats {
  from: string
  to: string
  groupBy: GroupBy
  total: StatsGroup
  groups: StatsGroup[]
}
