import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { DEFAULT_CALENDAR } from '../../server/defaults/holidays'
import { fromValibotIssues } from '../../shared/api-error'
import { KioskHeartbeat, kioskSetupPath, kioskSilent } from '../../shared/kiosk'

/** A Hà Tĩnh wall-clock time (UTC+7) as epoch ms. */
const local = (day: string, time: string) => Date.parse(`${day}T${time}:00+07:00`)

describe('kioskSilent', () => {
  it('counts a working day from the day a kiosk was last heard, to the next working day’s closing time', () => {
    const tuesday = local('2026-03-03', '10:00')
    expect(kioskSilent(tuesday, local('2026-03-04', '16:59'), DEFAULT_CALENDAR)).toBe(false)
    expect(kioskSilent(tuesday, local('2026-03-04', '17:00'), DEFAULT_CALENDAR)).toBe(true)
  })

  it('is not silence over a weekend: Friday’s kiosk is silent only once Monday has closed', () => {
    const friday = local('2026-03-06', '10:00')
    expect(kioskSilent(friday, local('2026-03-08', '23:00'), DEFAULT_CALENDAR)).toBe(false)
    expect(kioskSilent(friday, local('2026-03-09', '16:00'), DEFAULT_CALENDAR)).toBe(false)
    expect(kioskSilent(friday, local('2026-03-09', '17:00'), DEFAULT_CALENDAR)).toBe(true)
  })

  it('skips Tết in the configured calendar, and a heartbeat after closing time counts from the next working day', () => {
    const beforeTet = local('2026-02-13', '10:00')
    expect(kioskSilent(beforeTet, local('2026-02-20', '12:00'), DEFAULT_CALENDAR)).toBe(false)
    expect(kioskSilent(beforeTet, local('2026-02-23', '16:59'), DEFAULT_CALENDAR)).toBe(false)
    expect(kioskSilent(beforeTet, local('2026-02-23', '17:00'), DEFAULT_CALENDAR)).toBe(true)
    // Tuesday 18:00 counts as received on Wednesday: silent after Thursday's closing, not Wednesday's.
    const late = local('2026-03-03', '18:00')
    expect(kioskSilent(late, local('2026-03-04', '17:30'), DEFAULT_CALENDAR)).toBe(false)
    expect(kioskSilent(late, local('2026-03-05', '17:00'), DEFAULT_CALENDAR)).toBe(true)
  })

  it('follows the calendar it is given: a holiday the administrator adds is not a working day', () => {
    const calendar = { ...DEFAULT_CALENDAR, holidays: [...DEFAULT_CALENDAR.holidays, { date: '2026-03-04', name: { vi: 'Nghỉ bù', en: 'Day off' }, kind: 'holiday' as const }] }
    const tuesday = local('2026-03-03', '10:00')
    expect(kioskSilent(tuesday, local('2026-03-04', '17:00'), calendar)).toBe(false)
    expect(kioskSilent(tuesday, local('2026-03-05', '17:00'), calendar)).toBe(true)
  })
})

const problem = (input: unknown) => {
  const result = v.safeParse(KioskHeartbeat, input)
  return result.success ? null : fromValibotIssues(result.issues, '', KioskHeartbeat).message
}

describe('KioskHeartbeat', () => {
  it('takes what the tablet reports, the battery when the browser gives it', () => {
    expect(problem({ lastSyncAt: Date.now(), waiting: 3, version: '2026.12.06', battery: 0.42 })).toBeNull()
    expect(problem({ lastSyncAt: null, waiting: 0, version: 'dev', battery: null })).toBeNull()
  })

  it('refuses a bad field by name', () => {
    expect(problem({ lastSyncAt: null, waiting: -1, version: 'dev', battery: null })).toMatch(/^waiting: must not be negative/)
    expect(problem({ lastSyncAt: null, waiting: 0, version: 'dev', battery: 1.5 })).toMatch(/^battery: must be between 0 and 1/)
    expect(problem({ lastSyncAt: 'yesterday', waiting: 0, version: 'dev', battery: null })).toMatch(/^lastSyncAt: /)
    expect(problem({ lastSyncAt: null, waiting: 0, battery: null })).toMatch(/^version: /)
    expect(problem({ lastSyncAt: null, waiting: 0, version: 'dev', battery: null, location: 'x' })).toMatch(/^location: /)
  })
})

it('puts the token in the set-up link’s fragment, which never reaches a server', () => {
  expect(kioskSetupPath('HCC-01', 'kiosk_abc')).toBe('/kiosk/HCC-01#token=kiosk_abc')
})
