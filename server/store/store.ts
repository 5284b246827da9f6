import type { Catalog } from '../../shared/catalog'
import type { HeatCell } from '../../shared/dashboard'
import type { Questionnaire } from '../../shared/questionnaire'
import type { ItemStatus } from '../../shared/response'
import type { SatisfactionStats, StatsQuery } from '../../shared/stats'
import type { PreparedResponse } from './prepared-response'
import type { AdminStore } from './admin-store'
import type { AllowanceStore } from './allowance-store'
import type { ExportStore } from './export-store'
import type { FeedbackStore } from './feedback-store'
import type { InitialData, InitialDataLoaded } from './initial-data'
import type { KioskStore } from './kiosk-store'
import type { IntakeStore } from './intake-store'
import type { Open311Store } from './open311-store'
import type { SecondFactorStore } from './second-factor-store'
import type { SettingsStore } from './settings-store'
import type { StaffStore } from './staff-store'
import type { WebhookStore } from './webhook-store'
import type { NotificationStore } from './notification-store'

/** What the heat map is filtered by: the procedure filter does not apply (its rollup has no procedure). */
export type HeatmapQuery = Pick<StatsQuery, 'from' | 'to' | 'unit' | 'counter' | 'channel'>

export type InsertStatus = Extract<ItemStatus, 'stored' | 'duplicate' | 'conflict' | 'dossier_already_rated'>

/**
 * What routes and domain code may ask of storage. SQLite implements it now; a PostgreSQL implementation
 * can be added beside it without touching either. Every method is async for that reason.
 */
export interface Store {
  catalog(): Promise<Catalog>
  /** Any stored version, active or not: devices may send responses given under an older version. */
  questionnaire(key: string, version: number): Promise<Questionnaire | undefined>
  /**
   * Stores responses durably; resolves only once they are on disk. Idempotent by id; one response per
   * dossier. Results are in the order given.
   */
  insertResponses(items: PreparedResponse[]): Promise<InsertStatus[]>
  satisfaction(query: StatsQuery): Promise<SatisfactionStats>
  /** Responses per weekday × hour (local time); the procedure filter does not apply. */
  heatmap(query: HeatmapQuery): Promise<HeatCell[]>
  /**
   * Loads what a database starts with (InitialData: the agency if none is stored, the questionnaire versions
   * it lacks, a catalog if it has none), in one transaction that instances starting together take in turn,
   * so that they load it once. Unaudited: no one did it. Says whether the catalog given was loaded.
   */
  loadInitialData(data: InitialData): Promise<InitialDataLoaded>
  /** Staff accounts, sessions and the audit of authentication events. */
  staff: StaffStore
  /** Staff second factors: TOTP secrets and recovery codes. */
  secondFactor: SecondFactorStore
  /** Feedback items, their photos and their audit trail. */
  feedback: FeedbackStore
  /** Period exports and the purge of contact details. */
  exports: ExportStore
  /** Routing rules, deadlines and the working calendar as an administrator saved them. */
  settings: SettingsStore
  /** What administrators change (catalog, questionnaire versions, staff accounts), each change audited. */
  admin: AdminStore
  /** Per-client allowances and sign-in attempts in progress, counted across every instance on the store. */
  allowances: AllowanceStore
  /** Open311 API keys and the public view of items it answers with. */
  open311: Open311Store
  /** Webhooks and the durable queue of their deliveries. */
  webhooks: WebhookStore
  /** The counter kiosks' device tokens and their heartbeats. */
  kiosks: KioskStore
  /** Paper rating forms keyed by staff, waiting for or recording their second keying. */
  intake: IntakeStore
  /** In-app notifications for staff, their e-mail addresses and the durable queue of e-mails. */
  notifications: NotificationStore
  close(): Promise<void>
}
