/**
 * Vietnamese phone numbers: read in the forms people type, stored in E.164 (`+84912345678`), shown as
 * Vietnamese write them (`0912 345 678`). Both sides show them through `formatVietnamesePhone`, so a staff
 * page and anything the server writes agree.
 *
 * How a number is grouped for reading (the national 0 prefix, never +84):
 * - mobile, ten digits (03, 05, 07, 08, 09): 4-3-3 — `0912 345 678`;
 * - landline, eleven digits with a 02x area code: Hà Nội (024) and TP Hồ Chí Minh (028) have three-digit
 *   area codes and eight-digit numbers, 3-4-4 — `024 3826 1234`; every other province a four-digit area code
 *   and a seven-digit number, 4-4-3 — `0239 3855 123` (Hà Tĩnh).
 * Anything else (a foreign number, a typing slip stored before validation) is shown as it was given.
 */

/**
 * A Vietnamese phone number in E.164 (`+84912345678`), or null. Accepts the forms people write: 0912 345
 * 678, 0912.345.678, +84 912 345 678, 0084…, and the common slip +84 0912…; mobile numbers (03, 05, 07,
 * 08, 09 and eight more digits) and landlines (02x area code, eleven digits in all).
 */
export function normaliseVietnamesePhone(input: string): string | null {
  const compact = input.trim().replace(/[\s.\-()]/g, '')
  const international = /^(?:\+84|0084)(\d+)$/.exec(compact)?.[1]
  const significant =
    international !== undefined ? international.replace(/^0/, '') : /^0\d+$/.test(compact) ? compact.slice(1) : null
  if (significant === null) return null
  return /^[35789]\d{8}$/.test(significant) || /^2\d{9}$/.test(significant) ? `+84${significant}` : null
}

/** Area codes (after the 0) of the two cities whose landline numbers have eight digits. */
const THREE_DIGIT_AREAS = ['24', '28']

/** `+84912345678` (or any form `normaliseVietnamesePhone` reads) → `0912 345 678`; see the rule above. */
export function formatVietnamesePhone(input: string): string {
  const e164 = normaliseVietnamesePhone(input)
  if (e164 === null) return input.trim()
  const national = `0${e164.slice(3)}`
  const grouping =
    national.length === 10 ? /^(\d{4})(\d{3})(\d{3})$/ : THREE_DIGIT_AREAS.includes(national.slice(1, 3)) ? /^(\d{3})(\d{4})(\d{4})$/ : /^(\d{4})(\d{4})(\d{3})$/
  return national.replace(grouping, '$1 $2 $3')
}

/** The `tel:` link of a number: E.164 when it is Vietnamese, else its digits and a leading plus as given. */
export function phoneHref(input: string): string {
  return `tel:${normaliseVietnamesePhone(input) ?? input.replace(/[^\d+]/g, '')}`
}
