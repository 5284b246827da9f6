import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Plugin } from 'vite'

/**
 * Writes a .br and a .gz copy beside every script and stylesheet in dist/assets, compressed once at build
 * time at the highest levels, for a server that serves precompressed files (Hono's serveStatic with
 * `precompressed: true`). Uncompressed, the first paint's JavaScript is about 2.7 times bigger on the wire.
 */
export function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'hailong:precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    writeBundle() {
      const dir = join(outDir, 'assets')
      for (const name of readdirSync(dir).filter((n) => /\.(js|css)$/.test(n))) {
        const file = join(dir, name)
        const code = readFileSync(file)
        writeFileSync(`${file}.br`, brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
        writeFileSync(`${file}.gz`, gzipSync(code, { level: 9 }))
      }
    },
  }
}
