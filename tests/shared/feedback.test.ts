import * as v from 'valibot'
import { describe, expect, it } from 'vitest'
import { fromValibotIssues } from '../../shared/api-error'
import {
  canTransition,
  FEEDBACK_CATEGORIES,
  FEEDBACK_STATUSES,
  FEEDBACK_TRANSITIONS,
  FeedbackBatch,
  FeedbackIn,
  isOpenStatus,
  MAX_FEEDBACK_BATCH,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  OPEN_STATUSES,
  PHOTO_CONTENT_TYPES,
  type FeedbackStatus,
} from '../../shared/feedback'
import { normaliseVietnamesePhone } from '../../shared/phone'
import { generateTrackingCode } from '../../shared/tracking-code'

const TRACKING = generateTrackingCode()

const PHOTO = { id: '01936f5e-8a3b-7c4d-9e2f-0123456789ac', contentType: 'image/jpeg', byteSize: 350_000 }

/** An anonymous item: no answer wanted, nothing personal. */
const ANONYMOUS = {
  id: '01936f5e-8a3b-7c4d-9e2f-0123456789ab',
  trackingCode: TRACKING,
  category: 'processing_time',
  counter: 'HCC-01',
  procedure: 'HC-NGCV',
  dossier: 'hs-2026/001',
  description: 'Hồ sơ nộp từ 01/06 đến nay chưa có kết quả, quá hẹn 5 ngày.',
  photos: [PHOTO],
  wantsAnswer: false,
  hideName: false,
  lang: 'vi',
  submittedAt: '2026-06-30T08:30:00.000Z',
}

const CONSENT = { given: true, textVersion: 'pdp-2026-01' }

/** An item whose sender wants an answer by phone and gave consent. */
const WITH_CONTACT = {
  ...ANONYMOUS,
  wantsAnswer: true,
  contact: { name: 'Nguyễn Văn A', phone: '0912 345 678' },
  consent: CONSENT,
  hideName: true,
}

function parse(value: Record<string, unknown>) {
  return v.safeParse(FeedbackIn, value)
}

function refusal(value: Record<string, unknown>): { path: string; message: string } {
  const result = parse(value)
  expect(result.success, 'should be refused').toBe(false)
  return result.success ? { path: '', message: '' } : fromValibotIssues(result.issues)
}

function without<T extends Record<string, unknown>>(value: T, ...keys: (keyof T)[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...value }
  for (const key of keys) delete copy[key as string]
  return copy
}

describe('FeedbackIn: the item itself', () => {
  it('accepts an anonymous item and normalises its codes', () => {
    const result = parse(ANONYMOUS)
    expect(result.success).toBe(true)
    expect(result.output).toMatchObject({ dossier: 'HS-2026/001', trackingCode: TRACKING, photos: [PHOTO] })
  })

  it('accepts the minimum: no counter, procedure, dossier or photos; hideName defaults to false', () => {
    const result = parse(without(ANONYMOUS, 'counter', 'procedure', 'dossier', 'photos', 'hideName'))
    expect(result.success).toBe(true)
    expect(result.output).toMatchObject({ photos: [], hideName: false })
  })

  it.each(['id', 'trackingCode', 'category', 'description', 'wantsAnswer', 'lang', 'submittedAt'] as const)('requires %s, naming it', (key) => {
    expect(refusal(without(ANONYMOUS, key)).path).toBe(key)
  })

  it('names the field in the message', () => {
    expect(refusal({ ...ANONYMOUS, description: 'short' }).message).toBe('description: must be at least 10 characters')
  })

  it.each(FEEDBACK_CATEGORIES)('accepts category %s', (category) => {
    expect(parse({ ...ANONYMOUS, category }).success).toBe(true)
  })

  it.each(['Conduct', 'delay', '', 3])('refuses category %j', (category) => {
    expect(refusal({ ...ANONYMOUS, category }).path).toBe('category')
  })

  it('refuses an id that is not a UUID v7, and lower-cases one that is', () => {
    expect(refusal({ ...ANONYMOUS, id: '0f8fad5b-d9cb-469f-a165-70867728950e' }).path).toBe('id')
    expect(parse({ ...ANONYMOUS, id: ANONYMOUS.id.toUpperCase() }).output).toMatchObject({ id: ANONYMOUS.id })
  })

  it('reads the tracking code however it was typed and refuses a mistyped one', () => {
    expect(parse({ ...ANONYMOUS, trackingCode: TRACKING.replaceAll('-', '').toLowerCase() }).output).toMatchObject({ trackingCode: TRACKING })
    const last = TRACKING.at(-1) === 'A' ? 'B' : 'A'
    expect(refusal({ ...ANONYMOUS, trackingCode: TRACKING.slice(0, -1) + last }).path).toBe('trackingCode')
  })

  it.each([
    ['counter', 'HCC 01'],
    ['procedure', 'x y'],
    ['dossier', 'ab'],
  ])('refuses a bad %s code', (key, value) => {
    expect(refusal({ ...ANONYMOUS, [key]: value }).path).toBe(key)
  })

  it('refuses an unknown field, naming it', () => {
    expect(refusal({ ...ANONYMOUS, address: 'Hà Tĩnh' }).path).toBe('address')
  })

  it.each(['2026-06-30', '2026-06-30T17:30:00+07', '2026-02-31T08:00:00Z'])('refuses submittedAt %s', (submittedAt) => {
    expect(refusal({ ...ANONYMOUS, submittedAt }).path).toBe('submittedAt')
  })

  it('refuses a language other than vi and en', () => {
    expect(refusal({ ...ANONYMOUS, lang: 'fr' }).path).toBe('lang')
  })
})

describe('FeedbackIn: description', () => {
  it('is trimmed before its length is checked', () => {
    expect(refusal({ ...ANONYMOUS, description: `   ${'x'.repeat(9)}   ` }).path).toBe('description')
    expect(parse({ ...ANONYMOUS, description: `  ${'x'.repeat(10)}\n` }).output).toMatchObject({ description: 'x'.repeat(10) })
  })

  it('accepts 5000 characters and refuses 5001', () => {
    expect(parse({ ...ANONYMOUS, description: 'x'.repeat(5000) }).success).toBe(true)
    expect(refusal({ ...ANONYMOUS, description: 'x'.repeat(5001) }).path).toBe('description')
  })

  it('stores Vietnamese in one Unicode form whatever keyboard typed it', () => {
    const decomposed = 'Cán bộ hướng dẫn chưa rõ ràng'.normalize('NFD')
    const result = parse({ ...ANONYMOUS, description: decomposed })
    expect(result.output).toMatchObject({ description: 'Cán bộ hướng dẫn chưa rõ ràng'.normalize('NFC') })
    expect(result.success && result.output.description).not.toBe(decomposed)
  })
})

function photo(n: number, change: Record<string, unknown> = {}) {
  return { ...PHOTO, id: `01936f5e-8a3b-7c4d-9e2f-0123456789a${n}`, ...change }
}

describe('FeedbackIn: photos', () => {
  it('declares the limits as constants', () => {
    expect([MAX_PHOTOS, MAX_PHOTO_BYTES, [...PHOTO_CONTENT_TYPES]]).toEqual([3, 2_097_152, ['image/jpeg', 'image/png', 'image/webp']])
  })

  it('accepts three photos of each type at the size limit', () => {
    const photos = PHOTO_CONTENT_TYPES.map((contentType, i) => photo(i, { contentType, byteSize: MAX_PHOTO_BYTES }))
    expect(parse({ ...ANONYMOUS, photos }).success).toBe(true)
  })

  it('refuses a fourth photo', () => {
    expect(refusal({ ...ANONYMOUS, photos: [photo(0), photo(1), photo(2), photo(3)] }).path).toBe('photos')
  })

  it.each([
    ['one byte over 2 MB', { byteSize: MAX_PHOTO_BYTES + 1 }, 'photos.0.byteSize'],
    ['an empty file', { byteSize: 0 }, 'photos.0.byteSize'],
    ['a fractional size', { byteSize: 10.5 }, 'photos.0.byteSize'],
    ['a GIF', { contentType: 'image/gif' }, 'photos.0.contentType'],
    ['a HEIC straight from an iPhone', { contentType: 'image/heic' }, 'photos.0.contentType'],
    ['an SVG', { contentType: 'image/svg+xml' }, 'photos.0.contentType'],
    ['an id that is not a UUID v7', { id: 'photo-1' }, 'photos.0.id'],
    ['a file name', { name: 'IMG_0001.jpg' }, 'photos.0.name'],
  ])('refuses %s', (_label, change, path) => {
    expect(refusal({ ...ANONYMOUS, photos: [photo(0, change)] }).path).toBe(path)
  })

  it('refuses the same photo twice', () => {
    expect(refusal({ ...ANONYMOUS, photos: [photo(0), photo(0)] }).path).toBe('photos')
  })
})

describe('FeedbackIn: answer, contact and consent', () => {
  it('accepts contact details with wantsAnswer and explicit consent, normalising the phone', () => {
    const result = parse(WITH_CONTACT)
    expect(result.success).toBe(true)
    expect(result.output).toMatchObject({ contact: { name: 'Nguyễn Văn A', phone: '+84912345678' }, consent: CONSENT, hideName: true })
  })

  it('accepts an answer wanted without contact details: it is read on the tracking page', () => {
    expect(parse({ ...ANONYMOUS, wantsAnswer: true }).success).toBe(true)
  })

  it('refuses contact details without consent (silence is not consent)', () => {
    const { path, message } = refusal(without(WITH_CONTACT, 'consent'))
    expect(path).toBe('consent')
    expect(message).toMatch(/^consent: .*silence is not consent/)
  })

  it.each([
    ['false', false],
    ['the string "true"', 'true'],
    ['1', 1],
  ])('refuses consent given as %s', (_label, given) => {
    expect(refusal({ ...WITH_CONTACT, consent: { ...CONSENT, given } }).path).toBe('consent.given')
  })

  it('refuses consent without the version of the text shown', () => {
    expect(refusal({ ...WITH_CONTACT, consent: { given: true } }).path).toBe('consent.textVersion')
    expect(refusal({ ...WITH_CONTACT, consent: { given: true, textVersion: '  ' } }).path).toBe('consent.textVersion')
  })

  it('refuses consent when no answer is wanted', () => {
    expect(refusal({ ...ANONYMOUS, consent: CONSENT }).path).toBe('consent')
  })

  it('refuses contact details when no answer is wanted, even with consent', () => {
    const { path, message } = refusal({ ...WITH_CONTACT, wantsAnswer: false })
    expect(path).toBe('contact')
    expect(message).toBe('contact: is only accepted when wantsAnswer is true')
  })

  it('refuses consent given for contact details that were not sent', () => {
    expect(refusal(without(WITH_CONTACT, 'contact')).path).toBe('consent')
  })

  it('needs a phone number or an email address to answer by contact', () => {
    expect(refusal({ ...WITH_CONTACT, contact: { name: 'Nguyễn Văn A' } }).path).toBe('contact')
    expect(parse({ ...WITH_CONTACT, contact: { name: 'Nguyễn Văn A', email: 'a@example.vn' } }).success).toBe(true)
    expect(parse({ ...WITH_CONTACT, contact: { name: 'A', phone: '0912345678', email: 'a@example.vn' } }).success).toBe(true)
  })

  it('needs a name, trimmed, at most 100 characters', () => {
    expect(refusal({ ...WITH_CONTACT, contact: { phone: '0912345678' } }).path).toBe('contact.name')
    expect(refusal({ ...WITH_CONTACT, contact: { name: '   ', phone: '0912345678' } }).path).toBe('contact.name')
    expect(refusal({ ...WITH_CONTACT, contact: { name: 'x'.repeat(101), phone: '0912345678' } }).path).toBe('contact.name')
    expect(parse({ ...WITH_CONTACT, contact: { name: ' Trần Thị B ', phone: '0912345678' } }).output).toMatchObject({ contact: { name: 'Trần Thị B' } })
  })

  it.each(['a@b', 'not an email', 'a@@example.vn', ''])('refuses the email %j', (email) => {
    expect(refusal({ ...WITH_CONTACT, contact: { name: 'A', email } }).path).toBe('contact.email')
  })

  it.each([
    ['0912345678', '+84912345678'],
    ['0912 345 678', '+84912345678'],
    ['0912.345.678', '+84912345678'],
    ['091-234-5678', '+84912345678'],
    ['+84912345678', '+84912345678'],
    ['+84 912 345 678', '+84912345678'],
    ['(+84) 912 345 678', '+84912345678'],
    ['0084 912 345 678', '+84912345678'],
    ['+84 0912 345 678', '+84912345678'],
    [' 0386 123 456 ', '+84386123456'],
    ['0562 123 456', '+84562123456'],
    ['0703 123 456', '+84703123456'],
    ['0888 123 456', '+84888123456'],
    ['0239 3855 123', '+842393855123'],
    ['024 3826 1234', '+842438261234'],
  ])('reads the phone %j as %s', (phone, expected) => {
    expect(normaliseVietnamesePhone(phone)).toBe(expected)
    expect(parse({ ...WITH_CONTACT, contact: { name: 'A', phone } }).output).toMatchObject({ contact: { phone: expected } })
  })

  it.each([
    ['nine digits', '091234567'],
    ['eleven-digit mobile', '09123456789'],
    ['an old 01x prefix', '01234567890'],
    ['a 04x prefix', '0412345678'],
    ['a 06x prefix', '0612345678'],
    ['a foreign number', '+1 202 555 0100'],
    ['84 without a plus', '84912345678'],
    ['a letter', '091234567a'],
    ['an empty string', ''],
    ['a too-short landline', '0239 385 512'],
  ])('refuses a phone with %s', (_label, phone) => {
    expect(normaliseVietnamesePhone(phone)).toBeNull()
    expect(refusal({ ...WITH_CONTACT, contact: { name: 'A', phone } }).path).toBe('contact.phone')
  })

  it('refuses an unknown contact field', () => {
    expect(refusal({ ...WITH_CONTACT, contact: { name: 'A', phone: '0912345678', address: 'Hà Tĩnh' } }).path).toBe('contact.address')
  })
})

describe('FeedbackBatch', () => {
  it(`accepts 1 and ${MAX_FEEDBACK_BATCH} items, leaving each item unchecked`, () => {
    expect(MAX_FEEDBACK_BATCH).toBe(50)
    expect(v.safeParse(FeedbackBatch, { items: [{ junk: true }] }).success).toBe(true)
    expect(v.safeParse(FeedbackBatch, { items: Array.from({ length: 50 }, () => null) }).success).toBe(true)
  })

  it.each([
    ['no items', { items: [] }, 'items'],
    ['51 items', { items: Array.from({ length: 51 }, () => ({})) }, 'items'],
    ['no list', {}, 'items'],
    ['an extra field', { items: [{}], force: true }, 'force'],
  ])('refuses a batch with %s', (_label, body, path) => {
    const result = v.safeParse(FeedbackBatch, body)
    expect(result.success ? '' : fromValibotIssues(result.issues).path).toBe(path)
  })
})

/** Every status the flow can reach from `start`. */
function reachable(start: FeedbackStatus): Set<FeedbackStatus> {
  const seen = new Set<FeedbackStatus>([start])
  const queue = [start]
  for (let s = queue.shift(); s !== undefined; s = queue.shift()) {
    for (const next of FEEDBACK_TRANSITIONS[s]) {
      if (seen.has(next)) continue
      seen.add(next)
      queue.push(next)
    }
  }
  return seen
}

describe('the status flow', () => {
  it.each([
    ['received', 'acknowledged'],
    ['acknowledged', 'in_progress'],
    ['in_progress', 'info_requested'],
    ['info_requested', 'in_progress'],
    ['in_progress', 'answered'],
    ['answered', 'closed'],
    ['answered', 'in_progress'],
    ['received', 'forwarded'],
    ['in_progress', 'forwarded'],
    ['forwarded', 'acknowledged'],
    ['forwarded', 'forwarded'],
    ['received', 'spam'],
    ['acknowledged', 'duplicate'],
  ] as [FeedbackStatus, FeedbackStatus][])('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true)
  })

  it.each([
    ['received', 'answered'],
    ['received', 'in_progress'],
    ['received', 'closed'],
    ['acknowledged', 'received'],
    ['answered', 'forwarded'],
    ['answered', 'spam'],
    ['in_progress', 'in_progress'],
    ['forwarded', 'answered'],
  ] as [FeedbackStatus, FeedbackStatus][])('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false)
  })

  it.each(['closed', 'duplicate', 'spam'] as FeedbackStatus[])('treats %s as final', (from) => {
    for (const to of FEEDBACK_STATUSES) expect(canTransition(from, to), `${from} → ${to}`).toBe(false)
    expect(isOpenStatus(from)).toBe(false)
  })

  it('reaches every status from received, and a final one from every open status', () => {    expect([...reachable('received')].sort()).toEqual([...FEEDBACK_STATUSES].sort())
    for (const open of OPEN_STATUSES) expect(reachable(open).has('closed') || reachable(open).has('answered'), open).toBe(true)
  })

  it('counts only unanswered, unclosed items as open (their deadline still runs)', () => {
    expect(FEEDBACK_STATUSES.filter(isOpenStatus)).toEqual(['received', 'acknowledged', 'in_progress', 'info_requested', 'forwarded'])
  })
})
