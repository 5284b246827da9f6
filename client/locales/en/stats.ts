import type vi from '../vi/stats'
import { SATISFACTION_LEVEL_LABELS, TOTAL_LABEL } from '../../../shared/messages/figures'
import { sharedText, sharedTexts } from '../shared-text'

const en: typeof vi = {
  levels: sharedTexts(SATISFACTION_LEVEL_LABELS, 'en'),
  headline: {
    forms: 'no forms | {count} form | {count} forms',
  },
  table: {
    groupBy: {
      unit: 'Unit',
      counter: 'Counter',
      procedure: 'Procedure',
      question: 'Question',
      day: 'Day',
      week: 'Week',
      month: 'Month',
      channel: 'Channel',
    },
    by: {
      unit: 'unit',
      counter: 'counter',
      procedure: 'procedure',
      question: 'question',
      day: 'day',
      week: 'week',
      month: 'month',
      channel: 'channel',
    },
    caption: 'Satisfaction by {groupBy}, {period}',
    forms: 'Forms',
    count: 'Forms',
    share: 'Share',
    satisfied: 'Overall satisfaction',
    score: 'Mean score',
    total: sharedText(TOTAL_LABEL, 'en'),
    scrollHint: 'Wide table: swipe sideways to see every column.',
    noRows: 'No figures.',
  },
}

export default en
