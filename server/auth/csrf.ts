import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { refuse } from './audit'
import type { AuthEnv } from './context'
import type { StaffEnv } from './guards'
import { publicOrigin } from './request-info'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The browser's own word on where a request comes from. hono/csrf checks it only for the content types an
 * HTML form can send (a cross-site JSON request needs a CORS preflight, which we never grant); this check
 * applies to every unsafe request whatever its type, so that a future form or upload endpoint is covered
 * too. Clients that are not browsers send neither header and are let through: for them the session's
 * X-CSRF-Token is the protection.
 */
export function crossOriginReason<E extends AuthEnv>(c: Context<E>): string | undefined {
  const site = c.req.header('sec-fetch-site')
  if (site !== undefined) return site === 'same-origin' ? undefined : `sec-fetch-site: ${site}`
  const origin = c.req.header('origin')
  if (origin !== undefined && origin !== publicOrigin(c)) return 'origin'
  return undefined
}

/** For sign-in, which has no session yet: refuses cross-site attempts (login CSRF). */
export const sameOrigin = createMiddleware<AuthEnv>(async (c, next) => {
  if (!SAFE_METHODS.has(c.req.method) && crossOriginReason(c)) {
    return refuse(c, 403, 'csrf', 'Cross-site request refused', 'csrf_origin')
  }
  await next()
})

const digest = (value: string) => createHash('sha256').update(value).digest()

/**
 * After requireStaff: every unsafe request must come from our origin and carry the session's CSRF token in
 * X-CSRF-Token (a header a cross-site page cannot set without a preflight). No GET changes state, so safe
 * methods pass.
 */
export const requireCsrf = createMiddleware<StaffEnv>(async (c, next) => {
  if (SAFE_METHODS.has(c.req.method)) return next()
  const staffId = c.var.staff.id
  if (crossOriginReason(c)) return refuse(c, 403, 'csrf', 'Cross-site request refused', 'csrf_origin', staffId)
  const sent = c.req.header('x-csrf-token')
  // Comparing digests keeps the comparison constant-time whatever the length sent.
  if (!sent || !timingSafeEqual(digest(sent), digest(c.var.session.csrfToken))) {
    return refuse(c, 403, 'csrf', 'Missing or wrong X-CSRF-Token header', sent ? 'csrf_token_wrong' : 'csrf_token_missing', staffId)
  }
  await next()
})
