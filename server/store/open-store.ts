import type { Config } from '../config'
import { openSqliteStore } from './sqlite/sqlite-store'
import type { Store } from './store'

/** Picks the store from DATABASE_URL; config parsing has already refused what is not supported. */
export function openStore(config: Pick<Config, 'DATABASE_URL'>): Store {
  return openSqliteStore({ path: config.DATABASE_URL.replace(/^sqlite:/, '') })
}
