import { describe, expect, it } from 'vitest'
import {
  NO_VALUE,
  formatDate,
  formatDateTime,
  formatDay,
  formatNumber,
  formatPercent,
  formatPeriod,
  formatPeriodKey,
  formatScore,
  formatShortKey,
  formatWeekday,
  localized,
  sortByName,
} from '../../client/format'

describe('formatPercent', () => {
  it('writes a Vietnamese decimal comma in vi and a point in en, at most two decimals', () => {
    expect(formatPercent(85.71, 'vi')).toBe('85,71%')
    expect(formatPercent(85.71, 'en')).toBe('85.71%')
    expect(formatPercent(38.5, 'vi')).toBe('38,5%')
    expect(formatPercent(33.333, 'en')).toBe('33.33%')
  })

  it('keeps whole rates whole and never shows 0% for a rate with no forms behind it', () => {
    expect(formatPercent(100, 'vi')).toBe('100%')
    expect(formatPercent(0, 'vi')).toBe('0%')
    expect(formatPercent(null, 'vi')).toBe(NO_VALUE)
  })
})

describe('formatNumber and formatScore', () => {
  it('groups thousands the way each language does', () => {
    expect(formatNumber(1234567, 'vi')).toBe('1.234.567')
    expect(formatNumber(1234567, 'en')).toBe('1,234,567')
  })

  it('shows the mean indicator score against its maximum', () => {
    expect(formatScore(7.57, 12, 'vi')).toBe('7,57 / 12')
    expect(formatScore(7.57, 12, 'en')).toBe('7.57 / 12')
    expect(formatScore(null, null, 'vi')).toBe(NO_VALUE)
  })
})

describe('period labels', () => {
  const period = { from: '2026-11-04', to: '2026-11-28' }

  it('writes periods dd/MM/yyyy', () => {
    expect(formatPeriod(period)).toBe('04/11/2026 – 28/11/2026')
    expect(formatPeriod({ from: '2026-01-01', to: '2026-01-01' })).toBe('01/01/2026')
  })

  it('labels days, weeks clipped to the period, and months', () => {
    expect(formatPeriodKey('2026-11-05', 'day', period)).toBe('05/11/2026')
    expect(formatPeriodKey('2026-11-02', 'week', period)).toBe('04/11/2026 – 08/11/2026')
    expect(formatPeriodKey('2026-11', 'month', period)).toBe('11/2026')
    expect(formatShortKey('2026-11-02', 'week', period)).toBe('04/11')
    expect(formatShortKey('2026-11', 'month', period)).toBe('11/2026')
  })
})

const group = (key: string, vi: string, en: string) => ({ key, label: { vi, en } })

describe('sortByName', () => {
  const groups = [
    group('', 'Không nêu thủ tục', 'Procedure not stated'),
    group('HPH-LS', 'Hợp pháp hóa lãnh sự', 'Consular legalisation'),
    group('ABTC', 'Cho phép sử dụng thẻ ABTC', 'Approval to use the ABTC'),
    group('CH-TT', 'Đề nghị cấp công hàm', 'Diplomatic note'),
    { key: 'ZZ', label: null },
  ]

  it('orders by the name in the reading language, Vietnamese letters in their place, the unnamed procedure last', () => {
    expect(sortByName(groups, 'vi').map((g) => g.key)).toEqual(['ABTC', 'CH-TT', 'HPH-LS', 'ZZ', ''])
    expect(sortByName(groups, 'en').map((g) => g.key)).toEqual(['ABTC', 'HPH-LS', 'CH-TT', 'ZZ', ''])
  })

  it('leaves the server answer untouched', () => {
    sortByName(groups, 'vi')
    expect(groups[0]!.key).toBe('')
  })
})

describe('dates and times', () => {
  it.each([
    ['a day as dd/MM/yyyy', '2026-07-01', '01/07/2026'],
    ['a month as MM/yyyy', '2026-07', '07/2026'],
    ['a half-typed date as it is', '2026-07-', '2026-07-'],
    ['nothing as nothing', '', ''],
  ])('writes %s', (_what, day, shown) => {
    expect(formatDay(day)).toBe(shown)
  })

  it('writes the Hà Tĩnh day of an instant, from a timestamp or epoch milliseconds, and — for none', () => {
    expect(formatDate('2026-06-30T17:30:00Z')).toBe('01/07/2026')
    expect(formatDate(Date.parse('2026-06-30T16:59:59Z'))).toBe('30/06/2026')
    expect(formatDate(null)).toBe(NO_VALUE)
    expect(formatDate('')).toBe(NO_VALUE)
  })

  it('writes an instant with its Hà Tĩnh time, 24-hour, whatever the zone of the device', () => {
    expect(formatDateTime('2026-06-30T17:05:00Z')).toBe('01/07/2026 00:05')
    expect(formatDateTime('2026-07-01T09:45:30+07:00')).toBe('01/07/2026 09:45')
    expect(formatDateTime(Date.parse('2026-12-31T16:59:00Z'))).toBe('31/12/2026 23:59')
  })

  it('spells out the weekday of a day in the reading language', () => {
    expect(formatWeekday('2026-09-02', 'en')).toBe('Wednesday')
    expect(formatWeekday('2026-09-02', 'vi')).toBe('Thứ Tư')
  })
})

describe('localized', () => {
  it('picks the page language, Vietnamese for anything but English, and a fallback for no text', () => {
    const text = { vi: 'Khiếu nại', en: 'Complaint' }
    expect(localized(text, 'en')).toBe('Complaint')
    expect(localized(text, 'vi')).toBe('Khiếu nại')
    expect(localized(text, 'fr')).toBe('Khiếu nại')
    expect(localized(null, 'vi', '—')).toBe('—')
    expect(localized(undefined, 'en')).toBe('')
  })
})
