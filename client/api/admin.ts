import type {
  AccountCreate,
  AccountUpdate,
  AdminAccount,
  AdminCatalog,
  AdminEntry,
  AuditEntity,
  AuditPage,
  CatalogInput,
  CatalogKind,
  ImportReport,
  QuestionnaireDraft,
  QuestionnaireKeyInfo,
} from '../../shared/admin'
import type { FeedbackCategory } from '../../shared/feedback'
import type { KioskDeviceCreated, KioskDeviceIn, KioskDeviceInfo } from '../../shared/kiosk'
import type { Open311KeyCreated, Open311KeyIn, Open311KeyInfo } from '../../shared/open311'
import type { DeadlineConfig } from '../../shared/petition-types'
import type { Questionnaire } from '../../shared/questionnaire'
import type { RoutingResult, RoutingRule } from '../../shared/routing'
import type { WorkingCalendar } from '../../shared/working-days'
import { get, write } from './client'

/**
 * The administration API's endpoints (README "Administration", "Feedback settings", "QR posters", "Period
 * exports"), through client.ts. Its answers are the wire types of shared/admin.ts, which the server's JSON
 * mappers are typed with too; the bodies it sends are the shared schemas' types.
 */

/** The versioned documents and what each holds. */
export interface SettingValues {
  'routing-rules': RoutingRule[]
  deadlines: DeadlineConfig
  calendar: WorkingCalendar
  /** Origins allowed to frame the public widget. */
  'embed-origins': string[]
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
    write<ImportReport>('POST', `${ADMIN}/catalog/procedures/import?dryRun=${dryRun}`, csv, { contentType: 'text/csv; charset=utf-8' }),

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

  open311Keys: async () => (await get<{ keys: Open311KeyInfo[] }>(`${ADMIN}/open311-keys`)).keys,
  createOpen311Key: (body: Open311KeyIn) => write<Open311KeyCreated>('POST', `${ADMIN}/open311-keys`, body),
  revokeOpen311Key: (id: number) => write<Open311KeyInfo>('POST', `${ADMIN}/open311-keys/${id}/revoke`),

  kioskDevices: async () => (await get<{ devices: KioskDeviceInfo[] }>(`${ADMIN}/kiosks`)).devices,
  issueKioskDevice: (body: KioskDeviceIn) => write<KioskDeviceCreated>('POST', `${ADMIN}/kiosks`, body),
  revokeKioskDevice: (id: number) => write<KioskDeviceInfo>('POST', `${ADMIN}/kiosks/${id}/revoke`),

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

