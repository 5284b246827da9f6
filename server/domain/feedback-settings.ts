import type * as v from 'valibot'
import { EmbedOrigins } from '../../shared/embed'
import { DeadlineConfig } from '../../shared/petition-types'
import { RoutingRules } from '../../shared/routing'
import { WorkingCalendar } from '../../shared/working-days'
import { DEFAULT_DEADLINES } from '../defaults/deadlines'
import { DEFAULT_CALENDAR } from '../defaults/holidays'
import { DEFAULT_ROUTING_RULES } from '../defaults/routing-rules'
import type { SettingKey, SettingValues } from '../store/settings-store'
import type { Store } from '../store/store'
import type { FeedbackRules } from './prepare-feedback'

/** The defaults in server/defaults apply to each setting until an administrator first saves it. */
export const DEFAULT_SETTINGS: SettingValues = {
  routing_rules: DEFAULT_ROUTING_RULES,
  deadlines: DEFAULT_DEADLINES,
  calendar: DEFAULT_CALENDAR,
  // None saved: the widget may be framed by this origin only (server/routes/widget.ts).
  embed_origins: [],
}

/** The schema a saved value must pass, per key. */
export const SETTING_SCHEMAS: { [K in SettingKey]: v.GenericSchema<unknown, SettingValues[K]> } = {
  routing_rules: RoutingRules,
  deadlines: DeadlineConfig,
  calendar: WorkingCalendar,
  embed_origins: EmbedOrigins,
}

export interface CurrentSetting<K extends SettingKey> {
  value: SettingValues[K]
  /** 0 while the default applies. */
  version: number
  updatedAt: number | null
}

export async function currentSetting<K extends SettingKey>(store: Store, key: K): Promise<CurrentSetting<K>> {
  const stored = await store.settings.get(key)
  return stored ? { value: stored.value, version: stored.version, updatedAt: stored.updatedAt } : { value: DEFAULT_SETTINGS[key], version: 0, updatedAt: null }
}

/** What routing a new item and timing any item need, as currently saved. */
export async function currentFeedbackSettings(store: Store): Promise<Pick<SettingValues, 'routing_rules' | 'deadlines' | 'calendar'>> {
  const [routing_rules, deadlines, calendar] = await Promise.all([
    currentSetting(store, 'routing_rules'),
    currentSetting(store, 'deadlines'),
    currentSetting(store, 'calendar'),
  ])
  return { routing_rules: routing_rules.value, deadlines: deadlines.value, calendar: calendar.value }
}

/**
 * The rules a new item is routed and timed by, as an administrator last saved them: the citizen pages
 * (routes/feedback.ts) and Open311 (routes/open311.ts) file items by the same ones.
 */
export async function currentFeedbackRules(store: Store): Promise<FeedbackRules> {
  const [catalog, settings] = await Promise.all([store.catalog(), currentFeedbackSettings(store)])
  return { catalog, routing: settings.routing_rules, deadlines: settings.deadlines, calendar: settings.calendar }
}
