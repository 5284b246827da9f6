/** A staff account's TOTP secret (base32). */
export interface TotpRecord {
  secret: string
  createdAt: number
  /** Null until the first code from the app confirmed the secret: until then it guards nothing. */
  enabledAt: number | null
  /** The 30-second step of the last code accepted: a code of that step or an earlier one is refused. */
  lastUsedStep: number | null
}

/**
 * The staff second factor: TOTP secrets and recovery codes (hashes only). Resetting an account's factor is an
 * administrator's audited change and lives with the others in AdminStore.resetSecondFactor.
 */
export interface SecondFactorStore {
  totp(staffId: number): Promise<TotpRecord | undefined>
  /**
   * Keeps a new, unconfirmed secret for the account in place of an unconfirmed one. False (and nothing
   * changes) when the account has an enabled factor already.
   */
  startEnrolment(staffId: number, secret: string, now: number): Promise<boolean>
  /**
   * Enables the unconfirmed secret, with `step` as the step of its first code, and stores the recovery codes'
   * hashes in place of any earlier ones, in one transaction. False when the secret is no longer `secret`
   * unconfirmed (enabled meanwhile, or replaced by an enrolment started in another tab).
   */
  enable(staffId: number, secret: string, step: number, recoveryHashes: string[], now: number): Promise<boolean>
  /** Records `step` as used if it is later than the last one used; false for a code used already (a replay). */
  useStep(staffId: number, step: number): Promise<boolean>
  /** Marks the unused recovery code with this hash used: false if there is none. `left`: unused codes after. */
  useRecoveryCode(staffId: number, hash: string, now: number): Promise<{ used: boolean; left: number }>
}
