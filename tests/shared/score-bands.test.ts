import { describe, expect, it } from 'vitest'
import { bandOf, onOfficialScale } from '../../shared/score-bands'

describe('score bands on the 0–18 scale', () => {
  it.each([
    [18, 'excellent'],
    [15.01, 'excellent'],
    [15, 'good'],
    [12, 'good'],
    [11.99, 'fair'],
    [9, 'fair'],
    [8.99, 'average'],
    [6, 'average'],
    [5.99, 'weak'],
    [0, 'weak'],
  ])('puts %d in %s, every shared end in exactly one band', (score, key) => {
    expect(bandOf(score).key).toBe(key)
  })

  it('scales a mean over the indicators asked to 18 points', () => {
    expect(onOfficialScale(12, 12)).toBe(18)
    expect(onOfficialScale(9, 12)).toBe(13.5)
    expect(onOfficialScale(1, 3)).toBe(6)
    expect(onOfficialScale(null, 12)).toBeNull()
    expect(onOfficialScale(3, 0)).toBeNull()
  })
})
