// autocannon ships no types; this is the part of its API the benches use.
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  export interface Request {
    method?: string
    path?: string
    headers?: Record<string, string>
    body?: string
    /** Called before each request is sent; what it returns is sent. */
    setupRequest?: (req: Request) => Request
  }
  /** One connection; setupClient gets each as it is made. */
  export interface Client {
    /** Replaces the requests this connection sends, in turn. */
    setRequests(requests: Request[]): void
  }
  export interface Options {
    url: string
    connections?: number
    pipelining?: number
    duration?: number
    amount?: number
    timeout?: number
    requests?: Request[]
    setupClient?: (client: Client) => void
  }
  export interface Result {
    errors: number
    timeouts: number
    non2xx: number
    statusCodeStats: Record<string, { count: number }>
  }
  export interface Instance extends EventEmitter, PromiseLike<Result> {}
  function autocannon(options: Options): Instance
  export default autocannon
}
