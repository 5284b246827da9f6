import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { formatRecoveryCode, normalizeRecoveryCode, RecoveryCode, SecondFactorVerify, TotpCode } from '../../shared/second-factor'

describe('what a person types as a second factor', () => {
  it('reads a recovery code in any case, with or without its dash and spaces, and O, I, L as 0, 1, 1', () => {
    expect(normalizeRecoveryCode('7k3qp-a9xmv')).toBe('7K3QPA9XMV')
    expect(normalizeRecoveryCode(' 7K3QP A9XMV ')).toBe('7K3QPA9XMV')
    expect(normalizeRecoveryCode('O0IL1-ABCDE')).toBe('00111ABCDE')
    expect(formatRecoveryCode('7K3QPA9XMV')).toBe('7K3QP-A9XMV')
  })

  it('refuses what cannot be a recovery code: another length, a U', () => {
    expect(normalizeRecoveryCode('7K3QP-A9XM')).toBeNull()
    expect(normalizeRecoveryCode('7K3QP-A9XMVV')).toBeNull()
    expect(normalizeRecoveryCode('UUUUU-UUUUU')).toBeNull()
    expect(v.safeParse(RecoveryCode, 'nope').success).toBe(false)
  })

  it('takes the 6 digits of a code, the space apps show in the middle dropped', () => {
    expect(v.parse(TotpCode, '123 456')).toBe('123456')
    for (const bad of ['12345', '1234567', '12a456', '']) expect(v.safeParse(TotpCode, bad).success).toBe(false)
  })

  it('wants either a code or a recovery code, not both, not neither', () => {
    expect(v.parse(SecondFactorVerify, { code: '123456' })).toEqual({ code: '123456' })
    expect(v.parse(SecondFactorVerify, { recoveryCode: '7k3qp-a9xmv' })).toEqual({ recoveryCode: '7K3QPA9XMV' })
    expect(v.safeParse(SecondFactorVerify, {}).success).toBe(false)
    expect(v.safeParse(SecondFactorVerify, { code: '123456', recoveryCode: '7K3QP-A9XMV' }).success).toBe(false)
  })
})
