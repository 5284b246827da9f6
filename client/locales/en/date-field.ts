import type vi from '../vi/date-field'

const en: typeof vi = {
  dateField: {
    placeholder: 'dd/mm/yyyy',
    hint: 'day/month/year, e.g. 01/07/2026',
    pick: 'Pick on a calendar',
    pickFor: 'Pick on a calendar: {label}',
    empty: 'Enter a date as dd/mm/yyyy.',
    format: 'Not a date. Type day/month/year, e.g. 01/07/2026.',
    month: 'There is no month {month}: months run from 01 to 12.',
    day: 'There is no {typed}: {month} has {days} days.',
  },
}
export default en
