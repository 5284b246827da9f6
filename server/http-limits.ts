import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import type { Config } from './config'

/**
 * The Node server's own timeouts: how long a request's headers and its whole body may take to arrive. The
 * check runs every `connectionsCheckingInterval`; Node's 30 s would let a slow client outstay its timeout
 * by that much.
 */
export function serverOptions(config: Config) {
  return {
    requestTimeout: config.REQUEST_TIMEOUT_SECONDS * 1000,
    headersTimeout: config.HEADERS_TIMEOUT_SECONDS * 1000,
    connectionsCheckingInterval: Math.min(5000, config.HEADERS_TIMEOUT_SECONDS * 500),
  }
}

/**
 * Caps on open connections: the whole server's (Node refuses beyond maxConnections), and one address's, so
 * that a single address opening connections and sending nothing cannot take them all. Behind a proxy every
 * connection is the proxy's: the per-address cap is then the proxy's to apply (see deploy/ for nginx).
 */
export function limitConnections(server: Server, config: Config): void {
  server.maxConnections = config.MAX_CONNECTIONS
  if (config.TRUST_PROXY) return
  const open = new Map<string, number>()
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown'
    const count = (open.get(address) ?? 0) + 1
    if (count > config.MAX_CONNECTIONS_PER_ADDRESS) {
      socket.destroy()
      return
    }
    open.set(address, count)
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1
      if (left === 0) open.delete(address)
      else open.set(address, left)
    })
  })
}
