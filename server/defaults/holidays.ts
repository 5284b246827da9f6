import { addDays } from '../../shared/dates'
import type { DayOff, SwappedWorkingDay, WorkingCalendar } from '../../shared/working-days'

/**
 * Days off and swapped working Saturdays of the civil service, 2025–2027: the default working calendar,
 * edited by an administrator as new decisions come out (each year's Tết and swaps are decided in the
 * autumn before).
 *
 * Lunar dates are looked up, never computed. A name ending in "(verify)" / "(cần xác minh)" is our best
 * reading of the law before the year's decision: check it against the Ministry of Home Affairs' notice
 * and drop the mark. Weekend days inside a break are listed too, so the table reads like the notice.
 */

const VERIFY = { vi: ' (cần xác minh)', en: ' (verify)' }

function name(vi: string, en: string, unconfirmed = false) {
  return unconfirmed ? { vi: vi + VERIFY.vi, en: en + VERIFY.en } : { vi, en }
}

/** Every day from `first` to `last` inclusive, for a break the notice gives as a range. */
function range(first: string, last: string, entry: Omit<DayOff, 'date'>): DayOff[] {
  const days: DayOff[] = []
  for (let day = first; day <= last; day = addDays(day, 1)) days.push({ ...entry, date: day })
  return days
}

const NEW_YEAR = (unconfirmed = false) => name('Tết Dương lịch', "New Year's Day", unconfirmed)
const HUNG_KINGS = (unconfirmed = false) => name('Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'Hùng Kings Commemoration (10th day of the 3rd lunar month)', unconfirmed)
const REUNIFICATION = name('Ngày Chiến thắng (30/4)', 'Reunification Day (30 April)')
const LABOUR_DAY = name('Ngày Quốc tế Lao động (1/5)', "International Workers' Day (1 May)")
const NATIONAL_DAY = name('Quốc khánh (2/9)', 'National Day (2 September)')
const NATIONAL_DAY_ADJACENT = (unconfirmed = false) => name('Quốc khánh: ngày liền kề', 'National Day: the adjacent day', unconfirmed)

const LABOUR_CODE = 'Bộ luật Lao động 2019, Điều 112'
const COMPENSATORY_RULE = 'Bộ luật Lao động 2019, Điều 111 khoản 3'

const HOLIDAYS: DayOff[] = [
  // 2025
  { date: '2025-01-01', name: NEW_YEAR(), kind: 'holiday', source: LABOUR_CODE },
  ...range('2025-01-25', '2025-02-02', {
    name: name('Tết Nguyên đán Ất Tỵ', 'Lunar New Year (Tết) 2025'),
    kind: 'holiday',
    source: 'Thông báo của Bộ LĐTBXH về nghỉ Tết Âm lịch 2025 (25/01–02/02/2025)',
  }),
  { date: '2025-04-07', name: HUNG_KINGS(), kind: 'holiday', source: LABOUR_CODE },
  { date: '2025-04-30', name: REUNIFICATION, kind: 'holiday', source: LABOUR_CODE },
  { date: '2025-05-01', name: LABOUR_DAY, kind: 'holiday', source: LABOUR_CODE },
  {
    date: '2025-05-02',
    name: name('Nghỉ hoán đổi dịp 30/4–1/5 (làm bù thứ Bảy 26/4/2025)', 'Swapped day off around 30/4–1/5 (worked on Saturday 26/04/2025)', true),
    kind: 'swapped',
  },
  { date: '2025-09-01', name: NATIONAL_DAY_ADJACENT(), kind: 'holiday', source: LABOUR_CODE },
  { date: '2025-09-02', name: NATIONAL_DAY, kind: 'holiday', source: LABOUR_CODE },

  // 2026
  { date: '2026-01-01', name: NEW_YEAR(), kind: 'holiday', source: LABOUR_CODE },
  {
    date: '2026-01-02',
    name: name('Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)', "Swapped day off after New Year's Day (worked on Saturday 10/01/2026)"),
    kind: 'swapped',
    source: 'Văn bản 12729/VPCP-KGVX ngày 25/12/2025',
  },
  ...range('2026-02-14', '2026-02-22', {
    name: name('Tết Nguyên đán Bính Ngọ', 'Lunar New Year (Tết) 2026'),
    kind: 'holiday',
    source: 'Phương án nghỉ Tết Bính Ngọ được Thủ tướng Chính phủ đồng ý (14/02–22/02/2026)',
  }),
  { date: '2026-04-26', name: HUNG_KINGS(), kind: 'holiday', source: LABOUR_CODE },
  {
    date: '2026-04-27',
    name: name('Nghỉ bù Giỗ Tổ Hùng Vương (26/4/2026 là Chủ nhật)', 'Compensatory day off: Hùng Kings day fell on Sunday 26/04/2026'),
    kind: 'compensatory',
    source: COMPENSATORY_RULE,
  },
  { date: '2026-04-30', name: REUNIFICATION, kind: 'holiday', source: LABOUR_CODE },
  { date: '2026-05-01', name: LABOUR_DAY, kind: 'holiday', source: LABOUR_CODE },
  // 2/9/2026 is a Wednesday: the adjacent day may be 01/09 or 03/09 until the year's notice says which.
  { date: '2026-09-01', name: NATIONAL_DAY_ADJACENT(true), kind: 'holiday', source: LABOUR_CODE },
  { date: '2026-09-02', name: NATIONAL_DAY, kind: 'holiday', source: LABOUR_CODE },

  // 2027
  { date: '2027-01-01', name: NEW_YEAR(), kind: 'holiday', source: LABOUR_CODE },
  // Mùng 1 Tết Đinh Mùi is Saturday 06/02/2027; five weekdays off around it, as the law gives.
  ...range('2027-02-04', '2027-02-10', {
    name: name('Tết Nguyên đán Đinh Mùi', 'Lunar New Year (Tết) 2027', true),
    kind: 'holiday',
    source: LABOUR_CODE,
  }),
  { date: '2027-04-16', name: HUNG_KINGS(true), kind: 'holiday', source: LABOUR_CODE },
  { date: '2027-04-30', name: REUNIFICATION, kind: 'holiday', source: LABOUR_CODE },
  { date: '2027-05-01', name: LABOUR_DAY, kind: 'holiday', source: LABOUR_CODE },
  {
    date: '2027-05-03',
    name: name('Nghỉ bù Ngày Quốc tế Lao động (1/5/2027 là thứ Bảy)', "Compensatory day off: Workers' Day fell on Saturday 01/05/2027"),
    kind: 'compensatory',
    source: COMPENSATORY_RULE,
  },
  { date: '2027-09-02', name: NATIONAL_DAY, kind: 'holiday', source: LABOUR_CODE },
  // 2/9/2027 is a Thursday: Friday 03/09 makes the long weekend the notices usually choose.
  { date: '2027-09-03', name: NATIONAL_DAY_ADJACENT(true), kind: 'holiday', source: LABOUR_CODE },
]

const WORKING_DAYS: SwappedWorkingDay[] = [
  {
    date: '2025-04-26',
    name: name('Làm bù cho ngày nghỉ hoán đổi 02/5/2025', 'Worked in exchange for the day off on 02/05/2025', true),
  },
  {
    date: '2026-01-10',
    name: name('Làm bù cho ngày nghỉ hoán đổi 02/01/2026', 'Worked in exchange for the day off on 02/01/2026'),
    source: 'Văn bản 12729/VPCP-KGVX ngày 25/12/2025',
  },
]

export const DEFAULT_CALENDAR: WorkingCalendar = {
  closingTime: '17:00',
  years: [2025, 2026, 2027],
  holidays: HOLIDAYS,
  workingDays: WORKING_DAYS,
}
