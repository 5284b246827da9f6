import { afterEach, describe, expect, it, vi } from 'vitest'
import type * as Password from '../../server/auth/password'
import { addStaff, createTestApp, signInRequest, type TestApp } from './test-app'

// Count the password checks instead of timing them: tests assert behaviour, benchmarks measure time.
const checks = vi.hoisted(() => [] as string[])
vi.mock('../../server/auth/password', async (importOriginal) => {
  const original = await importOriginal<typeof Password>()
  return {
    ...original,
    verifyPassword: async (password: string, stored: string) => {
      checks.push(stored)
      return original.verifyPassword(password, stored)
    },
  }
})

let t: TestApp
afterEach(() => t.close())

describe('POST /api/auth/sign-in for unknown and known usernames', () => {
  it('post /auth/sign-in does the same scrypt work for an unknown username as for a wrong password', async () => {
    t = await createTestApp()
    await addStaff(t, { username: 'lan.nguyen', role: 'unit_staff', unitCode: 'LS', displayName: 'Nguyễn Thị Lan' })
    const stored = (await t.store.staff.findByUsername('lan.nguyen'))!.passwordHash

    checks.length = 0
    const known = await signInRequest(t.app, 'lan.nguyen', 'a wrong password here')
    const unknown = await signInRequest(t.app, 'nobody.here', 'a wrong password here')

    expect(known.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(await unknown.json()).toEqual(await known.json())
    // One scrypt check each: against the account's hash, then against a dummy hash of the same cost.
    expect(checks).toHaveLength(2)
    expect(checks[0]).toBe(stored)
    expect(checks[1]).not.toBe(stored)
    expect(checks[1]!.split('$').slice(0, -2)).toEqual(stored.split('$').slice(0, -2))
  })
})
