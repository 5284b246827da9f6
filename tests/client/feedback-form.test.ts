import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { CONSENT_TEXT_VERSION, useFeedbackStore } from '../../client/stores/feedback'
import { useFeedbackOutboxStore } from '../../client/stores/feedback-outbox'

beforeEach(() => setActivePinia(createPinia()))

/** A store whose outbox records what it was given instead of opening IndexedDB. */
function form() {
  const feedback = useFeedbackStore()
  const outbox = useFeedbackOutboxStore()
  const queued: { item: Record<string, unknown>; photos: unknown[] }[] = []
  outbox.submit = async (item, photos) => {
    queued.push({ item: item as Record<string, unknown>, photos })
    const { id, trackingCode } = item as { id: string; trackingCode: string }
    return { state: 'queued', id, trackingCode }
  }
  feedback.begin({ origin: '/q/HCC-01/phan-anh?p=ABTC', counter: 'HCC-01', procedure: 'ABTC', dossier: '' })
  return { feedback, queued }
}

const errorKeys = (feedback: ReturnType<typeof useFeedbackStore>) =>
  Object.fromEntries(Object.entries(feedback.errors).map(([field, error]) => [field, error?.key]))

describe('the filing form, checked with the shared schema', () => {
  it('names each missing or bad field and queues nothing', async () => {
    const { feedback, queued } = form()
    feedback.description = 'ngắn'
    feedback.dossier = 'x'
    expect(await feedback.submit('vi')).toBe(false)
    expect(errorKeys(feedback)).toEqual({
      category: 'feedback.errors.category',
      description: 'feedback.errors.descriptionShort',
      dossier: 'feedback.errors.dossier',
    })
    expect(queued).toEqual([])
  })

  it('asks for a name and a way to answer only of those who want an answer and consented', async () => {
    const { feedback } = form()
    feedback.category = 'conduct'
    feedback.description = 'Cán bộ không hướng dẫn đầy đủ thành phần hồ sơ.'
    feedback.wantsAnswer = true
    feedback.consent = true
    expect(await feedback.submit('vi')).toBe(false)
    expect(errorKeys(feedback)).toEqual({ name: 'feedback.errors.name', reach: 'feedback.errors.reach' })
    feedback.name = 'Trần Văn B'
    feedback.phone = '12345'
    feedback.email = 'not-an-address'
    expect(errorKeys(feedback)).toEqual({ phone: 'feedback.errors.phone', email: 'feedback.errors.email' })
  })

  it('does not drop typed contact details silently when the consent box is not ticked', async () => {
    const { feedback, queued } = form()
    feedback.category = 'fees'
    feedback.description = 'Thu thêm phí không có trong quy định.'
    feedback.wantsAnswer = true
    feedback.phone = '0912 345 678'
    expect(await feedback.submit('vi')).toBe(false)
    expect(errorKeys(feedback)).toEqual({ consent: 'feedback.errors.consent' })
    // Cleared: the item goes without contact details, the answer on the tracking page.
    feedback.phone = ''
    expect(await feedback.submit('vi')).toBe(true)
    expect(queued).toHaveLength(1)
    expect(queued[0]!.item).toMatchObject({ wantsAnswer: true, counter: 'HCC-01', procedure: 'ABTC' })
    expect(queued[0]!.item).not.toHaveProperty('contact')
    expect(queued[0]!.item).not.toHaveProperty('consent')
  })

  it('sends contact details with the consent and its text version, and shows the receipt with the code', async () => {
    const { feedback, queued } = form()
    feedback.category = 'processing_time'
    feedback.description = 'Hồ sơ trễ hẹn ba ngày mà không có thông báo.'
    feedback.wantsAnswer = true
    feedback.name = 'Lê Thị C'
    feedback.email = 'c@example.vn'
    feedback.consent = true
    feedback.hideName = true
    expect(await feedback.submit('en')).toBe(true)
    const item = queued[0]!.item
    expect(item).toMatchObject({
      contact: { name: 'Lê Thị C', email: 'c@example.vn' },
      consent: { given: true, textVersion: CONSENT_TEXT_VERSION },
      hideName: true,
      lang: 'en',
    })
    expect(feedback.receipt).toEqual({ state: 'queued', id: item.id, trackingCode: item.trackingCode })
    // The next item is another one: a new id and a new code.
    feedback.again()
    expect(feedback.receipt).toBeNull()
    expect(feedback.procedure).toBe('ABTC')
    feedback.category = 'other'
    feedback.description = 'Một phản ánh khác về cùng hồ sơ.'
    await feedback.submit('vi')
    expect(queued[1]!.item.id).not.toBe(item.id)
    expect(queued[1]!.item.trackingCode).not.toBe(item.trackingCode)
  })
})

describe('the filing form opened after a poor rating', () => {
  const fromRating = { category: 'processing_time' as const, description: 'Điều chưa tốt khi giải quyết thủ tục của tôi: Phải chờ đợi lâu.' }
  const start = { origin: '/q/HCC-01/phan-anh?problems=waiting_time', counter: 'HCC-01', procedure: '', dossier: '' }

  it('starts from what the rating said went wrong, and the citizen edits it freely', async () => {
    const { feedback, queued } = form()
    feedback.begin({ ...start, fromRating })
    expect([feedback.category, feedback.description]).toEqual([fromRating.category, fromRating.description])
    feedback.category = 'conduct'
    feedback.description = `${fromRating.description} Cán bộ không giải thích lý do.`
    // The same URL again (the catalog refreshed) keeps what the citizen changed.
    feedback.begin({ ...start, fromRating })
    expect(await feedback.submit('vi')).toBe(true)
    expect(queued[0]!.item).toMatchObject({ category: 'conduct', description: `${fromRating.description} Cán bộ không giải thích lý do.` })
  })

  it('fills in what the rating said once the catalog that reads it arrives, if nothing was typed yet', () => {
    const { feedback } = form()
    feedback.begin(start)
    expect([feedback.category, feedback.description]).toEqual(['', ''])
    feedback.begin({ ...start, fromRating })
    expect([feedback.category, feedback.description]).toEqual([fromRating.category, fromRating.description])
  })
})
