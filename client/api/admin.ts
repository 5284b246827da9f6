import type {
  AccountCreate,
  AccountUpdate,
  AdminAccount,
  AdminCatalog,
  AdminEntry,
  AdminRole,
  AuditEntity,
  AuditPage,
  CatalogInput,
  CatalogKind,
  ImportReport,
  QuestionnaireDraft,
  QuestionnaireKeyInfo,
} from '../../shared/admin'
import type { ApiErrorBody } from '../../shared/api-error'
import type { FeedbackCategory } from '../../shared/feedback'
import type { DeadlineConfig } from '../../shared/petition-types'
import type { Questionnaire } from '../../shared/questionnaire'
import type { RoutingResult, RoutingRule } from '../../shared/routing'
import type { WorkingCalendar } from '../../shared/working-days'
import { ApiError } from './http'

/**
 * The administration API (README "Administration", "Feedback settings", "QR posters", "Period exports").
 * The admin routes' answers are the wire types of shared/admin.ts, which the server's JSON mappers are typed
 * with too; the bodies it sends are the shared schemas' types.
 *
 * Sessions are the staff session's (stores/staff-session.ts): this file keeps its own copy of the CSRF
 * token from GET /api/staff/me, and hands a 401 to the handler the session store registers.
 */

export type {
  AdminAccount,
  AdminCatalog,
  AdminCounter,
  AdminEntry,
  AdminProcedure,
  AdminUnit,
  AuditEvent,
  ImportReport,
  QuestionnaireKeyInfo,
  QuestionnaireVersionInfo,
} from '../../shared/admin'
export type Role = AdminRole

export interface StaffMe {
  id: number
  username: string
  displayName: string
  role: Role
  unitCode: string | null
  csrfToken: string
}

/** The three versioned documents and what each holds. */
export interface SettingValues {
  'routing-rules': RoutingRule[]
  deadlines: DeadlineConfig
  calendar: WorkingCalendar
}
export type SettingKey = keyof SettingValues
export interface Setting<K extends SettingKey> {
  key: K
  value: SettingValues[K]
  version: number
  isDefault: boolean
  updatedAt: string | null
}

export interface RouteQuestion {
  category: FeedbackCategory
  procedure?: string
  counter?: string
  rules?: RoutingRule[]
}

/** Who hears of a 401: the staff session store (stores/admin-session.ts registers it). */
let onSignedOut = (): void => {}
export function setSignedOutHandler(handler: () => void): void {
  onSignedOut = handler
}

let csrfToken: string | null = null

async function toApiError(res: Response): Promise<ApiError> {
  const body = (await res.json().catch(() => null)) as ApiErrorBody | null
  return new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? res.statusText, body?.error?.path ?? '')
}

async function send(path: string, init: RequestInit): Promise<Response> {
  const res = await fetch(path, { credentials: 'same-origin', ...init, headers: { accept: 'application/json', ...init.headers } })
  if (res.ok) return res
  const error = await toApiError(res)
  if (res.status === 401) {
    csrfToken = null
    onSignedOut()
  }
  throw error
}

/** Who is signed in; also refreshes the CSRF token. */
export async function fetchMe(): Promise<StaffMe> {
  const me = (await (await send('/api/staff/me', {})).json()) as StaffMe
  csrfToken = me.csrfToken
  return me
}

async function get<T>(path: string): Promise<T> {
  return (await (await send(path, {})).json()) as T
}

/** An unsafe request: the session's CSRF token goes with it, fetched first when not known yet. */
async function write<T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  if (csrfToken === null) await fetchMe()
  // A file goes as its bytes: the server, not the browser, judges whether it is UTF-8.
  const payload = body === undefined ? undefined : body instanceof Blob ? body : JSON.stringify(body)
  const attempt = () =>
    send(path, {
      method,
      body: payload,
      headers: { 'x-csrf-token': csrfToken ?? '', ...(payload === undefined ? {} : { 'content-type': contentType }) },
    })
  let res: Response
  try {
    res = await attempt()
  } catch (error) {
    // A sign-in in another tab made a new session and token: fetch it and try once more.
    if (!(error instanceof ApiError && error.status === 403 && error.code === 'csrf')) throw error
    await fetchMe()
    res = await attempt()
  }
  return (await res.json()) as T
}

const ADMIN = '/api/staff/admin'
const enc = encodeURIComponent

export const adminApi = {
  catalog: () => get<AdminCatalog>(`${ADMIN}/catalog`),
  /** PUBLIC_URL, or null when it is not set (the posters then print the origin this browser shows). */
  publicUrl: async () => (await get<{ publicUrl: string | null }>('/api/staff/posters/public-url')).publicUrl,
  createEntry: <K extends CatalogKind>(kind: K, body: CatalogInput[K]) => write<AdminEntry[K]>('POST', `${ADMIN}/catalog/${kind}`, body),
  updateEntry: <K extends CatalogKind>(kind: K, code: string, body: CatalogInput[K]) =>
    write<AdminEntry[K]>('PUT', `${ADMIN}/catalog/${kind}/${enc(code)}`, body),
  setEntryActive: <K extends CatalogKind>(kind: K, code: string, active: boolean) =>
    write<AdminEntry[K]>('POST', `${ADMIN}/catalog/${kind}/${enc(code)}/${active ? 'reactivate' : 'deactivate'}`),
  importProcedures: (csv: Blob, dryRun: boolean) =>
    write<ImportReport>('POST', `${ADMIN}/catalog/procedures/import?dryRun=${dryRun}`, csv, 'text/csv; charset=utf-8'),

  questionnaires: async () => (await get<{ questionnaires: QuestionnaireKeyInfo[] }>(`${ADMIN}/questionnaires`)).questionnaires,
  questionnaireVersion: (key: string, version: number) => get<Questionnaire>(`${ADMIN}/questionnaires/${enc(key)}/versions/${version}`),
  publishQuestionnaire: (draft: QuestionnaireDraft) => write<Questionnaire>('POST', `${ADMIN}/questionnaires`, draft),
  activateQuestionnaire: (key: string, version: number) =>
    write<QuestionnaireKeyInfo>('POST', `${ADMIN}/questionnaires/${enc(key)}/versions/${version}/activate`),

  accounts: async () => (await get<{ accounts: AdminAccount[] }>(`${ADMIN}/accounts`)).accounts,
  createAccount: (body: AccountCreate) => write<AdminAccount>('POST', `${ADMIN}/accounts`, body),
  updateAccount: (id: number, body: AccountUpdate) => write<AdminAccount>('PATCH', `${ADMIN}/accounts/${id}`, body),
  resetPassword: (id: number, password: string) => write<{ sessionsEnded: number }>('POST', `${ADMIN}/accounts/${id}/password`, { password }),
  setAccountActive: (id: number, active: boolean) => write<AdminAccount>('POST', `${ADMIN}/accounts/${id}/${active ? 'reactivate' : 'deactivate'}`),
  resetSecondFactor: (id: number) => write<{ sessionsEnded: number }>('POST', `${ADMIN}/accounts/${id}/second-factor/reset`),

  audit: (filter: { entity?: AuditEntity; key?: string; before?: number; limit?: number }) => {
    const query = new URLSearchParams()
    for (const [name, value] of Object.entries(filter)) if (value !== undefined && value !== '') query.set(name, String(value))
    return get<AuditPage>(`${ADMIN}/audit?${query}`)
  },

  setting: <K extends SettingKey>(key: K) => get<Setting<K>>(`/api/staff/settings/${key}`),
  saveSetting: <K extends SettingKey>(key: K, version: number, value: SettingValues[K]) =>
    write<{ key: K; version: number }>('PUT', `/api/staff/settings/${key}`, { version, value }),
  testRoute: async (question: RouteQuestion) =>
    (await write<{ result: RoutingResult | null }>('POST', '/api/staff/settings/routing-rules/test', question)).result,
}

/**
 * The printable poster page of one counter, or of every active counter. It carries the origin this browser
 * shows, which the server prints when PUBLIC_URL is not set (it never takes the request's Host header).
 */
export function posterUrl(size: 'a4' | 'a5', counter?: string, origin = window.location.origin): string {
  const query = new URLSearchParams(counter === undefined ? { size, origin } : { counter, size, origin })
  return `/api/staff/posters?${query}`
}

export function exportUrl(kind: 'responses' | 'feedback', from: string, to: string): string {
  return `/api/staff/exports/${kind}.csv?${new URLSearchParams({ from, to })}`
}

/** For tests: forget the token as a new page load would. */
export function forgetCsrfToken(): void {
  csrfToken = null
}
