import { randomBytes } from 'node:crypto'
import { Client } from 'pg'
import { inject } from 'vitest'

export interface TestDatabase {
  url: string
  drop: () => Promise<void>
}

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/**
 * A fresh, empty database in the run's throw-away cluster (tests/support/postgres-global-setup.ts), so that
 * every test app starts as a new install would and test files stay independent of each other.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('postgresAdminUrl')
  if (!adminUrl) throw new Error('no PostgreSQL cluster for this run: run these tests in the postgres project (vitest.config.ts)')
  const name = `hailong_test_${randomBytes(6).toString('hex')}`
  const admin = new Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  return {
    url: withDatabase(adminUrl, name),
    async drop() {
      const client = new Client({ connectionString: adminUrl })
      await client.connect()
      try {
        // FORCE: a test that failed half-way may have left a connection open.
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await client.end()
      }
    },
  }
}
