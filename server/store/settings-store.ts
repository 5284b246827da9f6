import type { EmbedOrigins } from '../../shared/embed'
import type { DeadlineConfig } from '../../shared/petition-types'
import type { RoutingRule } from '../../shared/routing'
import type { WorkingCalendar } from '../../shared/working-days'

/**
 * What an administrator edits about feedback handling: the routing rules, the deadlines per petition type and
 * the working calendar; and who may frame the public widget. Each is one versioned document; every saved version is kept.
 */
export interface SettingValues {
  routing_rules: RoutingRule[]
  deadlines: DeadlineConfig
  calendar: WorkingCalendar
  /** Origins allowed to frame the widget (shared/embed.ts). */
  embed_origins: EmbedOrigins
}
export type SettingKey = keyof SettingValues
export const SETTING_KEYS: readonly SettingKey[] = ['routing_rules', 'deadlines', 'calendar', 'embed_origins']

export interface StoredSetting<K extends SettingKey> {
  key: K
  value: SettingValues[K]
  version: number
  /** Epoch ms. */
  updatedAt: number
  updatedBy: number | null
}

export type PutSettingResult = { ok: true; version: number } | { ok: false; reason: 'stale'; currentVersion: number }

export interface SettingHistoryEntry {
  version: number
  at: number
  actor: number | null
}

export interface SettingsStore {
  /** Undefined until an administrator first saves the key: the defaults in server/seed apply until then. */
  get<K extends SettingKey>(key: K): Promise<StoredSetting<K> | undefined>
  /**
   * Saves a value already validated, if the stored version is still `expectedVersion` (0 when nothing is
   * stored): two administrators editing at once cannot silently overwrite each other.
   */
  put<K extends SettingKey>(key: K, value: SettingValues[K], expectedVersion: number, actor: number | null, at: number): Promise<PutSettingResult>
  /** Saved versions, newest first. */
  history(key: SettingKey): Promise<SettingHistoryEntry[]>
}
