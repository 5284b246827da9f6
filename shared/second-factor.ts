import * as v from 'valibot'

/**
 * The staff second factor (xác thực hai bước): a TOTP code (RFC 6238) from an authenticator app, or, when
 * the phone is lost, one of the recovery codes (mã khôi phục) shown once at enrolment. The server checks them
 * (server/auth/second-factor.ts); both sides read and tidy what a person types the same way, here.
 */

export const TOTP_DIGITS = 6
export const RECOVERY_CODE_COUNT = 10

/**
 * Crockford's base32: no I, L, O or U, so that a code copied by hand is not misread; a typed O is read as 0,
 * I and L as 1. Ten characters are 50 random bits.
 */
export const RECOVERY_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'
export const RECOVERY_CODE_LENGTH = 10

/** A recovery code as stored and compared (`7K3QPA9XMV`), or null when it cannot be one. */
export function normalizeRecoveryCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1')
  return code.length === RECOVERY_CODE_LENGTH && [...code].every((ch) => RECOVERY_CODE_ALPHABET.includes(ch)) ? code : null
}

/** As shown to the person: two groups of five (`7K3QP-A9XMV`). */
export function formatRecoveryCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`
}

/** The digits an authenticator app shows; spaces (apps show `123 456`) are dropped. */
export const TotpCode = v.pipe(
  v.string('must be text'),
  v.maxLength(20, 'is too long'),
  v.transform((s) => s.replace(/\s/g, '')),
  v.regex(/^\d{6}$/, 'must be the 6 digits your authenticator app shows'),
)

export const RecoveryCode = v.pipe(
  v.string('must be text'),
  v.maxLength(40, 'is too long'),
  v.transform((s) => normalizeRecoveryCode(s) ?? ''),
  v.minLength(1, `must be one of your recovery codes (${RECOVERY_CODE_LENGTH} letters and digits)`),
)

/** POST /api/auth/second-factor/enrolment/confirm: the first code from the newly added app. */
export const SecondFactorConfirm = v.strictObject({ code: TotpCode })

/** POST /api/auth/second-factor/verify: a code, or a recovery code instead. */
export const SecondFactorVerify = v.pipe(
  v.strictObject({ code: v.optional(TotpCode), recoveryCode: v.optional(RecoveryCode) }),
  v.check((body) => (body.code === undefined) !== (body.recoveryCode === undefined), 'send either code or recoveryCode'),
)
export type SecondFactorVerify = v.InferOutput<typeof SecondFactorVerify>

/**
 * Where a session stands. Signed in: `enabled` or `off` (the account has a factor or not). Past the password
 * only: `code` (the code is asked next) or `enrol` (the role requires a factor the account does not have yet).
 */
export type SecondFactorState = 'enabled' | 'off' | 'code' | 'enrol'

/** GET /api/auth/second-factor. */
export interface SecondFactorStatus {
  state: SecondFactorState
  /** Whether the account's role requires a second factor (administrators, leadership; not demo accounts). */
  required: boolean
  /** For the unsafe requests that follow (X-CSRF-Token), as /api/staff/me gives it to signed-in sessions. */
  csrfToken: string
}

/** POST /api/auth/sign-in when the password was right but the session still needs its second factor. */
export interface SignInPending {
  secondFactor: 'code' | 'enrol'
  csrfToken: string
}

/** POST /api/auth/second-factor/enrolment: what the authenticator app needs, shown once. */
export interface SecondFactorEnrolment {
  /** Base32, for typing into the app when the QR code cannot be scanned. */
  secret: string
  /** The otpauth:// URI the QR code holds. */
  uri: string
  /** The QR code of `uri` as an SVG document. */
  qrSvg: string
}
