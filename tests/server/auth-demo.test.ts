import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DEMO_STAFF, demoStaffCredentials, describeDemoStaff, seedDemoStaff } from '../../server/seed/demo-staff'
import { DEFAULT_DATA } from '../../server/defaults/initial-data'
import { ROLES } from '../../shared/staff'
import { addStaff, createTestApp, openBareStore, signIn, signInRequest, TEST_SCRYPT, type TestApp } from './test-app'

const ROOT = join(import.meta.dirname, '..', '..')

let t: TestApp
afterEach(() => t.close())

describe('demo staff accounts', () => {
  it('are created in a demo database without staff: one per role, in the demo units, sharing one printed password', async () => {
    t = await createTestApp()
    expect(await seedDemoStaff(t.store, TEST_SCRYPT)).toBe(true)
    const demo = (await demoStaffCredentials(t.store))!
    expect(demo.accounts.map((a) => a.role).sort()).toEqual([...ROLES].sort())
    expect(demo.accounts.map((a) => [a.username, a.unitCode])).toEqual(DEMO_STAFF.map((a) => [a.username, a.unitCode]))
    expect(demo.accounts.every((a) => a.demo && a.displayName.includes('(demo)'))).toBe(true)
    expect(demo.password).toMatch(/^demo-[\w-]{16}$/)
    for (const account of demo.accounts) expect((await signIn(t.app, account.username, demo.password)).me.role).toBe(account.role)

    const printed = describeDemoStaff(demo)
    expect(printed).toContain('DEMO ONLY')
    expect(printed).toContain(demo.password)
    for (const account of demo.accounts) expect(printed).toContain(account.username)
  })

  it('get a password of their own in each installation', async () => {
    t = await createTestApp()
    const other = await createTestApp()
    try {
      await seedDemoStaff(t.store, TEST_SCRYPT)
      await seedDemoStaff(other.store, TEST_SCRYPT)
      expect((await demoStaffCredentials(t.store))!.password).not.toBe((await demoStaffCredentials(other.store))!.password)
    } finally {
      await other.close()
    }
  })

  it('are not created twice, nor beside real accounts', async () => {
    t = await createTestApp()
    await addStaff(t, { username: 'real.admin', role: 'admin' })
    expect(await seedDemoStaff(t.store, TEST_SCRYPT)).toBe(false)
    expect(await demoStaffCredentials(t.store)).toBeUndefined()
    expect(await t.store.staff.count()).toBe(1)
  })

  it('are not created in a database without the demo catalog, whatever SEED_DEMO says', async () => {
    t = await createTestApp()
    const real = await openBareStore()
    try {
      // As the start command loads it with SEED_DEMO=false: the defaults, no catalog.
      await real.store.loadInitialData(DEFAULT_DATA)
      expect(await seedDemoStaff(real.store, TEST_SCRYPT)).toBe(false)
      expect(await real.store.staff.count()).toBe(0)
    } finally {
      await real.close()
    }
  })

  it('stop being printed once deactivated', async () => {
    t = await createTestApp()
    await seedDemoStaff(t.store, TEST_SCRYPT)
    for (const account of await t.store.staff.list()) await t.store.staff.deactivate(account.id)
    expect(await demoStaffCredentials(t.store)).toBeUndefined()
  })
})

function createAdmin(databaseUrl: string, args: string[], stdin: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'server/cli/create-admin.ts', ...args],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr }),
    )
    child.stdin!.end(stdin)
  })
}

describe('npm run create-admin', () => {
  it('creates an administrator from a password piped on stdin, who can then sign in', { timeout: 60_000 }, async () => {
    t = await createTestApp()
    const password = 'a long admin passphrase'
    const created = await createAdmin(t.databaseUrl, ['--username', 'Root.Admin', '--display-name', 'Quản trị'], `${password}\n`)
    expect(created.output).toContain('Created the administrator root.admin')
    expect(created.code).toBe(0)
    expect(created.output).not.toContain(password)
    const account = (await t.store.staff.findByUsername('root.admin'))!
    expect(account).toMatchObject({ role: 'admin', unitCode: null, displayName: 'Quản trị', active: true, demo: false })
    // Made at the server's real cost, not the tests'.
    expect(account.passwordHash.startsWith('$scrypt$ln=17,r=8,p=1$')).toBe(true)
    expect((await signIn(t.app, 'root.admin', password)).me.role).toBe('admin')

    const again = await createAdmin(t.databaseUrl, ['--username', 'root.admin'], 'another long passphrase\n')
    expect(again.code).toBe(1)
    expect(again.output).toContain('taken')
    expect((await signInRequest(t.app, 'root.admin', 'another long passphrase')).status).toBe(401)
  })

  it('refuses a password that breaks the policy, and a missing username, creating nothing', { timeout: 60_000 }, async () => {
    t = await createTestApp()
    const short = await createAdmin(t.databaseUrl, ['--username', 'root.admin'], 'short\n')
    expect(short.code).toBe(1)
    expect(short.output).toContain('at least 12 characters')
    const containsName = await createAdmin(t.databaseUrl, ['--username', 'root.admin'], 'root.admin-is-my-password\n')
    expect(containsName.code).toBe(1)
    expect(containsName.output).toContain('username')
    const noName = await createAdmin(t.databaseUrl, [], 'a long admin passphrase\n')
    expect(noName.code).toBe(2)
    expect(noName.output).toContain('usage')
    expect(await t.store.staff.count()).toBe(0)
  })
})
