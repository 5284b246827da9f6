import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, posix } from 'node:path'
import { gzipSync } from 'node:zlib'
import { DIST, isMain, report } from './lib'

/**
 * Static imports of a built chunk: `import … from "./x.js"` and `import "./x.js"`, never `import("./x.js")`
 * (a lazy chunk, loaded after the first paint). Vite's output is minified ES modules, so a pattern is enough.
 */
function staticImports(code: string): string[] {
  const found: string[] = []
  for (const m of code.matchAll(/(?:^|[\s;}])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g)) found.push(m[1]!)
  for (const m of code.matchAll(/(?:^|[\s;}])export\s*(?:\*|\{[^}]*\})\s*from\s*["']([^"']+\.js)["']/g)) found.push(m[1]!)
  return found
}

/**
 * The JavaScript a browser must fetch before it can paint /q/<counter>: dist/index.html's module script and
 * modulepreload links, and everything they import statically, each gzipped (level 9, as Vite reports it).
 */
export function firstPaintFiles(): { file: string; raw: number; gzip: number }[] {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8')
  const queue = [
    ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]!),
  ]
  const seen = new Set<string>()
  const files = []
  while (queue.length > 0) {
    const url = queue.shift()!
    if (seen.has(url)) continue
    seen.add(url)
    const code = readFileSync(join(DIST, url))
    files.push({ file: url, raw: code.length, gzip: gzipSync(code, { level: 9 }).length })
    for (const spec of staticImports(code.toString('utf8'))) queue.push(posix.join(posix.dirname(url), spec))
  }
  return files
}

export function firstPaintJs(): { gzip: number } {
  console.log('\n[c] gzipped JavaScript needed to paint /q/<counter> (dist/, entry + static imports)')
  if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ is missing: run `npx vite build` first')
  const files = firstPaintFiles()
  for (const f of files) report(f.file, `${(f.gzip / 1000).toFixed(1)} kB`)
  const gzip = files.reduce((sum, f) => sum + f.gzip, 0)
  const raw = files.reduce((sum, f) => sum + f.raw, 0)
  report('first-paint JS, gzip', `${(gzip / 1000).toFixed(1)} kB`, { ok: gzip <= 60_000, text: '≤ 60 kB' })
  report('first-paint JS, raw', `${(raw / 1000).toFixed(1)} kB`)
  report('gzip ÷ goal', (gzip / 60_000).toFixed(2))
  // Each lazy chunk's name is also a string in the entry (vite's list of files to preload): fewer is lighter.
  report('JS chunks in the build', String(readdirSync(join(DIST, 'assets')).filter((n) => n.endsWith('.js')).length))
  return { gzip }
}

if (isMain(import.meta)) firstPaintJs()
