import type { KioskStatus } from '../../shared/kiosk'
import type { Catalog, Unit } from '../../shared/catalog'
import type { IntakeFeedbackResult, PaperCheckResult, PaperEntryView, PaperFormIn } from '../../shared/intake'
import type { SecondFactorEnrolment, SecondFactorStatus, SecondFactorVerify, SignInPending } from '../../shared/second-factor'
import type { StaffMe } from '../../shared/staff'
import type { FeedbackAction, FeedbackDetail, FeedbackSummary, InboxPage, StaffRef } from '../../shared/staff-feedback'
import { fetchMe, forgetCsrfToken, get, keepToken, write } from './client'

/** The staff API's endpoints (README "Staff sign-in" and the contract in shared/staff-feedback.ts). */

const FEEDBACK = '/api/staff/feedback'
const SECOND_FACTOR = '/api/auth/second-factor'
const INTAKE = '/api/staff/intake'

/** A sign-in is either done (who is signed in) or waits for the second factor. */
export type SignInAnswer = StaffMe | SignInPending

/** The second factor (README "Second factor"); a session past the password only reaches nothing else. */
const secondFactor = {
  /** Where the session stands; also gives a session past the password only its CSRF token. */
  status: async () => keepToken(await get<SecondFactorStatus>(SECOND_FACTOR, { quiet401: true })),
  startEnrolment: () => write<SecondFactorEnrolment>('POST', `${SECOND_FACTOR}/enrolment`),
  async confirmEnrolment(code: string): Promise<{ recoveryCodes: string[]; me: StaffMe }> {
    const answer = await write<{ recoveryCodes: string[]; me: StaffMe }>('POST', `${SECOND_FACTOR}/enrolment/confirm`, { code })
    keepToken(answer.me)
    return answer
  },
  /** The code (or a recovery code) after the password: the session is then a full one, with a new token. */
  verify: async (body: SecondFactorVerify) => keepToken(await write<StaffMe>('POST', `${SECOND_FACTOR}/verify`, body, { quiet401: true })),
}

export const staffApi = {
  /** Who is signed in. A 401 here is "not signed in", not a lost session. */
  me: () => fetchMe({ quiet401: true }),
  signIn: async (username: string, password: string) =>
    keepToken(await write<SignInAnswer>('POST', '/api/auth/sign-in', { username, password }, { quiet401: true, csrf: false })),
  secondFactor,
  async signOut(): Promise<void> {
    try {
      await write('POST', '/api/auth/sign-out')
    } finally {
      forgetCsrfToken()
    }
  },
  inbox: (params: URLSearchParams, signal?: AbortSignal) => get<InboxPage>(`${FEEDBACK}?${params}`, { signal }),
  summary: (from: string, to: string, signal?: AbortSignal) => get<FeedbackSummary>(`${FEEDBACK}/summary?${new URLSearchParams({ from, to })}`, { signal }),
  item: (id: string) => get<FeedbackDetail>(`${FEEDBACK}/${encodeURIComponent(id)}`),
  act: (id: string, action: FeedbackAction) => write<FeedbackDetail>('POST', `${FEEDBACK}/${encodeURIComponent(id)}/actions`, action),
  assignees: async (unit: string) =>
    (await get<{ unit: string; assignees: StaffRef[] }>(`${FEEDBACK}/assignees?${new URLSearchParams({ unit })}`)).assignees,
  /** The units, for filters and forwarding: the public catalog holds them. */
  units: async () => (await get<{ units: Unit[] }>('/api/catalog')).units,
  /** The counters' kiosks and their heartbeats (inspectors, administrators). */
  kiosks: async () => (await get<{ kiosks: KioskStatus[] }>('/api/staff/kiosks')).kiosks,
  /** Paper and phone intake (README "Paper and phone intake"). */
  intake: {
    catalog: () => get<Catalog>('/api/catalog'),
    entries: () => get<{ pending: PaperEntryView[]; stored: PaperEntryView[] }>(`${INTAKE}/paper`),
    key: (form: PaperFormIn) => write<PaperEntryView>('POST', `${INTAKE}/paper`, form),
    check: (id: number, form: PaperFormIn) => write<PaperCheckResult>('POST', `${INTAKE}/paper/${id}/check`, form),
    discard: (id: number) => write<void>('POST', `${INTAKE}/paper/${id}/discard`),
    fileFeedback: (body: unknown) => write<IntakeFeedbackResult>('POST', `${INTAKE}/feedback`, body),
    /** The printable paper form; the QR code points at the origin the officer's browser shows unless PUBLIC_URL is set. */
    formUrl: (counter: string, questionnaire: string, lang: string) =>
      `${INTAKE}/form?${new URLSearchParams({ counter, questionnaire, lang, origin: window.location.origin })}`,
  },
}
