import * as v from 'valibot'

/**
 * The origins an administrator allows to frame the widget (/widget/hai-long): the department's portal, the
 * province's. An origin only (scheme, host, port: no path), over https; http only for this machine (a portal
 * being built on a laptop).
 */

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** The origin as the browser writes it (lower case, default port dropped), or null when it is not one. */
export function normaliseOrigin(text: string): string | null {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return null
  }
  // new URL keeps a path, query, fragment or credentials: an origin has none of them.
  const bare = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@]+\/?$/i.test(text)
  if (!bare || url.origin === 'null') return null
  return url.origin
}

export const EmbedOrigin = v.pipe(
  v.string('must be an origin such as https://portal.example.gov.vn'),
  v.trim(),
  v.maxLength(200, 'is too long (at most 200 characters)'),
  v.check((text) => normaliseOrigin(text) !== null, 'must be an origin such as https://portal.example.gov.vn, without a path'),
  v.transform((text) => normaliseOrigin(text)!),
  v.check((origin) => {
    const url = new URL(origin)
    return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname))
  }, 'must use https:// (http:// only for localhost)'),
)

export const EmbedOrigins = v.pipe(
  v.array(EmbedOrigin, 'must be a list of origins'),
  v.maxLength(20, 'may list at most 20 origins'),
  v.transform((origins) => [...new Set(origins)]),
)
export type EmbedOrigins = v.InferOutput<typeof EmbedOrigins>
