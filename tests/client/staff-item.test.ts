import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FeedbackDetail } from '../../shared/staff-feedback'
import { generateTrackingCode } from '../../shared/tracking-code'
import { forgetCsrfToken } from '../../client/api/client'
import { actionBody } from '../../client/components/staff/action-forms'
import { checkAction, useStaffItemStore } from '../../client/stores/staff-item'
import { apiError, fakeFetch, json, ME } from './staff-fake-fetch'

const ID = '019abc12-3456-7def-8123-456789abcdef'
const ITEM_URL = `/api/staff/feedback/${ID}`

function detail(over: Partial<FeedbackDetail> = {}): FeedbackDetail {
  return {
    id: ID,
    trackingCode: 'ABCD-EFGH-JKM',
    category: 'processing_time',
    petitionType: 'feedback',
    status: 'received',
    unit: { code: 'LS', name: { vi: 'Phòng Lãnh sự', en: 'Consular Office' } },
    counterCode: 'HCC-01',
    procedureCode: 'ABTC',
    channel: 'qr',
    open311Client: null,
    counter: { code: 'HCC-01', name: { vi: 'Quầy số 1', en: 'Counter 1' } },
    procedure: { code: 'ABTC', name: { vi: 'Cho phép sử dụng thẻ ABTC', en: 'Approval to use the ABTC' } },
    receivedAt: '2026-11-28T02:00:00.000Z',
    acceptBy: null,
    resolveBy: '2026-12-18T10:00:00.000Z',
    dueBy: '2026-12-18T10:00:00.000Z',
    dueStep: 'resolve',
    urgency: 'on_time',
    assignedTo: null,
    excerpt: 'Hồ sơ trễ hẹn',
    photoCount: 0,
    description: 'Hồ sơ trễ hẹn ba ngày.',
    dossier: null,
    wantsAnswer: false,
    contact: null,
    routedByRule: null,
    routeReason: null,
    complex: false,
    acceptedAt: null,
    publicAnswer: null,
    answeredAt: null,
    closedAt: null,
    duplicateOf: null,
    photos: [],
    history: [],
    allowedActions: ['acknowledge', 'note'],
    version: 1,
    ...over,
  }
}

beforeEach(() => {
  setActivePinia(createPinia())
  forgetCsrfToken()
})
afterEach(() => vi.unstubAllGlobals())

describe('item store', () => {
  it('sends the action with the version on screen and the CSRF token, and shows the answer', async () => {
    const { fetch, calls } = fakeFetch({
      [`GET ${ITEM_URL}`]: [() => json(detail())],
      'GET /api/staff/me': [() => json(ME)],
      [`POST ${ITEM_URL}/actions`]: [() => json(detail({ status: 'acknowledged', version: 2, allowedActions: ['start', 'answer', 'note'] }))],
    })
    vi.stubGlobal('fetch', fetch)
    const item = useStaffItemStore()
    await item.load(ID)
    expect(await item.act({ action: 'acknowledge', version: 1 })).toBe(true)
    const post = calls.find((c) => c.method === 'POST')!
    expect(post.body).toEqual({ action: 'acknowledge', version: 1 })
    expect(post.headers['x-csrf-token']).toBe(ME.csrfToken)
    expect(item.detail?.status).toBe('acknowledged')
    expect(item.detail?.version).toBe(2)
    expect(item.notice).toEqual({ kind: 'done', action: 'acknowledge' })
  })

  it('reloads on 409 stale and says someone else changed the item', async () => {
    const { fetch, calls } = fakeFetch({
      [`GET ${ITEM_URL}`]: [() => json(detail()), () => json(detail({ status: 'acknowledged', version: 3, allowedActions: ['answer'] }))],
      'GET /api/staff/me': [() => json(ME)],
      [`POST ${ITEM_URL}/actions`]: [() => apiError(409, 'stale', 'version: the item changed meanwhile', 'version')],
    })
    vi.stubGlobal('fetch', fetch)
    const item = useStaffItemStore()
    await item.load(ID)
    expect(await item.act({ action: 'acknowledge', version: 1 })).toBe(false)
    expect(calls.filter((c) => c.method === 'GET' && c.url === ITEM_URL)).toHaveLength(2)
    expect(item.detail?.version).toBe(3)
    expect(item.detail?.allowedActions).toEqual(['answer'])
    expect(item.notice).toEqual({ kind: 'stale' })
    // Nothing was sent again on the reader's behalf.
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1)
  })

  it('puts a 400 next to the field the server named', async () => {
    const { fetch } = fakeFetch({
      [`GET ${ITEM_URL}`]: [() => json(detail({ allowedActions: ['mark_duplicate'] }))],
      'GET /api/staff/me': [() => json(ME)],
      [`POST ${ITEM_URL}/actions`]: [
        () => apiError(400, 'unknown_item', 'of: no item you can see has this tracking code', 'of'),
        () => apiError(400, 'duplicate_target', 'of: is itself a duplicate; mark this item as a duplicate of the original', 'of'),
      ],
    })
    vi.stubGlobal('fetch', fetch)
    const item = useStaffItemStore()
    await item.load(ID)
    expect(await item.act({ action: 'mark_duplicate', version: 1, of: generateTrackingCode(), reason: 'Trùng' })).toBe(false)
    expect(item.fieldProblem).toMatchObject({ field: 'of', kind: 'unknown_item' })
    expect(item.notice).toBeNull()
    // "itself" in the message is not this item's own code: the code decides.
    expect(await item.act({ action: 'mark_duplicate', version: 1, of: generateTrackingCode(), reason: 'Trùng' })).toBe(false)
    expect(item.fieldProblem).toMatchObject({ field: 'of', kind: 'duplicate_target' })
  })

  it('refuses an empty answer before sending it, with the shared schema', async () => {
    const { fetch, calls } = fakeFetch({ [`GET ${ITEM_URL}`]: [() => json(detail({ allowedActions: ['answer'] }))] })
    vi.stubGlobal('fetch', fetch)
    const item = useStaffItemStore()
    await item.load(ID)
    expect(await item.act(actionBody('answer', 1, { answer: '   ' }))).toBe(false)
    expect(item.fieldProblem).toMatchObject({ field: 'answer', kind: 'required' })
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    expect(checkAction(actionBody('answer', 1, { answer: 'x'.repeat(5001) }))).toMatchObject({ field: 'answer', kind: 'too_long' })
    expect(checkAction(actionBody('mark_duplicate', 1, { of: 'nope', reason: 'r' }))).toMatchObject({ field: 'of', kind: 'tracking_code' })
  })

  it('shows the not-found page for an item outside the reader’s scope', async () => {
    vi.stubGlobal('fetch', fakeFetch({ [`GET ${ITEM_URL}`]: [() => apiError(404, 'not_found')] }).fetch)
    const item = useStaffItemStore()
    await item.load(ID)
    expect(item.notFound).toBe(true)
    expect(item.detail).toBeNull()
  })

  it('fetches a new CSRF token and tries once more when the session changed in another tab', async () => {
    const { fetch, calls } = fakeFetch({
      [`GET ${ITEM_URL}`]: [() => json(detail())],
      'GET /api/staff/me': [() => json(ME), () => json({ ...ME, csrfToken: 'token-2' })],
      [`POST ${ITEM_URL}/actions`]: [() => apiError(403, 'csrf'), () => json(detail({ version: 2 }))],
    })
    vi.stubGlobal('fetch', fetch)
    const item = useStaffItemStore()
    await item.load(ID)
    expect(await item.act({ action: 'note', version: 1, text: 'Đã gọi điện cho người dân.' })).toBe(true)
    const posts = calls.filter((c) => c.method === 'POST')
    expect(posts.map((p) => p.headers['x-csrf-token'])).toEqual(['token-1', 'token-2'])
  })
})

describe('action bodies', () => {
  it('leaves an empty optional note out, and reads the assignee select', () => {
    expect(actionBody('acknowledge', 4, { note: ' ' })).toEqual({ action: 'acknowledge', version: 4 })
    expect(actionBody('assign', 4, { staffId: '12' })).toEqual({ action: 'assign', version: 4, staffId: 12 })
    expect(actionBody('assign', 4, { staffId: '' })).toEqual({ action: 'assign', version: 4, staffId: null })
    expect(actionBody('reclassify', 4, { petitionType: 'complaint', complex: true, note: '' })).toEqual({ action: 'reclassify', version: 4, petitionType: 'complaint', complex: true })
  })
})
