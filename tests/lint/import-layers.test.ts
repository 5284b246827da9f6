import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/**
 * The layers are guarded by the linter (.oxlintrc.json, `no-restricted-imports` per folder), not by READMEs
 * alone. Probe files are written into a copy of the layout beside a copy of the project's configuration, and
 * the project's own oxlint must refuse exactly the imports that cross a layer the wrong way.
 */
const ROOT = resolve(import.meta.dirname, '../..')
const OXLINT = join(ROOT, 'node_modules/.bin/oxlint')
let dir = ''

/** Each probe: a file, the import it makes, and whether the linter must refuse it. */
const PROBES: { file: string; from: string; refused: boolean }[] = [
  { file: 'server/pages/probe.ts', from: '../../client/locales/vi/survey', refused: true },
  { file: 'server/probe.vue.ts', from: '../client/api/http', refused: true },
  { file: 'client/components/probe.ts', from: '../../server/auth/roles', refused: true },
  { file: 'shared/probe-client.ts', from: '../client/format', refused: true },
  { file: 'shared/probe-server.ts', from: '../server/config', refused: true },
  { file: 'server/store/sqlite/probe.ts', from: '../../routes/staff-feedback', refused: true },
  { file: 'server/store/probe-routes.ts', from: '../routes/stats', refused: true },
  { file: 'server/store/sqlite/probe-domain.ts', from: '../../domain/prepare-response', refused: true },
  { file: 'server/store/probe-domain.ts', from: '../domain/feedback-rules', refused: true },
  { file: 'server/store/sqlite/probe-seed.ts', from: '../../seed/demo-catalog', refused: true },
  { file: 'server/store/probe-defaults.ts', from: '../defaults/questionnaires', refused: true },
  { file: 'deploy/probe.ts', from: '../tests/support/postgres-database', refused: true },
  // What the layers are for: both sides on shared/, the server's floors downward.
  { file: 'server/routes/probe-ok.ts', from: '../../shared/feedback', refused: false },
  { file: 'client/stores/probe-ok.ts', from: '../../shared/feedback', refused: false },
  { file: 'server/routes/probe-store.ts', from: '../store/feedback-store', refused: false },
  { file: 'server/domain/probe-store.ts', from: '../store/prepared-response', refused: false },
  { file: 'shared/probe-ok.ts', from: './dates', refused: false },
  { file: 'tests/support/probe-deploy.ts', from: '../../deploy/postgres-cluster', refused: false },
]

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hailong-layers-'))
  copyFileSync(join(ROOT, '.oxlintrc.json'), join(dir, '.oxlintrc.json'))
  for (const probe of PROBES) {
    const path = join(dir, probe.file)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, `import { thing } from '${probe.from}'\nexport const probe = thing\n`)
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function refusedImports(): Promise<string[]> {
  const run = await promisify(execFile)(OXLINT, ['--format', 'unix', 'client', 'server', 'shared', 'deploy', 'tests'], { cwd: dir }).catch(
    (failed: { stdout: string }) => ({ stdout: failed.stdout }),
  )
  return run.stdout
    .split('\n')
    .filter((line) => line.includes('no-restricted-imports'))
    .map((line) => line.split(':')[0]!)
}

describe('the import layers', () => {
  it('refuse client ↔ server imports, shared importing either side, the store importing routes, domain/, seed/ or defaults/, and deploy/ importing tests/', async () => {
    const refused = await refusedImports()
    expect(refused.sort()).toEqual(PROBES.filter((p) => p.refused).map((p) => p.file).sort())
  })
})
