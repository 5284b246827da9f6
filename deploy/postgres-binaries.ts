import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** Where Debian's `postgresql` package puts a version's programs. */
const DEBIAN_ROOT = '/usr/lib/postgresql'

/** What apt-get installs them with, for the message the tests and `npm run cluster` give when they are missing. */
export const POSTGRES_MISSING = 'PostgreSQL not installed: apt-get install postgresql'

/**
 * The bin directory of the newest PostgreSQL installed (initdb, pg_ctl, postgres), or undefined. PG_BIN
 * overrides it, for machines that install PostgreSQL elsewhere.
 */
export function postgresBinDir(): string | undefined {
  const candidates = process.env.PG_BIN ? [process.env.PG_BIN] : debianBinDirs()
  return candidates.find((dir) => ['initdb', 'pg_ctl', 'postgres'].every((tool) => existsSync(join(dir, tool))))
}

function debianBinDirs(): string[] {
  if (!existsSync(DEBIAN_ROOT)) return []
  return readdirSync(DEBIAN_ROOT)
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(DEBIAN_ROOT, version, 'bin'))
}
