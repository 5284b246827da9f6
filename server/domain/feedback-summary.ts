import { type Channel, CHANNELS } from '../../shared/channels'
import { FEEDBACK_CATEGORIES } from '../../shared/feedback'
import { PETITION_TYPES } from '../../shared/petition-types'
import type { FeedbackSummary } from '../../shared/staff-feedback'
import type { SummaryCount } from '../store/feedback-store'
import type { Store } from '../store/store'
import { addDays, localDayStart } from '../../shared/dates'
import { scopeUnitOf, type Viewer } from './feedback-access'

interface Tally {
  received: number
  open: number
  overdueNow: number
  answeredOnTime: number
  answeredLate: number
  closedWithoutAnswer: number
  /** Answered items by working days to the answer. */
  answerDays: Map<number, number>
}

const empty = (): Tally => ({ received: 0, open: 0, overdueNow: 0, answeredOnTime: 0, answeredLate: 0, closedWithoutAnswer: 0, answerDays: new Map() })

/**
 * The median of a histogram (value → how many), the mean of the two middle values when the count is even;
 * null when it is empty. The summary's rows come grouped by working days, so the median is read from the
 * counts rather than from every item.
 */
export function histogramMedian(histogram: ReadonlyMap<number, number>): number | null {
  const values = [...histogram].filter(([, n]) => n > 0).sort(([a], [b]) => a - b)
  const total = values.reduce((sum, [, n]) => sum + n, 0)
  if (total === 0) return null
  const at = (position: number) => {
    let seen = 0
    for (const [value, n] of values) {
      seen += n
      if (position < seen) return value
    }
    throw new RangeError('position beyond the histogram')
  }
  return (at(Math.floor((total - 1) / 2)) + at(Math.floor(total / 2))) / 2
}

function count(tally: Tally, row: SummaryCount): void {
  tally.received += row.count
  if (row.state === 'open' || row.state === 'overdue') tally.open += row.count
  if (row.state === 'overdue') tally.overdueNow += row.count
  if (row.state === 'on_time') tally.answeredOnTime += row.count
  if (row.state === 'late') tally.answeredLate += row.count
  if (row.state === 'no_answer') tally.closedWithoutAnswer += row.count
  if ((row.state === 'on_time' || row.state === 'late') && row.answerDays !== null) {
    tally.answerDays.set(row.answerDays, (tally.answerDays.get(row.answerDays) ?? 0) + row.count)
  }
}

/**
 * Official indicator 8 (feedback handled on time): 2 points when every answered item was answered on time, 1
 * at 90 % or more, 0 below 90 % "or any dragging on" (DOMAIN.md) — an item still open past its deadline
 * gives 0 whatever the rate. Null when there is nothing to judge yet.
 */
export function indicator8(onTimeRate: number | null, overdueNow: number): FeedbackSummary['indicator8'] {
  if (overdueNow > 0) return 'below_90'
  if (onTimeRate === null) return null
  return onTimeRate === 1 ? 'all_on_time' : onTimeRate >= 0.9 ? 'at_least_90' : 'below_90'
}

/**
 * How the items received in a period were handled. An answer is on time when given by the resolve deadline;
 * items closed without an answer (duplicate, spam, closed after an unanswered information request) stay
 * out of the rate; an answer taken back by a reopen no longer counts.
 */
export function summarise(rows: readonly SummaryCount[], period: { from: string; to: string }): FeedbackSummary {
  const total = empty()
  const byCategory = new Map(FEEDBACK_CATEGORIES.map((c) => [c, empty()]))
  const byPetitionType = new Map(PETITION_TYPES.map((t) => [t, empty()]))
  const byChannel = new Map(CHANNELS.map((c) => [c, empty()]))
  const byUnit = new Map<string | null, Tally>()
  for (const row of rows) {
    count(total, row)
    count(byCategory.get(row.category)!, row)
    count(byPetitionType.get(row.petitionType)!, row)
    count(byChannel.get(row.channel)!, row)
    if (!byUnit.has(row.unitCode)) byUnit.set(row.unitCode, empty())
    count(byUnit.get(row.unitCode)!, row)
  }
  const answered = total.answeredOnTime + total.answeredLate
  const onTimeRate = answered === 0 ? null : total.answeredOnTime / answered
  const brief = ({ received, open, overdueNow }: Tally) => ({ received, open, overdueNow })
  return {
    from: period.from,
    to: period.to,
    received: total.received,
    open: total.open,
    overdueNow: total.overdueNow,
    answeredOnTime: total.answeredOnTime,
    answeredLate: total.answeredLate,
    closedWithoutAnswer: total.closedWithoutAnswer,
    onTimeRate,
    indicator8: indicator8(onTimeRate, total.overdueNow),
    medianAnswerWorkingDays: histogramMedian(total.answerDays),
    byCategory: [...byCategory].map(([category, t]) => ({ category, ...brief(t) })),
    byUnit: [...byUnit]
      // By code, items without a unit last.
      .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
      .map(([unitCode, t]) => ({
        unitCode,
        ...brief(t),
        answeredOnTime: t.answeredOnTime,
        answeredLate: t.answeredLate,
        medianAnswerWorkingDays: histogramMedian(t.answerDays),
      })),
    byPetitionType: [...byPetitionType].map(([petitionType, t]) => ({ petitionType, ...brief(t) })),
    byChannel: [...byChannel].map(([channel, t]) => ({ channel, ...brief(t), answeredOnTime: t.answeredOnTime, answeredLate: t.answeredLate })),
  }
}

/**
 * The summary of the items received from `from` to `to` (local days, both included) in the viewer's scope,
 * of one channel when `channel` is given: what GET /api/staff/feedback/summary answers, for the dashboard and
 * the period reports to reuse.
 */
export async function feedbackSummary(store: Store, viewer: Viewer, period: { from: string; to: string }, now: number, channel?: Channel): Promise<FeedbackSummary> {
  const rows = await store.feedback.summaryCounts(scopeUnitOf(viewer), localDayStart(period.from), localDayStart(addDays(period.to, 1)), now)
  return summarise(channel === undefined ? rows : rows.filter((row) => row.channel === channel), period)
}
