import * as fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { axisLabel } from '../../client/components/dashboard/chart-labels'

describe('axis labels', () => {
  it('break a unit name at spaces into lines short enough for a phone', () => {
    expect(axisLabel('Phòng Hợp tác quốc tế')).toEqual(['Phòng Hợp tác quốc', 'tế'])
    expect(axisLabel('Phòng Hợp tác quốc tế', 16)).toEqual(['Phòng Hợp tác', 'quốc tế'])
    expect(axisLabel('Quầy số 1')).toEqual(['Quầy số 1'])
  })

  it('end the last line with … when the name needs more lines', () => {
    expect(axisLabel('Phòng Lãnh sự và Người Việt Nam ở nước ngoài')).toEqual(['Phòng Lãnh sự và', 'Người Việt Nam ở…'])
    expect(axisLabel('Phòng Lãnh sự và Người Việt Nam ở nước ngoài', 16)).toEqual(['Phòng Lãnh sự và', 'Người Việt Nam…'])
    expect(axisLabel('Thời gian giải quyết hồ sơ quá dài', 16, 1)).toEqual(['Thời gian giải…'])
  })

  it('cut a word longer than a line where the line ends', () => {
    expect(axisLabel('HPH-LS-CHUNG-NHAN-LANH-SU', 10)).toEqual(['HPH-LS-CHU', 'NG-NHAN-L…'])
  })

  it('never give a line longer than asked, nor more lines, and lose nothing of a name that fits', () => {
    const word = fc.string({ minLength: 1, maxLength: 20, unit: fc.constantFrom('a', 'ệ', 'B', '-', '1') })
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), fc.integer({ min: 4, max: 30 }), fc.integer({ min: 1, max: 3 }), (words, width, maxLines) => {
        const name = words.join(' ')
        const lines = axisLabel(name, width, maxLines)
        expect(lines.length).toBeGreaterThan(0)
        expect(lines.length).toBeLessThanOrEqual(maxLines)
        for (const line of lines) expect(line.length).toBeLessThanOrEqual(width)
        if (!lines.at(-1)!.endsWith('…')) expect(lines.join('').replaceAll(' ', '')).toBe(words.join(''))
      }),
      { numRuns: 500, seed: 3 },
    )
  })
})
