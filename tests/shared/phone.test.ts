import { describe, expect, it } from 'vitest'
import { formatVietnamesePhone, phoneHref } from '../../shared/phone'

describe('formatVietnamesePhone', () => {
  it.each([
    // Mobile numbers: 4-3-3, whatever form they were typed or stored in.
    ['+84912345678', '0912 345 678'],
    ['0912.345.678', '0912 345 678'],
    ['(+84) 912 345 678', '0912 345 678'],
    ['0084 912 345 678', '0912 345 678'],
    ['+84 0912 345 678', '0912 345 678'],
    ['+84386123456', '0386 123 456'],
    ['+84562123456', '0562 123 456'],
    ['+84703123456', '0703 123 456'],
    ['+84888123456', '0888 123 456'],
    // Provincial landlines: a four-digit area code (0239 Hà Tĩnh, 0236 Đà Nẵng), 4-4-3.
    ['+842393855123', '0239 3855 123'],
    ['02393855123', '0239 3855 123'],
    ['+842363822123', '0236 3822 123'],
    // Hà Nội and TP Hồ Chí Minh: a three-digit area code and eight digits, 3-4-4.
    ['+842438261234', '024 3826 1234'],
    ['028-3822-1234', '028 3822 1234'],
    // Not a Vietnamese number: as given.
    ['+1 202 555 0100', '+1 202 555 0100'],
    ['  091234567 ', '091234567'],
    ['', ''],
  ])('writes %j as %j', (input, shown) => {
    expect(formatVietnamesePhone(input)).toBe(shown)
  })

  it('links to the E.164 number', () => {
    expect(phoneHref('0912 345 678')).toBe('tel:+84912345678')
    expect(phoneHref('+1 (202) 555-0100')).toBe('tel:+12025550100')
  })
})
