import type { Store } from '../store/store'
import { answerWorkingDays } from './feedback-actions'
import { currentDeadlineRules } from './feedback-rules'

const BATCH = 1000

/**
 * Items answered before the working days to the answer were kept (migration 9) get them once, counted with
 * today's calendar, so that the median covers them too. Runs at start; a no-op once every answer has them.
 */
export async function fillMissingAnswerDays(store: Store): Promise<number> {
  const { calendar } = await currentDeadlineRules(store)
  let filled = 0
  for (;;) {
    const rows = await store.feedback.answersWithoutDays(BATCH)
    if (rows.length === 0) return filled
    const written = await store.feedback.fillAnswerDays(rows.map((r) => ({ id: r.id, answeredAt: r.answeredAt, days: answerWorkingDays(r.receivedAt, r.answeredAt, calendar) })))
    filled += written
    // Rows changed under us (answered again meanwhile) are not retried in this run.
    if (written < rows.length) return filled
  }
}
