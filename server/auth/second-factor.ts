import { createHash, randomBytes, randomInt } from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import { RECOVERY_CODE_ALPHABET, RECOVERY_CODE_COUNT, RECOVERY_CODE_LENGTH, TOTP_DIGITS } from '../../shared/second-factor'
import type { StaffAccount } from '../store/staff-store'
import type { Store } from '../store/store'
import type { Auth } from './context'
import { SECOND_FACTOR_ROLES } from './roles'

/**
 * TOTP as every authenticator app does it by default (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps), with
 * otpauth doing the arithmetic. A code is accepted one step either side of the server's clock, for a phone
 * whose clock is a little off or a code typed as it changed; a code whose step is not later than the last one
 * accepted is refused, so a code seen over someone's shoulder cannot be used again.
 */
const PERIOD_SECONDS = 30
const WINDOW_STEPS = 1
const ISSUER = 'Hài lòng'

/** Whether the account must have a second factor before its session is of any use. */
export function secondFactorRequired(staff: Pick<StaffAccount, 'role' | 'demo'>, auth: Pick<Auth, 'requireSecondFactor'>): boolean {
  return auth.requireSecondFactor && !staff.demo && SECOND_FACTOR_ROLES.includes(staff.role)
}

/**
 * What the session needs after a right password: the code (`code`), an enrolment first (`enrol`: the role
 * requires a factor the account does not have yet), or nothing more (undefined).
 */
export async function secondStep(store: Store, auth: Pick<Auth, 'requireSecondFactor'>, staff: Pick<StaffAccount, 'id' | 'role' | 'demo'>): Promise<'code' | 'enrol' | undefined> {
  if ((await store.secondFactor.totp(staff.id))?.enabledAt != null) return 'code'
  return secondFactorRequired(staff, auth) ? 'enrol' : undefined
}

/** 20 random bytes (the size RFC 4226 recommends for SHA-1), base32 as the apps take it. */
export function newTotpSecret(): string {
  return new Secret({ buffer: Uint8Array.from(randomBytes(20)).buffer }).base32
}

function totpOf(secret: string, username = ''): TOTP {
  return new TOTP({ issuer: ISSUER, label: username, algorithm: 'SHA1', digits: TOTP_DIGITS, period: PERIOD_SECONDS, secret: Secret.fromBase32(secret) })
}

/** The otpauth:// URI an app reads from the QR code: the secret, and the names the app lists it under. */
export function totpUri(secret: string, username: string): string {
  return totpOf(secret, username).toString()
}

/** The URI as a QR code, in SVG (crisp at any size, drawn by the page itself). */
export function qrSvg(uri: string): Promise<string> {
  return QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
}

/** The step (30-second period since 1970) whose code `code` is, within the window around `now`; else null. */
export function codeStep(secret: string, code: string, now: number): number | null {
  const totp = totpOf(secret)
  const delta = totp.validate({ token: code, timestamp: now, window: WINDOW_STEPS })
  return delta === null ? null : totp.counter({ timestamp: now }) + delta
}

/** Ten codes of ten Crockford base32 characters (50 random bits each), all different. */
export function newRecoveryCodes(): string[] {
  const codes = new Set<string>()
  while (codes.size < RECOVERY_CODE_COUNT) {
    codes.add(Array.from({ length: RECOVERY_CODE_LENGTH }, () => RECOVERY_CODE_ALPHABET[randomInt(RECOVERY_CODE_ALPHABET.length)]).join(''))
  }
  return [...codes]
}

/**
 * What the database keeps of a recovery code (normalised by shared/second-factor.ts). A plain SHA-256, not a
 * password hash: the code is 50 random bits rather than something a person chose, guessing it online meets
 * the sign-in throttle, and whoever could read this table could read the TOTP secret beside it anyway.
 */
export function recoveryCodeHash(code: string): string {
  return createHash('sha256').update(code).digest('hex')
}
