import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'
import { postgresBinDir } from './tests/support/postgres-binaries.js'

/**
 * The server tests that run on the PostgreSQL store too: those that reach the store only through the app or
 * the Store interface. Files that open the SQLite file themselves stay SQLite-only (tests/support/README.md
 * lists them and why). More join as the PostgreSQL store gains its sub-stores.
 */
const ON_BOTH_STORES = [
  'tests/server/health.test.ts',
  'tests/server/stats.test.ts',
  'tests/server/responses.test.ts',
  'tests/server/versioning.test.ts',
  'tests/server/catalog.test.ts',
  'tests/server/auth-csrf.test.ts',
  'tests/server/auth-guards.test.ts',
  'tests/server/auth-lockout.test.ts',
  'tests/server/auth-equal-work.test.ts',
]

export default defineConfig({
  plugins: [vue()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/shared/**/*.test.ts', 'tests/lint/**/*.test.ts', 'tests/server/**/*.test.ts', 'tests/client/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          // Without PostgreSQL, one file says so as a skipped suite (and the set-up on stderr).
          include: postgresBinDir() ? [...ON_BOTH_STORES, 'tests/store/**/*.test.ts'] : ['tests/support/postgres-missing.test.ts'],
          environment: 'node',
          env: { HAILONG_TEST_STORE: 'postgres' },
          globalSetup: ['tests/support/postgres-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          // Both read the build in dist/: tests/build checks its files, tests/e2e serves it to Chromium.
          include: ['tests/build/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
