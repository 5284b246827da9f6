import { describe, expect, it } from 'vitest'
import { pureTables } from '../../build/vue-i18n-tree-shaking'

// The build step that lets unused @intlify message tables drop out: it must mark only tables whose
// evaluation can do nothing but read, and keep their value the same.

/** The module's `messages`, evaluated. */
const run = (code: string) => new Function(`${code.replace('export { messages };', '')}; return messages`)() as Record<string, string>
describe('pureTables', () => {
  it('wraps a table of reads in a pure function that gives the same object', () => {
    const source = `const Codes = { A: 1, B: 2 };\nconst messages = { [Codes.A]: 'a ' + 'x', [Codes.B]: \`b\` };\nexport { messages };`
    const out = pureTables(source)
    expect(out).toContain('const messages = /* @__PURE__ */ (() => ({ [Codes.A]')
    expect(run(out)).toEqual(run(source))
    expect(run(out)).toEqual({ 1: 'a x', 2: 'b' })
  })

  it('leaves alone what could do something: calls, getters, spreads, let and nested functions', () => {
    for (const source of [
      'const t = { a: f() };',
      'const t = { get a() { return 1 } };',
      'const t = { ...other };',
      'let t = { a: 1 };',
      'const t = { a: () => 1 };',
      'function g() { const t = { a: 1 }; return t }',
    ]) {
      expect(pureTables(source), source).toBe(source)
    }
  })
})
