import { isIPv4, isIPv6 } from 'node:net'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import type { Env } from '../env'

/**
 * The value our own reverse proxy added. Proxies append to X-Forwarded-For, so its first entries are
 * whatever the client chose to send: only the last one (one trusted hop) cannot be forged.
 */
function forwarded<E extends Env>(c: Context<E>, header: string): string | undefined {
  // c.get, not c.var: Hono builds a new object of all the variables on every read of c.var (and this runs on
  // every rate-limited request).
  if (!c.get('config').TRUST_PROXY) return undefined
  const value = c.req.header(header)?.split(',').at(-1)?.trim()
  return value || undefined
}

export function clientAddress<E extends Env>(c: Context<E>): string {
  const fromProxy = forwarded(c, 'x-forwarded-for')
  if (fromProxy) return fromProxy
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    // app.request() in tests has no socket.
    return 'unknown'
  }
}

/**
 * The key a per-client allowance is kept under: the address, but an IPv6 address by its /64. One home or
 * phone gets a whole /64 and may use any address in it, so keyed by the full address one client would
 * have endless allowances.
 */
export function clientKey<E extends Env>(c: Context<E>): string {
  const address = clientAddress(c)
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1]
  if (mapped) return mapped
  return isIPv6(address) ? `${ipv6Groups(address).slice(0, 4).join(':')}::/64` : address
}

/** The eight groups of an IPv6 address, `::` expanded, lower case, leading zeros dropped. */
function ipv6Groups(ip: string): string[] {
  const [head = '', tail = ''] = ip.split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left
  return groups.map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
}

/**
 * An address is personal data; what the audit and the lock-out need is the network. IPv4 keeps /24, IPv6
 * /48 (one site), so a shared office address still counts as one client.
 */
export function truncateAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1]
  const ip = mapped ?? address
  if (isIPv4(ip)) return `${ip.split('.').slice(0, 3).join('.')}.0/24`
  if (isIPv6(ip)) return `${ipv6Groups(ip).slice(0, 3).join(':')}::/48`
  return 'unknown'
}

/**
 * Whether the browser talks to us over HTTPS: directly, or, with TRUST_PROXY, through a proxy that ends TLS
 * and says so in X-Forwarded-Proto. It decides the cookie's name and Secure attribute.
 */
export function isHttps<E extends Env>(c: Context<E>): boolean {
  return new URL(c.req.url).protocol === 'https:' || forwarded(c, 'x-forwarded-proto') === 'https'
}

/** The origin the browser sees, to compare with its Origin header. */
export function publicOrigin<E extends Env>(c: Context<E>): string {
  const host = forwarded(c, 'x-forwarded-host') ?? new URL(c.req.url).host
  return `${isHttps(c) ? 'https' : 'http'}://${host}`
}
