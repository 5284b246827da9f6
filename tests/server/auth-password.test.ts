import { describe, expect, it } from 'vitest'
import { AccountInputError, checkAccountInput } from '../../server/auth/accounts'
import { hashPassword, needsRehash, OWASP_SCRYPT, passwordProblem, verifyPassword } from '../../server/auth/password'
import { canSeeUnit } from '../../server/auth/roles'
import { normalizeUsername, usernameProblem } from '../../server/auth/username'
import { ROLES, type StaffRole } from '../../shared/staff'
import { TEST_SCRYPT } from './test-app'

describe('password hashing', () => {
  it('verifies the password it hashed and refuses another', async () => {
    const hash = await hashPassword('correct horse battery staple', TEST_SCRYPT)
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true)
    expect(await verifyPassword('correct horse battery stapl', hash)).toBe(false)
    expect(await verifyPassword('Correct horse battery staple', hash)).toBe(false)
    expect(await verifyPassword('', hash)).toBe(false)
  })

  it('salts every hash: the same password never hashes the same twice', async () => {
    const [a, b] = await Promise.all([hashPassword('same password here', TEST_SCRYPT), hashPassword('same password here', TEST_SCRYPT)])
    expect(a).not.toBe(b)
  })

  it('keeps its parameters in the hash string, so they can be raised later', async () => {
    const hash = await hashPassword('correct horse battery staple', TEST_SCRYPT)
    expect(hash).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/)
    expect(needsRehash(hash, TEST_SCRYPT)).toBe(false)
    expect(needsRehash(hash, OWASP_SCRYPT)).toBe(true)
  })

  it("hashes at OWASP's cost by default (N = 2^17, r = 8, p = 1), which needs the raised memory ceiling", async () => {
    expect(OWASP_SCRYPT).toEqual({ logN: 17, r: 8, p: 1 })
    const hash = await hashPassword('correct horse battery staple')
    expect(hash.startsWith('$scrypt$ln=17,r=8,p=1$')).toBe(true)
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true)
  })

  it('treats composed and decomposed Vietnamese diacritics as the same password', async () => {
    const composed = 'Mật khẩu của tôi'.normalize('NFC')
    const decomposed = composed.normalize('NFD')
    expect(decomposed).not.toBe(composed)
    const hash = await hashPassword(composed, TEST_SCRYPT)
    expect(await verifyPassword(decomposed, hash)).toBe(true)
  })

  it('refuses to read a hash in an unknown format rather than calling it a wrong password', async () => {
    await expect(verifyPassword('whatever password', 'plain-text')).rejects.toThrow(/unrecognised password hash/)
  })

  it('refuses a stored cost so high that checking it would exhaust the memory', async () => {
    const hash = await hashPassword('correct horse battery staple', TEST_SCRYPT)
    await expect(verifyPassword('correct horse battery staple', hash.replace('ln=10', 'ln=30'))).rejects.toThrow(/out of range/)
  })
})

describe('password policy', () => {
  it('asks for 12 characters and nothing else: no composition rules', () => {
    expect(passwordProblem('short one!', 'lan')).toMatch(/at least 12/)
    expect(passwordProblem('aaaaaaaaaaaa', 'lan')).toBeUndefined()
    expect(passwordProblem('mèo ăn cá rán', 'lan')).toBeUndefined()
  })

  it('counts characters, not bytes or UTF-16 units', () => {
    // 11 characters, each several bytes: still too short.
    expect(passwordProblem('ắắắắắắắắắắắ', 'lan')).toMatch(/at least 12/)
    expect(passwordProblem('😀'.repeat(11), 'lan')).toMatch(/at least 12/)
  })

  it('refuses the username, or a password containing it, in any case', () => {
    expect(passwordProblem('lan.nguyen.2026', 'lan.nguyen')).toMatch(/username/)
    expect(passwordProblem('LAN.NGUYEN-LAN.NGUYEN', 'lan.nguyen')).toMatch(/username/)
    expect(passwordProblem('a different long passphrase', 'lan.nguyen')).toBeUndefined()
  })
})

describe('accounts', () => {
  it('normalises usernames: case, spaces and Unicode forms do not make a second account', () => {
    expect(normalizeUsername('  Lan.Nguyen ')).toBe('lan.nguyen')
    expect(usernameProblem('lan.nguyen')).toBeUndefined()
    expect(usernameProblem('la')).toBeDefined()
    expect(usernameProblem('lan nguyen')).toBeDefined()
    expect(usernameProblem('.lan')).toBeDefined()
  })

  it('requires a unit for unit staff, unit heads and inspectors, not for leadership and administrators', () => {
    const base = { username: 'someone', password: 'a long enough passphrase' }
    for (const role of ['unit_staff', 'unit_head', 'inspector'] as const) {
      expect(() => checkAccountInput({ ...base, role, unitCode: null })).toThrow(AccountInputError)
    }
    for (const role of ['leadership', 'admin'] as const) expect(() => checkAccountInput({ ...base, role, unitCode: null })).not.toThrow()
  })
})

describe('canSeeUnit', () => {
  const expected: Record<StaffRole, { own: boolean; other: boolean }> = {
    unit_staff: { own: true, other: false },
    unit_head: { own: true, other: false },
    inspector: { own: true, other: true },
    leadership: { own: true, other: true },
    admin: { own: false, other: false },
  }
  it.each(ROLES)('%s sees what its role allows', (role) => {
    const staff = { role, unitCode: role === 'admin' || role === 'leadership' ? null : 'LS' }
    expect({ own: canSeeUnit(staff, staff.unitCode ?? 'LS'), other: canSeeUnit(staff, 'HTQT') }).toEqual(expected[role])
  })

  it('never lets an account without a unit see a unit through a null match', () => {
    expect(canSeeUnit({ role: 'unit_staff', unitCode: null }, 'LS')).toBe(false)
  })
})
