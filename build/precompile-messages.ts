import { createRequire } from 'node:module'
import { baseCompile } from '@intlify/message-compiler'
import { parseAst, type Plugin } from 'vite'

type Node = { type: string; start: number; end: number; value?: unknown; key?: Node; [key: string]: unknown }

const require = createRequire(import.meta.url)

/**
 * Compiles the locale messages at build time, so the page ships without vue-i18n's message compiler (about
 * 6 kB gzip of first-paint JavaScript): every string in a locale module's objects, e.g.
 * `unknownCounter: 'Không tìm thấy quầy “{code}”.'`, becomes the AST vue-i18n evaluates at run time.
 * Goes with `__INTLIFY_DROP_MESSAGE_COMPILER__: true`, which takes the compiler out of the bundle; with it,
 * a message left as a string would fail at run time, so every string value under `include` is compiled.
 * (vue-i18n's own @intlify/unplugin-vue-i18n needs Node ≥ 22.)
 */
export function precompileMessages(include: RegExp): Plugin {
  // The AST format is an internal contract between the compiler and vue-i18n's runtime: same release only.
  const compiler = (require('@intlify/message-compiler/package.json') as { version: string }).version
  const runtime = (require('vue-i18n/package.json') as { version: string }).version
  if (compiler !== runtime) {
    throw new Error(`precompile-messages: @intlify/message-compiler ${compiler} does not match vue-i18n ${runtime}`)
  }

  return {
    name: 'hailong:precompile-messages',
    // Before TypeScript is stripped, so the offsets are those of the file as written (errors point there).
    enforce: 'pre',
    transform(code, id) {
      if (!include.test(id)) return null
      const strings: Node[] = []
      const visit = (node: unknown, parent?: Node): void => {
        if (Array.isArray(node)) return node.forEach((child) => visit(child, parent))
        if (!node || typeof node !== 'object' || !('type' in node)) return
        const n = node as Node
        const isValue = parent?.type === 'ArrayExpression' || (parent?.type === 'Property' && parent.key !== n)
        if (n.type === 'Literal' && typeof n.value === 'string' && isValue) strings.push(n)
        for (const key of Object.keys(n)) if (key !== 'type') visit(n[key], n)
      }
      visit(parseAst(code, { lang: id.endsWith('.ts') ? 'ts' : 'js' }))

      let out = code
      for (const node of strings.sort((a, b) => b.start - a.start)) {
        const { ast } = baseCompile(node.value as string, {
          jit: true,
          minify: true,
          location: false,
          onError: (error) => {
            throw new Error(`${id}: cannot compile the message ${JSON.stringify(node.value)}: ${error.message}`)
          },
        })
        out = `${out.slice(0, node.start)}${JSON.stringify(ast)}${out.slice(node.end)}`
      }
      return { code: out, map: null }
    },
  }
}
