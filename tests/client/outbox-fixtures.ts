import { uuidv7 } from 'uuidv7'
import type { ResponseIn } from '../../shared/response'
import { generateTrackingCode } from '../../shared/tracking-code'

// What the outbox tests queue: valid items, a new id (and tracking code) on every call.

/** A quick rating at counter HCC-01. */
export function response(overrides: Partial<ResponseIn> = {}): ResponseIn {
  return {
    id: uuidv7(),
    counter: 'HCC-01',
    questionnaire: { key: 'quick', version: 1 },
    answers: { overall: 'very_satisfied' },
    lang: 'vi',
    submittedAt: new Date().toISOString(),
    ...overrides,
  }
}

/** A feedback item without photos or contact details, filed at counter HCC-01. */
export function feedbackItem(overrides: Record<string, unknown> = {}) {
  return {
    id: uuidv7(),
    trackingCode: generateTrackingCode(),
    category: 'processing_time',
    counter: 'HCC-01',
    description: 'Hồ sơ trễ hẹn ba ngày mà không có thông báo.',
    wantsAnswer: false,
    lang: 'vi',
    submittedAt: new Date().toISOString(),
    ...overrides,
  }
}
