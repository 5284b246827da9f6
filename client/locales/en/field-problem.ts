import type vi from '../vi/field-problem'

const en: typeof vi = {
  required: 'Please fill this in.',
  unknownField: 'This field is not part of the request. Please reload the page and try again.',
  date: 'Not a date: type day/month/year, e.g. 01/07/2026.',
  periodOrder: 'The end date must be on or after the start date.',
  periodTooLong: 'The period is longer than ten years.',
  notInList: 'This value is not one of the choices.',
  wholeNumber: 'Please enter a whole number.',
  number: 'Please enter a number.',
  text: 'Please enter text.',
  yesNo: 'Please choose yes or no.',
  tooShort: 'Too short: at least {n} characters.',
  tooLong: 'Too long: at most {n} characters.',
  tooFew: 'At least {n} items are needed.',
  tooMany: 'At most {n} items.',
  atLeast: 'Must be at least {n}.',
  atMost: 'Must be at most {n}.',
  email: 'Not a valid email address.',
  phone: 'Not a valid phone number, e.g. 0912 345 678.',
  code: 'A code holds only letters, digits, dot, dash and underscore.',
  trackingCode: 'Not a valid tracking code (like ABCD-EFGH-JKM).',
  format: 'Not in the expected form.',
  notEmpty: 'This must not be empty.',
  invalid: 'Not a valid value.',
}
export default en
