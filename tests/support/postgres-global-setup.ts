import type { TestProject } from 'vitest/node'
import { POSTGRES_MISSING, postgresBinDir } from '../../deploy/postgres-binaries'
import { startCluster } from '../../deploy/postgres-cluster'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the run's throw-away cluster; each test app makes a database of its own in it. */
    postgresAdminUrl: string
  }
}

/**
 * Starts one throw-away PostgreSQL cluster for the whole run of the project and stops it after. Without
 * PostgreSQL the project runs only tests/support/postgres-missing.test.ts (vitest.config.ts), which says so.
 */
export default function setup(project: TestProject): (() => void) | undefined {
  const bin = postgresBinDir()
  if (!bin) {
    console.error(`${POSTGRES_MISSING} (the ${project.name} project's tests are skipped)`)
    return undefined
  }
  const cluster = startCluster(bin)
  project.provide('postgresAdminUrl', cluster.adminUrl)
  return cluster.stop
}
