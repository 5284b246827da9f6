import type vi from '../vi/stats'

const en: typeof vi = {
  levels: {
    very_satisfied: 'Very satisfied',
    satisfied: 'Satisfied',
    unsatisfied: 'Not satisfied',
  },
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
    },
    by: {
      unit: 'unit',
      counter: 'counter',
      procedure: 'procedure',
      question: 'question',
      day: 'day',
      week: 'week',
      month: 'month',
    },
    caption: 'Satisfaction by {groupBy}, {period}',
    forms: 'Forms',
    count: 'Forms',
    share: 'Share',
    satisfied: 'Overall satisfaction',
    score: 'Mean score',
    total: 'Total',
    scrollHint: 'Wide table: swipe sideways to see every column.',
    noRows: 'No figures.',
  },
}

export default en
