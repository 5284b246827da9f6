import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'
import { postgresBinDir } from './deploy/postgres-binaries'

/**
 * The server tests that run on the PostgreSQL store too: those that reach the store only through the app or
 * the Store interface. Files that open the SQLite file themselves stay SQLite-only (tests/support/README.md
 * lists them and why). More join as the PostgreSQL store gains its sub-stores.
 */
const ON_BOTH_STORES = [
  'tests/server/admin-accounts.test.ts',
  'tests/server/admin-audit.test.ts',
  'tests/server/admin-catalog.test.ts',
  'tests/server/admin-import.test.ts',
  'tests/server/admin-questionnaires.test.ts',
  'tests/server/api-error-messages.test.ts',
  'tests/server/auth-audit.test.ts',
  'tests/server/auth-csrf.test.ts',
  'tests/server/auth-demo.test.ts',
  'tests/server/auth-equal-work.test.ts',
  'tests/server/auth-guards.test.ts',
  'tests/server/auth-lockout.test.ts',
  'tests/server/auth-matrix.test.ts',
  'tests/server/auth-session.test.ts',
  'tests/server/auth-sign-in.test.ts',
  'tests/server/bounded-work.test.ts',
  'tests/server/catalog.test.ts',
  'tests/server/csv-injection.test.ts',
  'tests/server/error-log.test.ts',
  'tests/server/feedback-answer-days.test.ts',
  'tests/server/feedback-handling-column.test.ts',
  'tests/server/feedback-photos.test.ts',
  'tests/server/feedback-post.test.ts',
  'tests/server/feedback-track.test.ts',
  'tests/server/fuzz.test.ts',
  'tests/server/health.test.ts',
  'tests/server/http-limits.test.ts',
  'tests/server/http.test.ts',
  'tests/server/inbox-search-control.test.ts',
  'tests/server/inline-catalog.test.ts',
  'tests/server/open311.test.ts',
  'tests/server/public-results.test.ts',
  'tests/server/widget.test.ts',
  'tests/server/period-report.test.ts',
  'tests/server/responses-limits.test.ts',
  'tests/server/responses.test.ts',
  'tests/server/second-factor.test.ts',
  'tests/server/security-headers.test.ts',
  'tests/server/staff-dashboard.test.ts',
  'tests/server/staff-exports.test.ts',
  'tests/server/staff-feedback-actions.test.ts',
  'tests/server/staff-feedback-detail.test.ts',
  'tests/server/staff-feedback-inbox.test.ts',
  'tests/server/staff-feedback-summary.test.ts',
  'tests/server/staff-posters.test.ts',
  'tests/server/staff-settings.test.ts',
  'tests/server/stats.test.ts',
  'tests/server/survey-shell.test.ts',
  'tests/server/upload-quotas.test.ts',
  'tests/server/versioning.test.ts',
  'tests/server/webhooks.test.ts',
  'tests/server/notifications.test.ts',
  'tests/server/sipas.test.ts',
  'tests/server/channels.test.ts',
  'tests/server/kiosk.test.ts',
  'tests/server/channels-migration.test.ts',
  'tests/server/intake.test.ts',
]

/** The browser suites that run on PostgreSQL too (the e2e-postgres project). */
const E2E_ON_POSTGRES = [
  'tests/e2e/admin.test.ts',
  'tests/e2e/admin-open311.test.ts',
  'tests/e2e/admin-webhooks.test.ts',
  'tests/e2e/dashboard.test.ts',
  'tests/e2e/fault-kill.test.ts',
  'tests/e2e/feedback-citizen.test.ts',
  'tests/e2e/public-results.test.ts',
  'tests/e2e/second-factor.test.ts',
  'tests/e2e/staff.test.ts',
  'tests/e2e/survey.test.ts',
]

/**
 * What both browser projects share: one file at a time (each runs a server and Chromium; two at once on a
 * 2-core machine only slow each other down), with room for a server start on a loaded machine.
 */
const E2E = { environment: 'node', testTimeout: 180_000, hookTimeout: 120_000, fileParallelism: false } as const

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
          ...E2E,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e-postgres',
          // The browser flows whose pages stand on what the store writes and reads, again with each server on a
          // database of its own in the run's cluster (harness.ts). Not the suites about the device or the page
          // itself (offline queues, tabs, updates, headers, layout at 360 px with axe, the date field, posters,
          // the questionnaire editor): their requests are the API suites', which the postgres project runs on
          // PostgreSQL, and running them twice would take CI past its 30 minutes. Nor the failover test, which
          // starts a PostgreSQL of its own. tests/README.md lists them.
          include: postgresBinDir() ? E2E_ON_POSTGRES : ['tests/support/postgres-missing.test.ts'],
          ...E2E,
          env: { HAILONG_TEST_STORE: 'postgres' },
          globalSetup: ['tests/support/postgres-global-setup.ts'],
        },
      },
    ],
  },
})
