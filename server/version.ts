import { readFileSync } from 'node:fs'

/** The package version, read once: health checks and the client's about line show it. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version
