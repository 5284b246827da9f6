import { version } from '../package.json'

/** The package version, built in (the compiled server has no package.json beside it): health checks and the client's about line show it. */
export const VERSION: string = version
