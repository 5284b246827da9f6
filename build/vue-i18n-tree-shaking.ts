import { parseAst, type Plugin } from 'vite'

type Node = { type: string; start: number; end: number; [key: string]: unknown }

// vue-i18n 11 looks up `currentInstance` on Vue's namespace with a computed key, "to avoid a bundler
// warning". A computed key makes the bundler keep every export of Vue (Transition, KeepAlive, Suspense,
// Teleport, hydration, custom elements, …): about 9 kB gzip the page never uses. Vue 3.5 has no
// `currentInstance` export, so the lookup always ends in `getCurrentInstance()`: say so directly.
const DYNAMIC = `const key = 'currentInstance';
    if (key in Vue) {
        return Vue[key];
    }
    else {
        return Vue.getCurrentInstance();
    }`
const STATIC = 'return Vue.getCurrentInstance();'

const VUE_I18N = /\/vue-i18n\/dist\/vue-i18n(\.runtime)?\.mjs$/
const INTLIFY = /\/(vue-i18n|@intlify\/[^/]+)\/dist\/[^/]+\.mjs$/

/**
 * Lets the bundler tree-shake vue-i18n and its @intlify packages (see above and `pureTables`). Fails the
 * build if vue-i18n changed so that the currentInstance rewrite no longer applies.
 */
export function vueI18nTreeShaking(): Plugin {
  return {
    name: 'hailong:vue-i18n-tree-shaking',
    // In development vue-i18n is pre-bundled and size does not matter.
    apply: 'build',
    transform(code, id) {
      if (!INTLIFY.test(id)) return null
      let out = code
      if (VUE_I18N.test(id)) {
        if (!out.includes(DYNAMIC)) {
          throw new Error(`vue-i18n-tree-shaking: ${id} no longer has the lookup this plugin rewrites; check whether it is still needed`)
        }
        out = out.replace(DYNAMIC, STATIC)
      }
      return { code: pureTables(out), map: null }
    },
  }
}

/**
 * The @intlify packages keep their development messages in tables keyed by error codes, e.g.
 * `const warnMessages = { [CoreWarnCodes.NOT_FOUND_KEY]: 'Not found …', … }`. In production nothing reads
 * the table, but the bundler keeps each computed key (`CoreWarnCodes.NOT_FOUND_KEY`: a property read, which
 * might run a getter) and with them the code objects: about 0.7 kB gzip of first-paint JavaScript.
 * (`treeshake.propertyReadSideEffects: false` would drop them too, but for the whole bundle: it also drops
 * the bare `ref.value` reads that vue-router makes to subscribe a computed to a ref.)
 *
 * Here a top-level `const NAME = { … }` whose members only read values (literals, names, property reads,
 * operators: no call, `new`, assignment, spread or getter) is wrapped in a pure IIFE: evaluated exactly as
 * before when used, and dropped with its reads when unused.
 */
export function pureTables(code: string): string {
  const program = parseAst(code) as unknown as { body: Node[] }
  const tables: Node[] = []
  for (const statement of program.body) {
    if (statement.type !== 'VariableDeclaration' || statement.kind !== 'const') continue
    for (const declarator of statement.declarations as Node[]) {
      const init = declarator.init as Node | null
      if (init?.type === 'ObjectExpression' && onlyReads(init)) tables.push(init)
    }
  }
  let out = code
  for (const init of tables.sort((a, b) => b.start - a.start)) {
    out = `${out.slice(0, init.start)}/* @__PURE__ */ (() => (${out.slice(init.start, init.end)}))()${out.slice(init.end)}`
  }
  return out
}

/** Node types whose evaluation can do nothing but read values. */
const READS = new Set([
  'ObjectExpression', 'ArrayExpression', 'Property', 'Literal', 'Identifier', 'MemberExpression',
  'TemplateLiteral', 'TemplateElement', 'BinaryExpression', 'LogicalExpression', 'ConditionalExpression',
  'UnaryExpression',
])

function onlyReads(node: unknown): boolean {
  if (Array.isArray(node)) return node.every(onlyReads)
  if (!node || typeof node !== 'object' || !('type' in node)) return true
  const n = node as Node
  if (!READS.has(n.type)) return false
  // `delete x.y` writes; getters and setters in a literal run later, on access, but keep it simple.
  if (n.type === 'UnaryExpression' && n.operator === 'delete') return false
  if (n.type === 'Property' && n.kind !== 'init') return false
  return Object.entries(n).every(([key, child]) => key === 'type' || onlyReads(child))
}
