import { Worker } from 'node:worker_threads'

/**
 * Starts a worker thread on a module of the server, given as its TypeScript source's URL. Built
 * (`npm run build`), the module is the JavaScript file of the same name beside the caller's. Run from the
 * source (tsx, vitest), a worker on Node 20 does not inherit the parent's loader and ignores `--import` in
 * its execArgv, so the worker registers tsx itself before it imports the module.
 */
export function startTsWorker(source: URL, workerData: unknown): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL(source.href.replace(/\.ts$/, '.js')), { workerData, execArgv: [] })
  }
  const tsx = import.meta.resolve('tsx/esm/api')
  const code = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source.href)}) })`
  return new Worker(code, { eval: true, workerData, execArgv: [] })
}
