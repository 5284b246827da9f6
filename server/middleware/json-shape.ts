/** The most a JSON body of this API may nest and hold; the deepest body (a questionnaire) nests 7 levels. */
export interface JsonShapeLimits {
  maxDepth: number
  /** Arrays, objects and commas outside strings: about the number of values. */
  maxValues: number
}

export const DEFAULT_JSON_LIMITS: JsonShapeLimits = { maxDepth: 16, maxValues: 100_000 }

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_ARRAY = 0x5b
const CLOSE_ARRAY = 0x5d
const OPEN_OBJECT = 0x7b
const CLOSE_OBJECT = 0x7d
const COMMA = 0x2c

/**
 * Measures a JSON body as its bytes arrive, before JSON.parse builds it. JSON.parse builds the whole tree at
 * once: 8 MB of `[[[…` is four million arrays and seconds of a blocked server, however early the schema would
 * have refused it; measured as it arrives, it is refused after its 17th byte. The scan allocates nothing and
 * jumps over strings (the photos' base64) with the native indexOf. UTF-8 is safe to scan by byte: every byte
 * of a multi-byte character is ≥ 0x80. It does not check the syntax; JSON.parse still does, on a text now
 * known to be shallow and of bounded size.
 */
export class JsonShapeScanner {
  private depth = 0
  private values = 0
  private inString = false
  /** Backslashes ending the previous chunk inside a string: they may escape this chunk's first quote. */
  private trailingBackslashes = 0

  constructor(private readonly limits: JsonShapeLimits = DEFAULT_JSON_LIMITS) {}

  /** Why the body is refused, as soon as that is known, or undefined so far. */
  push(chunk: Uint8Array): string | undefined {
    let i = 0
    while (i < chunk.length) {
      if (this.inString) {
        const quote = chunk.indexOf(QUOTE, i)
        if (quote < 0) {
          this.trailingBackslashes = countBackslashesBefore(chunk, chunk.length, i, this.trailingBackslashes)
          return undefined
        }
        const escaped = countBackslashesBefore(chunk, quote, i, this.trailingBackslashes) % 2 === 1
        this.trailingBackslashes = 0
        if (!escaped) this.inString = false
        i = quote + 1
        continue
      }
      const c = chunk[i++]
      if (c === QUOTE) {
        this.inString = true
        this.trailingBackslashes = 0
      } else if (c === OPEN_ARRAY || c === OPEN_OBJECT) {
        if (++this.depth > this.limits.maxDepth) return `nests deeper than ${this.limits.maxDepth} levels`
        if (++this.values > this.limits.maxValues) return `holds more than ${this.limits.maxValues} values`
      } else if (c === CLOSE_ARRAY || c === CLOSE_OBJECT) {
        this.depth--
      } else if (c === COMMA) {
        if (++this.values > this.limits.maxValues) return `holds more than ${this.limits.maxValues} values`
      }
    }
    return undefined
  }
}

/** Backslashes right before `at`, back to `from`; reaching `from`, those carried from the chunk before count too. */
function countBackslashesBefore(chunk: Uint8Array, at: number, from: number, carried: number): number {
  let n = 0
  while (at - 1 - n >= from && chunk[at - 1 - n] === BACKSLASH) n++
  return at - n === from ? n + carried : n
}

/** The same measure of a whole text (a test's, or a body already read). */
export function jsonShapeProblem(text: string, limits: JsonShapeLimits = DEFAULT_JSON_LIMITS): string | undefined {
  return new JsonShapeScanner(limits).push(Buffer.from(text))
}
