import { uuidv7 } from 'uuidv7'
import type { FeedbackCategory, FeedbackStatus } from '../../shared/feedback'
import { deadlineFor, type PetitionType } from '../../shared/petition-types'
import type { StaffRole } from '../../shared/staff'
import type { FeedbackAction, FeedbackDetail, InboxPage } from '../../shared/staff-feedback'
import { generateTrackingCode } from '../../shared/tracking-code'
import { DEFAULT_DEADLINES } from '../../server/defaults/deadlines'
import { DEFAULT_CALENDAR } from '../../server/defaults/holidays'
import type { NewFeedback } from '../../server/store/feedback-store'
import { imageBytes } from './feedback-fixtures'
import { addStaff, createTestApp, signIn, staffRequest, TestClock, type Session, type TestApp } from './test-app'

/** Monday 2 March 2026, 08:00 in Hà Tĩnh: a working day, far from Tết. */
export const MONDAY_0800 = Date.parse('2026-03-02T01:00:00Z')
export const DAY = 86_400_000

export interface SeedItem {
  unitCode?: string | null
  category?: FeedbackCategory
  description?: string
  receivedAt?: number
  contact?: NewFeedback['contact']
  hideName?: boolean
  photos?: number
  lang?: 'vi' | 'en'
  petitionType?: PetitionType
  /** Deadlines chosen by the test instead of computed. */
  acceptBy?: number | null
  resolveBy?: number
  /** Set straight in the table after the insert: a state the test starts from. */
  status?: FeedbackStatus
}

/**
 * Stores an item straight through the store, received when the test says (the public route stamps the
 * real clock), with its deadlines computed as the route computes them.
 */
export async function seedItem(t: TestApp, item: SeedItem = {}): Promise<{ id: string; trackingCode: string; receivedAt: number }> {
  const receivedAt = item.receivedAt ?? MONDAY_0800
  const category = item.category ?? 'processing_time'
  const petitionType = item.petitionType ?? 'feedback'
  const d = deadlineFor(petitionType, receivedAt, DEFAULT_DEADLINES, DEFAULT_CALENDAR, { category })
  const id = uuidv7()
  const trackingCode = generateTrackingCode()
  const contact = item.contact ?? null
  const [result] = await t.store.feedback.insert([
    {
      id,
      hash: id,
      trackingCode,
      category,
      petitionType,
      counterCode: 'HCC-01',
      procedureCode: null,
      dossier: null,
      description: item.description ?? 'Hồ sơ trễ hạn ba ngày mà không có thông báo.',
      wantsAnswer: contact !== null,
      contact,
      hideName: item.hideName ?? false,
      consent: contact === null ? null : { version: 'pd-2026-01', at: receivedAt },
      unitCode: item.unitCode === undefined ? 'LS' : item.unitCode,
      routedByRule: null,
      routeReason: null,
      receivedAt,
      acceptBy: item.acceptBy === undefined ? d.acceptBy : item.acceptBy,
      resolveBy: item.resolveBy ?? d.resolveBy,
      lang: item.lang ?? 'vi',
      channel: 'qr',
      submittedAt: receivedAt,
      photos: Array.from({ length: item.photos ?? 0 }, (_, i) => ({
        photoId: uuidv7(),
        contentType: i % 2 === 0 ? ('image/jpeg' as const) : ('image/png' as const),
        bytes: imageBytes(i % 2 === 0 ? 'image/jpeg' : 'image/png', 1000 + i),
      })),
    },
  ])
  if (result?.status !== 'stored') throw new Error(`seeding an item gave ${result?.status}`)
  if (item.status !== undefined) await t.sql('UPDATE feedback SET status = ? WHERE id = ?', item.status, id)
  return { id, trackingCode, receivedAt }
}

export const CONTACT = { name: 'Nguyễn Văn Riêng', phone: '+84912345678', email: 'rieng@example.vn' }

/** One account per role; two unit roles in LS, a head in HTQT, the inspector in the inspectorate. */
export const ACCOUNTS = {
  lsStaff: { username: 'ls.staff', role: 'unit_staff', unitCode: 'LS', displayName: 'Lê Văn Sơn' },
  lsStaff2: { username: 'ls.staff2', role: 'unit_staff', unitCode: 'LS', displayName: 'Bùi Thị Hoa' },
  lsHead: { username: 'ls.head', role: 'unit_head', unitCode: 'LS', displayName: 'Đỗ Minh Tâm' },
  htqtHead: { username: 'htqt.head', role: 'unit_head', unitCode: 'HTQT', displayName: 'Trần Văn Hùng' },
  htqtStaff: { username: 'htqt.staff', role: 'unit_staff', unitCode: 'HTQT', displayName: 'Võ Thị Na' },
  inspector: { username: 'inspector', role: 'inspector', unitCode: 'VP-TT', displayName: 'Lê Thị Mai' },
  leader: { username: 'leader', role: 'leadership', unitCode: null, displayName: 'Phạm Văn Quang' },
  admin: { username: 'admin.user', role: 'admin', unitCode: null, displayName: 'Hoàng Thị Thu' },
} as const satisfies Record<string, { username: string; role: StaffRole; unitCode: string | null; displayName: string }>

export type AccountKey = keyof typeof ACCOUNTS

export interface StaffWorld {
  t: TestApp
  clock: TestClock
  sessions: Record<AccountKey, Session>
  ids: Record<AccountKey, number>
  /** Moves the clock and signs everyone in again (the same clock times sessions out). */
  advance: (ms: number) => Promise<void>
}

/** A test app whose staff clock the test moves, with every account signed in. */
export async function staffWorld(): Promise<StaffWorld> {
  const clock = new TestClock(MONDAY_0800)
  const t = await createTestApp({}, { auth: { now: clock.now } })
  const sessions = {} as Record<AccountKey, Session>
  const ids = {} as Record<AccountKey, number>
  const entries = Object.entries(ACCOUNTS) as [AccountKey, (typeof ACCOUNTS)[AccountKey]][]
  for (const [key, account] of entries) {
    ids[key] = (await addStaff(t, account)).id
    sessions[key] = await signIn(t.app, account.username)
  }
  async function advance(ms: number) {
    clock.advance(ms)
    for (const [key, account] of entries) sessions[key] = await signIn(t.app, account.username)
  }
  return { t, clock, sessions, ids, advance }
}

export async function getJson<T>(t: TestApp, path: string, session: Session): Promise<T> {
  const res = await staffRequest(t.app, 'GET', path, session)
  if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as T
}

export function inbox(t: TestApp, session: Session, query: Record<string, string> = {}): Promise<InboxPage> {
  return getJson<InboxPage>(t, `/api/staff/feedback?${new URLSearchParams(query)}`, session)
}

export function detail(t: TestApp, session: Session, id: string): Promise<FeedbackDetail> {
  return getJson<FeedbackDetail>(t, `/api/staff/feedback/${id}`, session)
}

type ActionBody = { [A in FeedbackAction as A['action']]: Omit<A, 'version'> & { version?: number } }[FeedbackAction['action']]

/** Sends an action; the version is the item's current one unless given. */
export async function act(t: TestApp, session: Session, id: string, body: ActionBody, options: { csrf?: string | false } = {}): Promise<Response> {
  const version = body.version ?? (await detailVersion(t, id))
  return staffRequest(t.app, 'POST', `/api/staff/feedback/${id}/actions`, session, { body: { ...body, version }, csrf: options.csrf })
}

/** Sends an action that must succeed, and returns the item as it answered. */
export async function actOk(t: TestApp, session: Session, id: string, body: ActionBody): Promise<FeedbackDetail> {
  const res = await act(t, session, id, body)
  if (res.status !== 200) throw new Error(`${body.action} answered ${res.status}: ${await res.text()}`)
  return (await res.json()) as FeedbackDetail
}

async function detailVersion(t: TestApp, id: string): Promise<number> {
  return (await t.store.feedback.staffView(id))?.version ?? 1
}
