import type { Config } from '../config'
import { openPostgresStore } from './postgres/postgres-store'
import { openSqliteStore } from './sqlite/sqlite-store'
import type { Store } from './store'

/**
 * Picks the store from DATABASE_URL. Config parsing has already refused what is not supported: postgres URLs
 * until the PostgreSQL store implements the whole Store (server/store/postgres/README.md).
 */
export function openStore(config: Pick<Config, 'DATABASE_URL'>): Store {
  if (/^postgres(ql)?:\/\//.test(config.DATABASE_URL)) return openPostgresStore({ url: config.DATABASE_URL })
  return openSqliteStore({ path: config.DATABASE_URL.replace(/^sqlite:/, '') })
}
