import { uuidv7 } from 'uuidv7'
import type { FeedbackBatchResult } from '../../shared/feedback'
import { generateTrackingCode } from '../../shared/tracking-code'
import { postJson, type TestApp } from './test-app'

/** The first bytes each image type starts with, padded to `size` bytes. */
export function imageBytes(type: 'image/jpeg' | 'image/png' | 'image/webp' | 'text/plain', size = 64): Buffer {
  const head =
    type === 'image/jpeg'
      ? Buffer.from([0xff, 0xd8, 0xff, 0xe0])
      : type === 'image/png'
        ? Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
        : type === 'image/webp'
          ? Buffer.concat([Buffer.from('RIFF'), Buffer.from([0, 0, 0, 0]), Buffer.from('WEBPVP8 ')])
          : Buffer.from('just some text, not an image')
  const bytes = Buffer.alloc(Math.max(size, head.length), 0x42)
  head.copy(bytes)
  return bytes
}

/** A photo as the device sends it: PhotoRef plus its bytes in base64. */
export function photo(bytes: Buffer, contentType = 'image/jpeg', overrides: Record<string, unknown> = {}) {
  return { id: uuidv7(), contentType, byteSize: bytes.length, data: bytes.toString('base64'), ...overrides }
}

export function feedbackItem(overrides: Record<string, unknown> = {}) {
  return {
    id: uuidv7(),
    trackingCode: generateTrackingCode(),
    category: 'processing_time',
    counter: 'HCC-01',
    procedure: 'ABTC',
    description: 'Hồ sơ trễ hẹn ba ngày mà không có thông báo.',
    wantsAnswer: false,
    lang: 'vi',
    submittedAt: new Date().toISOString(),
    ...overrides,
  }
}

/** Contact details and consent, for an item whose sender wants an answer. */
export const WITH_CONTACT = {
  wantsAnswer: true,
  contact: { name: 'Nguyễn Văn Riêng', phone: '0912 345 678', email: 'rieng@example.vn' },
  consent: { given: true, textVersion: 'pd-2026-01' },
  hideName: true,
}

export async function postFeedback(app: TestApp['app'], items: unknown[]): Promise<FeedbackBatchResult['results']> {
  const res = await postJson(app, '/api/feedback', { items })
  if (res.status !== 200) throw new Error(`POST /api/feedback answered ${res.status}: ${await res.text()}`)
  return ((await res.json()) as FeedbackBatchResult).results
}
