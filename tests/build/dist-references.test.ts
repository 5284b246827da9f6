import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

// Reads the build in dist/ (`npm run build`; npm test builds first). The server answers any path it does not
// know with index.html, so a file the build refers to but never wrote goes unnoticed online; offline the service
// worker has nothing for it and whatever needed it fails (issue 11: the feedback pages preloaded the entry
// stylesheet that build/inline-entry-css.ts had inlined and removed). STATIC_DIR checks another build.
const DIST = process.env.STATIC_DIR ?? join(import.meta.dirname, '..', '..', 'dist')

/** Every file under dist/, as a path relative to it with forward slashes (`assets/index-….js`). */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(DIST, join(entry.parentPath, entry.name)).split(sep).join('/'))
}

/** The URLs that dist/sw.js precaches: workbox's `precacheAndRoute([{url:"…",revision:…},…])`. */
function precached(sw: string): Set<string> {
  const list = /precacheAndRoute\(\[(.*?)\]/s.exec(sw)?.[1]
  if (!list) throw new Error('dist/sw.js has no precacheAndRoute list')
  return new Set([...list.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]!))
}

let files: string[]
let precache: Set<string>
/** `file → assets/name` for each mention of an asset in a text file of the build (code, HTML, CSS, worker). */
let references: { from: string; to: string }[]

beforeAll(() => {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`${DIST} has no index.html: run \`npm run build\` first (npm test does it)`)
  files = filesIn(DIST)
  precache = precached(readFileSync(join(DIST, 'sw.js'), 'utf8'))
  references = files
    .filter((file) => /\.(?:js|css|html|webmanifest)$/.test(file))
    .flatMap((from) => [...readFileSync(join(DIST, from), 'utf8').matchAll(/\bassets\/[\w.-]*\w/g)].map((m) => ({ from, to: m[0] })))
})

describe('the build in dist/', () => {
  it('finds the references it checks (the entry chunk and the lazy pages it preloads)', () => {
    expect(references.some((r) => r.from === 'index.html' && r.to.endsWith('.js'))).toBe(true)
    expect(references.some((r) => r.from.startsWith('assets/') && r.to.endsWith('.css'))).toBe(true)
  })

  it('holds every asset that its code, HTML, stylesheets and service worker name', () => {
    const existing = new Set(files)
    const missing = references.filter((r) => !existing.has(r.to)).map((r) => `${r.from} → ${r.to}`)
    expect([...new Set(missing)]).toEqual([])
  })

  it('precaches every script and stylesheet, and every asset any file names', () => {
    const assets = files.filter((file) => /^assets\/.*\.(?:js|css)$/.test(file))
    expect(assets.filter((file) => !precache.has(file))).toEqual([])
    const notPrecached = references.filter((r) => r.from !== 'sw.js' && !precache.has(r.to)).map((r) => `${r.from} → ${r.to}`)
    expect([...new Set(notPrecached)]).toEqual([])
  })

  it('precaches only files that exist', () => {
    expect([...precache].filter((url) => !existsSync(join(DIST, url)))).toEqual([])
  })
})
