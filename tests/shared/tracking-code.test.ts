import * as v from 'valibot'
import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  checkCharacter,
  formatTrackingCode,
  generateTrackingCode,
  isValidTrackingCode,
  normaliseTrackingCode,
  parseTrackingCode,
  TRACKING_ALPHABET,
  TRACKING_CODE_LENGTH,
  TrackingCode,
  type RandomFill,
} from '../../shared/tracking-code'

const FORMAT = /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{3}$/

/** A deterministic byte source: the given bytes, then zeros. */
function bytesThenZeros(first: number[]): RandomFill {
  let queue = [...first]
  return (bytes) => {
    bytes.fill(0)
    const taken = queue.slice(0, bytes.length)
    queue = queue.slice(bytes.length)
    bytes.set(taken)
  }
}

const SAMPLE = Array.from({ length: 300 }, () => generateTrackingCode())

function compact(code: string): string {
  return code.replaceAll('-', '')
}

function withCharAt(code: string, index: number, char: string): string {
  return code.slice(0, index) + char + code.slice(index + 1)
}

describe('the alphabet', () => {
  it('has 31 distinct upper-case letters and digits', () => {
    expect(TRACKING_ALPHABET).toHaveLength(31)
    expect(new Set(TRACKING_ALPHABET).size).toBe(31)
    expect(TRACKING_ALPHABET).toMatch(/^[A-Z2-9]+$/)
  })

  it.each(['0', 'O', '1', 'I', 'L'])('leaves out %s', (char) => {
    expect(TRACKING_ALPHABET).not.toContain(char)
  })
})

describe('generateTrackingCode', () => {
  it('makes XXXX-XXXX-XXX codes of the alphabet only', () => {
    for (const code of SAMPLE) {
      expect(code).toMatch(FORMAT)
      expect(code).not.toMatch(/[01OIL]/)
    }
  })

  it('makes codes that validate and are already in canonical form', () => {
    for (const code of SAMPLE) expect(normaliseTrackingCode(code)).toBe(code)
  })

  describe('crypto', () => {
    afterEach(() => {
      vi.restoreAllMocks()
    })

    it('draws its randomness from crypto.getRandomValues', () => {
      const spy = vi.spyOn(crypto, 'getRandomValues')
      generateTrackingCode()
      expect(spy).toHaveBeenCalled()
    })
  })

  it('drops bytes from 248 up, so that no character is favoured', () => {
    // 255 and 248 are dropped; 0, 1, 2 give A, B, C; 30 gives the last character, 9; 31 wraps to A.
    const code = generateTrackingCode(bytesThenZeros([255, 248, 0, 1, 2, 30, 31, 247]))
    expect(compact(code).slice(0, 7)).toBe(`ABC9A${TRACKING_ALPHABET[247 % 31]}A`)
  })

  it('gives AAAA-AAAA-AAA for all-zero bytes (the check character of zeros is A)', () => {
    expect(generateTrackingCode(bytesThenZeros([]))).toBe('AAAA-AAAA-AAA')
  })

  it('never repeats over 200,000 codes', () => {
    const codes = new Set<string>()
    for (let i = 0; i < 200_000; i++) codes.add(generateTrackingCode())
    expect(codes.size).toBe(200_000)
  })

  it('uses every character about equally often (a modulo bias would show as ±9%)', () => {
    const counts = new Map<string, number>()
    const draws = 60_000
    for (let i = 0; i < draws; i++) {
      for (const char of compact(generateTrackingCode()).slice(0, 10)) counts.set(char, (counts.get(char) ?? 0) + 1)
    }
    const expected = (draws * 10) / 31
    for (const char of TRACKING_ALPHABET) expect(Math.abs((counts.get(char) ?? 0) / expected - 1), char).toBeLessThan(0.04)
  })
})

describe('the check character', () => {
  it('catches every single-character substitution over the sample', () => {
    let tried = 0
    for (const code of SAMPLE) {
      const plain = compact(code)
      for (let index = 0; index < TRACKING_CODE_LENGTH; index++) {
        for (const char of TRACKING_ALPHABET) {
          if (char === plain[index]) continue
          tried++
          expect(parseTrackingCode(withCharAt(plain, index, char)), `${plain} @${index} → ${char}`).toEqual({ ok: false, problem: 'checksum' })
        }
      }
    }
    expect(tried).toBe(SAMPLE.length * TRACKING_CODE_LENGTH * 30)
  })

  it('catches every adjacent transposition over the sample', () => {
    let tried = 0
    for (const code of SAMPLE) {
      const plain = compact(code)
      for (let index = 0; index < TRACKING_CODE_LENGTH - 1; index++) {
        const [a, b] = [plain[index]!, plain[index + 1]!]
        if (a === b) continue
        tried++
        const swapped = plain.slice(0, index) + b + a + plain.slice(index + 2)
        expect(isValidTrackingCode(swapped), `${plain} swap @${index}`).toBe(false)
      }
    }
    expect(tried).toBeGreaterThan(SAMPLE.length * 8)
  })

  it('is a character of the alphabet that makes the code valid', () => {
    const body = 'ABCDEFGHJK'
    const check = checkCharacter(body)
    expect(TRACKING_ALPHABET).toContain(check)
    expect(isValidTrackingCode(body + check)).toBe(true)
  })

  it.each([['ABCDEFGHJ'], ['ABCDEFGHJKM'], ['ABCDEFGHJ0']])('refuses the body %s', (body) => {
    expect(() => checkCharacter(body)).toThrow(RangeError)
  })
})

describe('normaliseTrackingCode and parseTrackingCode', () => {
  const code = SAMPLE[0]!
  const plain = compact(code)

  it.each([
    ['lower case', code.toLowerCase()],
    ['no dashes', plain],
    ['spaces instead of dashes', code.replaceAll('-', ' ')],
    ['en dashes and surrounding spaces', `  ${code.replaceAll('-', ' – ')}  `],
    ['odd grouping', `${plain.slice(0, 3)}-${plain.slice(3, 6)} ${plain.slice(6)}`],
  ])('reads a code typed with %s', (_label, typed) => {
    expect(normaliseTrackingCode(typed)).toBe(code)
  })

  it.each([
    ['', 'empty'],
    [' - ', 'empty'],
    ['ABCD-EFGH', 'length'],
    [`${plain}A`, 'length'],
    [withCharAt(plain, 2, '0'), 'character'],
    [withCharAt(plain, 2, 'O'), 'character'],
    [withCharAt(plain, 2, '1'), 'character'],
    [withCharAt(plain, 2, 'I'), 'character'],
    [withCharAt(plain, 2, 'l'), 'character'],
    [withCharAt(plain, 2, 'Ư'), 'character'],
    [`${plain.slice(0, 5)}_${plain.slice(5)}`, 'character'],
  ])('refuses %j as %s', (typed, problem) => {
    expect(parseTrackingCode(typed)).toEqual({ ok: false, problem })
    expect(normaliseTrackingCode(typed)).toBeNull()
    expect(isValidTrackingCode(typed)).toBe(false)
  })

  it('formats eleven characters as 4-4-3', () => {
    expect(formatTrackingCode('ABCDEFGHJKM')).toBe('ABCD-EFGH-JKM')
  })
})

describe('TrackingCode schema', () => {
  it('outputs the canonical form', () => {
    const code = SAMPLE[1]!
    expect(v.parse(TrackingCode, compact(code).toLowerCase())).toBe(code)
  })

  it.each([42, null, 'AAAA-AAAA-AAB', 'x'.repeat(41)])('refuses %j', (value) => {
    expect(v.safeParse(TrackingCode, value).success).toBe(false)
  })
})
