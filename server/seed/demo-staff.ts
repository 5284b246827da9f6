import { randomBytes } from 'node:crypto'
import type { StaffRole } from '../../shared/staff'
import { checkAccountInput } from '../auth/accounts'
import { hashPassword, OWASP_SCRYPT, type ScryptParams } from '../auth/password'
import type { StaffAccount } from '../store/staff-store'
import type { Store } from '../store/store'

/** One account per role, in the demo catalog's units: two unit roles in different units, to show scope. */
export const DEMO_STAFF: { username: string; displayName: string; role: StaffRole; unitCode: string | null }[] = [
  { username: 'demo.staff', displayName: 'Nguyễn Thị Lan (demo)', role: 'unit_staff', unitCode: 'LS' },
  { username: 'demo.head', displayName: 'Trần Văn Hùng (demo)', role: 'unit_head', unitCode: 'HTQT' },
  { username: 'demo.inspector', displayName: 'Lê Thị Mai (demo)', role: 'inspector', unitCode: 'VP-TT' },
  { username: 'demo.leader', displayName: 'Phạm Văn Quang (demo)', role: 'leadership', unitCode: null },
  { username: 'demo.admin', displayName: 'Hoàng Thị Thu (demo)', role: 'admin', unitCode: null },
]

/**
 * Creates the demo accounts, only in a database holding the demo catalog and without any staff account yet:
 * a real installation that merely forgot SEED_DEMO=false gets no account with a password printed in a log.
 * The shared password is random per installation, never a well-known one, and is kept so that every start
 * can print it. True if it created them.
 */
export async function seedDemoStaff(store: Store, params: ScryptParams = OWASP_SCRYPT): Promise<boolean> {
  if (!(await store.catalog()).demo || (await store.staff.count()) > 0) return false
  const password = `demo-${randomBytes(12).toString('base64url')}`
  const accounts = await Promise.all(
    DEMO_STAFF.map(async (account) => {
      checkAccountInput({ ...account, password })
      return { ...account, demo: true, passwordHash: await hashPassword(password, params), createdAt: Date.now() }
    }),
  )
  return store.staff.createIfNone(accounts, password)
}

export interface DemoStaffCredentials {
  password: string
  accounts: StaffAccount[]
}

/** The active demo accounts and their shared password, if there are any. */
export async function demoStaffCredentials(store: Store): Promise<DemoStaffCredentials | undefined> {
  const password = await store.staff.demoPassword()
  if (!password) return undefined
  return { password, accounts: (await store.staff.list()).filter((a) => a.demo && a.active) }
}

export function describeDemoStaff({ password, accounts }: DemoStaffCredentials): string {
  const width = Math.max(...accounts.map((a) => a.username.length))
  return [
    `DEMO ONLY — staff accounts of the demo data; all share the password: ${password}`,
    ...accounts.map((a) => `  ${a.username.padEnd(width)}  ${a.role.padEnd(10)}  ${a.unitCode ?? '(no unit)'}`),
    '  Sign in with POST /api/auth/sign-in. Never use a demo database for real work.',
    `  ${SECOND_FACTOR_EXEMPT}`,
  ].join('\n')
}

const SECOND_FACTOR_EXEMPT =
  'Demo accounts sign in without a second factor; real administrator and leadership accounts must add one (an authenticator app) at their first sign-in.'

/** What start-up says when demo accounts are still active outside demo mode. */
export function demoStaffWarning({ accounts }: DemoStaffCredentials): string {
  return `Warning: ${accounts.length} demo staff accounts are active; deactivate them before real use. ${SECOND_FACTOR_EXEMPT}`
}
