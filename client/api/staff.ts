import type { ApiErrorBody } from '../../shared/api-error'
import type { Unit } from '../../shared/catalog'
import type { SecondFactorEnrolment, SecondFactorStatus, SecondFactorVerify, SignInPending } from '../../shared/second-factor'
import type {
  FeedbackAction,
  FeedbackDetail,
  FeedbackSummary,
  InboxPage,
  StaffRef,
} from '../../shared/staff-feedback'
import { ApiError } from './http'

/**
 * The staff API (README "Staff sign-in" and the contract in shared/staff-feedback.ts). The CSRF token of the
 * session travels in X-CSRF-Token on every unsafe request; a 401 from any call is handed to one handler
 * (the staff session store), which sends the reader to the sign-in page.
 */

export type StaffRole = 'unit_staff' | 'unit_head' | 'inspector' | 'leadership' | 'admin'

/** GET /api/staff/me; the server writes the same shape in server/auth/accounts.ts. */
export interface StaffMe {
  id: number
  username: string
  displayName: string
  role: StaffRole
  unitCode: string | null
  csrfToken: string
}

let csrfToken: string | null = null
let onUnauthorized: (error: ApiError) => void = () => {}

/** Who hears of a 401: the session store registers itself here. */
export function setUnauthorizedHandler(handler: (error: ApiError) => void): void {
  onUnauthorized = handler
}

async function toApiError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as ApiErrorBody | null
  const retry = Number(res.headers.get('retry-after'))
  const error = new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? res.statusText, body?.error?.path ?? '')
  if (Number.isFinite(retry) && retry > 0) Object.assign(error, { retryAfter: retry })
  return error
}

/** The seconds a 429 or 503 asked the client to wait, when it said. */
export function retryAfterOf(error: ApiError): number | null {
  const value = (error as ApiError & { retryAfter?: number }).retryAfter
  return typeof value === 'number' ? value : null
}

interface SendOptions {
  /** The sign-in form hears its own 401 (wrong password): it is not a lost session. */
  quiet401?: boolean
}

async function send(path: string, init: RequestInit = {}, options: SendOptions = {}): Promise<Response> {
  const res = await fetch(path, {
    credentials: 'same-origin',
    ...init,
    headers: { accept: 'application/json', ...(init.body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
  })
  if (res.ok) return res
  const error = await toApiError(res)
  if (res.status === 401 && !options.quiet401) {
    csrfToken = null
    onUnauthorized(error)
  }
  throw error
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return (await (await send(path, { signal })).json()) as T
}

/** Who is signed in; also keeps the session's CSRF token. A 401 here is "not signed in", not an event. */
async function me(): Promise<StaffMe> {
  const who = (await (await send('/api/staff/me', {}, { quiet401: true })).json()) as StaffMe
  csrfToken = who.csrfToken
  return who
}

/** An unsafe request with the CSRF token, fetched first when not known yet (a page opened on an item). */
async function post(path: string, body?: unknown, options: SendOptions = {}): Promise<Response> {
  if (csrfToken === null) await me()
  const attempt = () =>
    send(path, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body), headers: { 'x-csrf-token': csrfToken ?? '' } }, options)
  try {
    return await attempt()
  } catch (error) {
    // A sign-in in another tab made a new session and token: fetch it and try once more.
    if (!(error instanceof ApiError && error.status === 403 && error.code === 'csrf')) throw error
    await me()
    return attempt()
  }
}

const FEEDBACK = '/api/staff/feedback'
const SECOND_FACTOR = '/api/auth/second-factor'

/** A sign-in is either done (who is signed in) or waits for the second factor. */
export type SignInAnswer = StaffMe | SignInPending

/** The second factor (README "Second factor"); a session past the password only reaches nothing else. */
const secondFactor = {
  /** Where the session stands; also gives a session past the password only its CSRF token. */
  async status(): Promise<SecondFactorStatus> {
    const status = (await (await send(SECOND_FACTOR, {}, { quiet401: true })).json()) as SecondFactorStatus
    csrfToken = status.csrfToken
    return status
  },
  startEnrolment: async () => (await (await post(`${SECOND_FACTOR}/enrolment`)).json()) as SecondFactorEnrolment,
  async confirmEnrolment(code: string): Promise<{ recoveryCodes: string[]; me: StaffMe }> {
    const answer = (await (await post(`${SECOND_FACTOR}/enrolment/confirm`, { code })).json()) as { recoveryCodes: string[]; me: StaffMe }
    csrfToken = answer.me.csrfToken
    return answer
  },
  /** The code (or a recovery code) after the password: the session is then a full one, with a new token. */
  async verify(body: SecondFactorVerify): Promise<StaffMe> {
    const who = (await (await post(`${SECOND_FACTOR}/verify`, body, { quiet401: true })).json()) as StaffMe
    csrfToken = who.csrfToken
    return who
  },
}

export const staffApi = {
  me,
  async signIn(username: string, password: string): Promise<SignInAnswer> {
    const res = await send('/api/auth/sign-in', { method: 'POST', body: JSON.stringify({ username, password }) }, { quiet401: true })
    const who = (await res.json()) as SignInAnswer
    csrfToken = who.csrfToken
    return who
  },
  secondFactor,
  async signOut(): Promise<void> {
    try {
      await post('/api/auth/sign-out')
    } finally {
      csrfToken = null
    }
  },
  inbox: (params: URLSearchParams, signal?: AbortSignal) => getJson<InboxPage>(`${FEEDBACK}?${params}`, signal),
  summary: (from: string, to: string, signal?: AbortSignal) => getJson<FeedbackSummary>(`${FEEDBACK}/summary?${new URLSearchParams({ from, to })}`, signal),
  item: (id: string) => getJson<FeedbackDetail>(`${FEEDBACK}/${encodeURIComponent(id)}`),
  act: async (id: string, action: FeedbackAction) => (await (await post(`${FEEDBACK}/${encodeURIComponent(id)}/actions`, action)).json()) as FeedbackDetail,
  assignees: async (unit: string) =>
    (await getJson<{ unit: string; assignees: StaffRef[] }>(`${FEEDBACK}/assignees?${new URLSearchParams({ unit })}`)).assignees,
  /** The units, for filters and forwarding: the public catalog holds them. */
  units: async () => (await getJson<{ units: Unit[] }>('/api/catalog')).units,
}

/** For tests: forget the token as a new page load would. */
export function forgetCsrfToken(): void {
  csrfToken = null
}
