import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns'
import { BlockList, isIP } from 'node:net'

/**
 * Where a webhook may point. The server posts to URLs an administrator typed: without a check, a hook could
 * reach what only the server can (the database's port, a cloud's metadata address, the intranet): SSRF. By
 * default only public addresses over https are allowed; WEBHOOK_ALLOW_PRIVATE=true admits private and
 * loopback addresses and plain http (a receiver on the same network, and the tests).
 */
const PRIVATE = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  PRIVATE.addSubnet(net, prefix, 'ipv6')

/** Whether an IP address is private, loopback, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 4) return PRIVATE.check(address, 'ipv4')
  if (family === 6) {
    // An IPv4 address written as IPv6 (::ffff:127.0.0.1) is that IPv4 address.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1]
    return mapped ? PRIVATE.check(mapped, 'ipv4') : PRIVATE.check(address, 'ipv6')
  }
  return true
}

const hostOf = (url: URL) => url.hostname.replace(/^\[|\]$/g, '')

/**
 * Why a hook's URL is refused, or undefined. Checked when it is saved; a host name is checked again, by the
 * address it resolves to, at every delivery (safeLookup), since its DNS may change after it was saved.
 */
export function webhookUrlProblem(text: string, allowPrivate: boolean): string | undefined {
  const url = new URL(text)
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return 'url: must start with https://'
  const host = hostOf(url)
  if (allowPrivate) return undefined
  if (isIP(host) !== 0 ? isPrivateAddress(host) : host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) {
    return 'url: must be a public address (private, loopback and local addresses are refused unless WEBHOOK_ALLOW_PRIVATE=true)'
  }
  return undefined
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/**
 * A dns.lookup for http.request that refuses private addresses: the connection goes to the address checked
 * here, so a name that resolves elsewhere between the check and the connection cannot slip through.
 */
export function safeLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    dnsLookup(hostname, options, (error, address, family) => {
      if (error) return callback(error, address as string, family)
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address]
      if (!allowPrivate && addresses.some(isPrivateAddress)) {
        const refused = Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATE' })
        return callback(refused, address, family)
      }
      callback(null, address, family)
    })
  }
}
