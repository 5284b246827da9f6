import { type StaffMe, type StaffRole, UNIT_ROLES } from '../../shared/staff'
import { type SessionRecord, type StaffAccount, type StaffStore, UsernameTakenError } from '../store/staff-store'
import { hashPassword, OWASP_SCRYPT, passwordProblem, type ScryptParams } from './password'
import { normalizeUsername, usernameProblem } from './username'

/** What sign-in and GET /api/staff/me answer. */
export function meOf(staff: StaffAccount, session: SessionRecord): StaffMe {
  return {
    id: staff.id,
    username: staff.username,
    displayName: staff.displayName,
    role: staff.role,
    unitCode: staff.unitCode,
    csrfToken: session.csrfToken,
  }
}

export class AccountInputError extends Error {
  constructor(
    readonly field: 'username' | 'password' | 'unitCode',
    message: string,
  ) {
    super(`${field}: ${message}`)
  }
}

export interface AccountInput {
  username: string
  displayName?: string
  role: StaffRole
  unitCode: string | null
  password: string
}

/** Checks the username, the unit the role needs and the password policy; throws AccountInputError. */
export function checkAccountInput(input: AccountInput): void {
  const usernameIssue = usernameProblem(input.username)
  if (usernameIssue) throw new AccountInputError('username', usernameIssue)
  if (UNIT_ROLES.includes(input.role) && !input.unitCode) throw new AccountInputError('unitCode', `is required for the role ${input.role}`)
  const passwordIssue = passwordProblem(input.password, input.username)
  if (passwordIssue) throw new AccountInputError('password', passwordIssue)
}

/**
 * Creates an account after checking its input; the one way accounts are made (command line, demo seed,
 * tests), so the password policy cannot be skipped. Throws UsernameTakenError for an existing username.
 */
export async function createStaffAccount(store: StaffStore, input: AccountInput, params: ScryptParams = OWASP_SCRYPT): Promise<StaffAccount> {
  checkAccountInput(input)
  const username = normalizeUsername(input.username)
  if (await store.findByUsername(username)) throw new UsernameTakenError(username)
  return store.create({
    username,
    displayName: input.displayName?.trim() || username,
    role: input.role,
    unitCode: input.unitCode,
    passwordHash: await hashPassword(input.password, params),
    createdAt: Date.now(),
  })
}
