import { describe, expect, it } from 'vitest'
import { keyPeriod } from '../../../client/dashboard/period'

describe('keyPeriod', () => {
  const period = { from: '2026-11-04', to: '2026-11-28' }
  it('clips a week that started before the period', () => {
    expect(keyPeriod('2026-11-02', 'week', period)).toEqual({ from: '2026-11-04', to: '2026-11-08' })
    expect(keyPeriod('2026-11-23', 'week', period)).toEqual({ from: '2026-11-23', to: '2026-11-28' })
  })

  it('spans a whole month, December included, within the period', () => {
    expect(keyPeriod('2026-12', 'month', { from: '2026-01-01', to: '2026-12-31' })).toEqual({ from: '2026-12-01', to: '2026-12-31' })
    expect(keyPeriod('2024-02', 'month', { from: '2024-01-01', to: '2024-12-31' })).toEqual({ from: '2024-02-01', to: '2024-02-29' })
    expect(keyPeriod('2026-11', 'month', period)).toEqual(period)
  })
})
