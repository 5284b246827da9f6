import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import en from '../../client/locales/en/field-problem'
import vi from '../../client/locales/vi/field-problem'

// Reads the build in dist/ (`npm run build`; npm test builds first). client/api/field-problem.ts reads its
// texts as plain strings, outside vue-i18n; the build compiles the strings of client/locales into message
// ASTs (build/precompile-messages.ts), and a compiled text has no .replace: every field problem shown on a
// page then threw instead of saying what was wrong. Its chunk imports nothing, so it runs here as it ships.
const DIST = process.env.STATIC_DIR ?? join(import.meta.dirname, '..', '..', 'dist')

type FieldProblemText = (message: string, locale: string, path?: string) => string

async function builtFieldProblemText(): Promise<FieldProblemText> {
  const chunk = readdirSync(join(DIST, 'assets')).find((name) => /^field-problem-.*\.js$/.test(name))
  if (!chunk) throw new Error('no field-problem chunk in dist/assets')
  const exports = Object.values(await import(pathToFileURL(join(DIST, 'assets', chunk)).href)) as unknown[]
  const [fieldProblemText] = exports.filter((value): value is FieldProblemText => typeof value === 'function')
  if (!fieldProblemText || exports.length !== 1) throw new Error(`the field-problem chunk should export one function, not ${exports.length}`)
  return fieldProblemText
}

describe('the built field-problem texts', () => {
  it('say what is wrong in either language, placeholders filled, for known and unknown problems alike', async () => {
    const fieldProblemText = await builtFieldProblemText()
    expect(fieldProblemText('name: is required', 'vi', 'name')).toBe(vi.required)
    expect(fieldProblemText('name: is required', 'en', 'name')).toBe(en.required)
    expect(fieldProblemText('is too long (at most 200 characters)', 'vi')).toBe(vi.tooLong.replace('{n}', '200'))
    expect(fieldProblemText('is something no page knows', 'vi')).toBe(vi.invalid)
    expect(fieldProblemText('is something no page knows', 'en')).toBe('is something no page knows')
  })
})
