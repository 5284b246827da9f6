import * as v from 'valibot'

/**
 * Tracking codes, made on the device when the citizen files an item (so the code is shown at once, even
 * offline) and shown as `XXXX-XXXX-XXX`: ten random characters and a check character.
 *
 * The alphabet leaves out 0, O, 1, I and L, which are read or typed one for another. That leaves 31
 * characters, a prime, which is what lets the check character catch every single mistyped character and
 * every swap of two characters (see `checkValue`).
 *
 * Why ten random characters are enough: 31^10 ≈ 8.2 × 10^14 codes (≈ 49.5 bits). Even with 100,000 items
 * on file, decades of this department's volume, a guess hits one with odds of 1 in 8 × 10^9. At the
 * tracking page's rate limit of, say, 10 lookups a minute per address, one address needs about 1,500 years
 * per hit, and ten thousand addresses about two months of a flood of 404s nobody would miss. A hit shows
 * status, unit, deadline and the public answer, never contact details. The check character adds no
 * secrecy (anyone can compute it); it only spares a request for a mistyped code.
 */
export const TRACKING_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'
export const TRACKING_RANDOM_LENGTH = 10
export const TRACKING_CODE_LENGTH = TRACKING_RANDOM_LENGTH + 1
/** Groups of 4-4-3 read aloud like a Vietnamese phone number and are short enough to hold in mind. */
export const TRACKING_CODE_GROUPS = [4, 4, 3] as const

const BASE = TRACKING_ALPHABET.length
// The largest multiple of 31 a byte can hold: bytes above it are dropped so that every character is
// equally likely (a plain `byte % 31` would favour the first eight).
const UNBIASED_LIMIT = Math.floor(256 / BASE) * BASE

/** Fills the array with random bytes; `crypto.getRandomValues` in the browser and in Node 20. */
export type RandomFill = (bytes: Uint8Array<ArrayBuffer>) => void

const cryptoFill: RandomFill = (bytes) => {
  crypto.getRandomValues(bytes)
}

/**
 * Position-weighted sum mod 31, positions counted from 1. A single substitution changes it by
 * position × difference, a swap of two characters by distance × difference; each factor is between 1 and
 * 30, and 31 is prime, so neither change can be a multiple of 31.
 */
function checkValue(values: readonly number[]): number {
  return values.reduce((sum, value, index) => (sum + (index + 1) * value) % BASE, 0)
}

// 11 × 17 = 187 = 6 × 31 + 1: multiplying by 17 undoes the weight 11 of the check position.
const INVERSE_OF_CHECK_WEIGHT = 17

/** The check character for ten code characters: the one that makes the weighted sum of all eleven 0 mod 31. */
export function checkCharacter(body: string): string {
  if (body.length !== TRACKING_RANDOM_LENGTH) throw new RangeError(`a code body has ${TRACKING_RANDOM_LENGTH} characters`)
  const values = [...body].map((char) => {
    const value = TRACKING_ALPHABET.indexOf(char)
    if (value < 0) throw new RangeError(`not a tracking-code character: ${char}`)
    return value
  })
  const value = (((BASE - checkValue(values)) % BASE) * INVERSE_OF_CHECK_WEIGHT) % BASE
  return TRACKING_ALPHABET[value]!
}

/** `ABCDEFGHJKM` → `ABCD-EFGH-JKM` */
export function formatTrackingCode(compact: string): string {
  const groups: string[] = []
  let start = 0
  for (const size of TRACKING_CODE_GROUPS) {
    groups.push(compact.slice(start, start + size))
    start += size
  }
  return groups.join('-')
}

export function generateTrackingCode(fill: RandomFill = cryptoFill): string {
  let body = ''
  const bytes = new Uint8Array(16)
  while (body.length < TRACKING_RANDOM_LENGTH) {
    fill(bytes)
    for (const byte of bytes) {
      if (byte >= UNBIASED_LIMIT) continue
      body += TRACKING_ALPHABET[byte % BASE]
      if (body.length === TRACKING_RANDOM_LENGTH) break
    }
  }
  return formatTrackingCode(body + checkCharacter(body))
}

/**
 * Why a typed code was refused, so the page can say something useful: `character` is a letter or digit
 * codes never hold (0, O, 1, I, L, or a Vietnamese letter from a Telex keyboard); `checksum` is a mistyped
 * character.
 */
export type TrackingCodeProblem = 'empty' | 'length' | 'character' | 'checksum'

export type ParsedTrackingCode = { ok: true; code: string } | { ok: false; problem: TrackingCodeProblem }

// Spaces, hyphens and the dashes a phone keyboard or a copied text puts in their place.
const SEPARATORS = /[\s\u00AD\u2010-\u2015\u2212-]+/g

export function parseTrackingCode(input: string): ParsedTrackingCode {
  const compact = input.replace(SEPARATORS, '').toUpperCase()
  if (compact === '') return { ok: false, problem: 'empty' }
  if ([...compact].some((char) => !TRACKING_ALPHABET.includes(char))) return { ok: false, problem: 'character' }
  if (compact.length !== TRACKING_CODE_LENGTH) return { ok: false, problem: 'length' }
  const values = [...compact].map((char) => TRACKING_ALPHABET.indexOf(char))
  if (checkValue(values) !== 0) return { ok: false, problem: 'checksum' }
  return { ok: true, code: formatTrackingCode(compact) }
}

/**
 * The canonical form (`ABCD-EFGH-JKM`) of a code however it was typed: any case, with or without spaces
 * and dashes. Null when it is not a valid code. 0 and O are never mapped to each other: both are left out
 * of the alphabet, so either one means a wrong code.
 */
export function normaliseTrackingCode(input: string): string | null {
  const parsed = parseTrackingCode(input)
  return parsed.ok ? parsed.code : null
}

export function isValidTrackingCode(input: string): boolean {
  return parseTrackingCode(input).ok
}

/** A tracking code in any typed form; the output is the canonical form. */
export const TrackingCode = v.pipe(
  v.string(),
  v.maxLength(40, 'is too long'),
  v.check(isValidTrackingCode, 'is not a valid tracking code'),
  v.transform((input) => normaliseTrackingCode(input)!),
)
