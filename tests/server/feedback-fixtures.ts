import { uuidv7 } from 'uuidv7'
import type { FeedbackBatchResult } from '../../shared/feedback'
import { generateTrackingCode } from '../../shared/tracking-code'
import { postJson, type TestApp } from './test-app'

export { imageBytes } from './photo-fixtures'

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
