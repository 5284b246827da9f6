import { describe, it } from 'vitest'
import { POSTGRES_MISSING } from '../../deploy/postgres-binaries'

// Run in place of the PostgreSQL tests when PostgreSQL is not installed (vitest.config.ts): the run then
// shows a skipped suite naming what to install, rather than passing without having tested anything.
describe.skip(POSTGRES_MISSING, () => {
  it('runs the server tests on the PostgreSQL store', () => {})
})
