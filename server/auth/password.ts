import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'
import { normalizeUsername } from './username'

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  logN: number
  r: number
  p: number
}

/** OWASP Password Storage Cheat Sheet: N = 2^17, r = 8, p = 1 (128 MiB and about 0.4 s per hash here). */
export const OWASP_SCRYPT: ScryptParams = { logN: 17, r: 8, p: 1 }

const SALT_BYTES = 16
const KEY_BYTES = 32
export const MIN_PASSWORD_LENGTH = 12
/** Long enough for any passphrase; bounded so that a sign-in cannot make the server digest megabytes. */
export const MAX_PASSWORD_LENGTH = 1024

// Each hash holds 128 MiB at OWASP's cost, and scrypt runs on libuv's pool (4 threads by default): without a
// bound, a burst of sign-ins would take half a gigabyte and starve the pool the file system also uses.
const MAX_CONCURRENT_HASHES = 2
const MAX_WAITING_HASHES = 100

export class HashingBusyError extends Error {
  constructor() {
    super('too many password checks waiting')
  }
}

let running = 0
const waiting: (() => void)[] = []

async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_HASHES) {
    if (waiting.length >= MAX_WAITING_HASHES) throw new HashingBusyError()
    await new Promise<void>((resolve) => waiting.push(resolve))
  } else {
    running++
  }
  try {
    return await work()
  } finally {
    // Hand the slot straight to the next waiter, so that a newcomer cannot overtake the queue.
    const next = waiting.shift()
    if (next) next()
    else running--
  }
}

function derive(password: string, salt: Buffer, params: ScryptParams, keyLength: number): Promise<Buffer> {
  const N = 2 ** params.logN
  const options: ScryptOptions = {
    N,
    r: params.r,
    p: params.p,
    // OpenSSL refuses any cost over maxmem (32 MiB by default), and OWASP's needs 128 * r * (N + p + 2) bytes.
    // This is a ceiling, not an allocation: twice the need leaves room for OpenSSL's own bookkeeping.
    maxmem: 2 * 128 * params.r * (N + params.p + 2),
  }
  return limited(
    () =>
      new Promise((resolve, reject) => {
        // The async form runs on libuv's pool: the event loop keeps serving while a hash is computed.
        scrypt(password, salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)))
      }),
  )
}

/**
 * NIST SP 800-63B asks verifiers to normalise Unicode passwords: a Vietnamese password typed with composed
 * or decomposed diacritics (different keyboards and phones send either) must be the same password.
 */
function normalize(password: string): string {
  return password.normalize('NFKC')
}

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '')

/**
 * A PHC-style string, `$scrypt$ln=17,r=8,p=1$<salt>$<hash>`: the parameters travel with each hash, so that
 * raising them later only needs new hashes (made at the next sign-in), not a migration.
 */
export async function hashPassword(password: string, params: ScryptParams = OWASP_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(normalize(password), salt, params, KEY_BYTES)
  return `$scrypt$ln=${params.logN},r=${params.r},p=${params.p}$${b64(salt)}$${b64(key)}`
}

interface ParsedHash {
  params: ScryptParams
  salt: Buffer
  key: Buffer
}

const HASH_FORMAT = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,3}),p=(\d{1,3})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/

function parseHash(stored: string): ParsedHash {
  const m = HASH_FORMAT.exec(stored)
  // A stored hash the code cannot read is a fault to see, not a wrong password to shrug off.
  if (!m) throw new Error('unrecognised password hash format')
  const params = { logN: Number(m[1]), r: Number(m[2]), p: Number(m[3]) }
  // The cost comes from the database: bound it, so that one altered row cannot make a sign-in take gigabytes.
  if (params.logN < 1 || params.logN > 22 || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) {
    throw new Error('password hash parameters out of range')
  }
  return { params, salt: Buffer.from(m[4]!, 'base64'), key: Buffer.from(m[5]!, 'base64') }
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const { params, salt, key } = parseHash(stored)
  const candidate = await derive(normalize(password), salt, params, key.length)
  return candidate.length === key.length && timingSafeEqual(candidate, key)
}

/** True when the hash was made with other parameters than the current ones: re-hash at the next sign-in. */
export function needsRehash(stored: string, params: ScryptParams = OWASP_SCRYPT): boolean {
  const current = parseHash(stored).params
  return current.logN !== params.logN || current.r !== params.r || current.p !== params.p
}

/**
 * NIST SP 800-63B style: a minimum length and no composition rules; the username (or a password containing
 * it) is refused because it is the first guess. Returns the reason, or undefined when the password is fine.
 */
export function passwordProblem(password: string, username: string): string | undefined {
  const normalized = normalize(password)
  const length = [...normalized].length
  if (length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters long`
  if (length > MAX_PASSWORD_LENGTH) return `must be at most ${MAX_PASSWORD_LENGTH} characters long`
  const name = normalizeUsername(username)
  if (name && normalized.toLowerCase().includes(name)) return 'must not contain the username'
  return undefined
}
