import { uuidv7 } from 'uuidv7'
import type { NewFeedback } from '../../server/store/feedback-store'

/** A feedback item as the route hands it to the store (checked, routed, given its deadlines), with contact details. */
export function feedback(overrides: Partial<NewFeedback> = {}): NewFeedback {
  const id = uuidv7()
  return {
    id,
    hash: `hash-${id}`,
    trackingCode: `T${id.slice(-12)}`,
    category: 'processing_time',
    petitionType: 'feedback',
    counterCode: 'HCC-01',
    procedureCode: null,
    dossier: null,
    description: 'Hồ sơ trễ hẹn',
    wantsAnswer: true,
    contact: { name: 'Nguyễn Văn A', phone: '0912345678', email: null },
    hideName: false,
    consent: { version: 'consent-2026-11', at: Date.parse('2026-01-01T00:00:00Z') },
    unitCode: 'LS',
    routedByRule: null,
    routeReason: null,
    receivedAt: Date.parse('2026-01-01T00:00:00Z'),
    acceptBy: null,
    resolveBy: Date.parse('2026-01-20T10:00:00Z'),
    lang: 'vi',
    channel: 'qr',
    submittedAt: Date.parse('2026-01-01T00:00:00Z'),
    photos: [],
    ...overrides,
  }
}
