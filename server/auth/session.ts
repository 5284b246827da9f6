import { createHash, randomBytes } from 'node:crypto'
import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { SessionRecord, StaffAccount } from '../store/staff-store'
import type { AuthEnv } from './context'
import { isHttps } from './request-info'

const COOKIE = 'hailong_session'

/**
 * `__Host-hailong_session` over HTTPS: the prefix makes browsers refuse it unless it is Secure, host-only
 * and Path=/, so a sibling subdomain or a plain-HTTP page cannot plant or overwrite it. Browsers also refuse
 * to store a `__Host-` cookie from plain HTTP, so on http://localhost the cookie is `hailong_session`. Each
 * scheme reads only its own name: a cookie set over HTTP is never accepted over HTTPS.
 */
export function sessionCookieName(https: boolean): string {
  return https ? `__Host-${COOKIE}` : COOKIE
}

/**
 * Whether the session cookie is the HTTPS one. Always when PUBLIC_URL is https: behind a proxy that ends TLS
 * the request itself looks like plain HTTP unless TRUST_PROXY is set, and the cookie must be Secure anyway,
 * since the browser only ever reaches the app over HTTPS. Otherwise the request's own scheme.
 */
function cookieHttps<E extends AuthEnv>(c: Context<E>): boolean {
  return c.get('config').PUBLIC_URL?.startsWith('https:') === true || isHttps(c)
}

/**
 * 32 random bytes, base64url, behind the scheme the token was issued for: the session credential, which only
 * the browser ever holds. The scheme is part of the token (and of its stored hash), so a token issued under
 * one cookie name is refused under the other, whoever copies it there.
 */
export function newToken(https: boolean): string {
  return `${https ? 'https' : 'http'}.${randomBytes(32).toString('base64url')}`
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

const TOKEN_FORMAT = /^(https?)\.[A-Za-z0-9_-]{43}$/

/** The session token under this scheme's cookie name, if it was issued for this scheme. */
export function readSessionToken<E extends AuthEnv>(c: Context<E>): string | undefined {
  const https = cookieHttps(c)
  const token = getCookie(c, sessionCookieName(https))
  const scheme = token === undefined ? undefined : TOKEN_FORMAT.exec(token)?.[1]
  return scheme === (https ? 'https' : 'http') ? token : undefined
}

function writeCookie<E extends AuthEnv>(c: Context<E>, value: string, maxAge?: number): void {
  // No Max-Age on a live session: the cookie goes when the browser closes, and the server's own time-outs
  // end it sooner whatever the browser keeps. SameSite=Strict: the staff pages are opened by this app's own
  // fetches, never by a link from elsewhere that would need the cookie on arrival.
  const options = { httpOnly: true, sameSite: 'Strict', path: '/', ...(maxAge === undefined ? {} : { maxAge }) } as const
  if (cookieHttps(c)) setCookie(c, COOKIE, value, { ...options, prefix: 'host' })
  else setCookie(c, COOKIE, value, options)
}

export function setSessionCookie<E extends AuthEnv>(c: Context<E>, token: string): void {
  writeCookie(c, token)
}

export function clearSessionCookie<E extends AuthEnv>(c: Context<E>): void {
  writeCookie(c, '', 0)
}

/** A session past the password only lasts as long as typing a code or adding the app may take. */
const PENDING_SECOND_FACTOR_MS = 15 * 60_000

/**
 * Creates the session row and returns the token for the cookie; only its hash is stored. `pendingSecondFactor`:
 * the password was right but the second factor is still to come (routes/second-factor.ts).
 */
export async function startSession<E extends AuthEnv>(
  c: Context<E>,
  staffId: number,
  pendingSecondFactor = false,
): Promise<{ token: string; session: SessionRecord }> {
  const now = c.var.auth.now()
  const token = newToken(cookieHttps(c))
  const session: SessionRecord = {
    idHash: tokenHash(token),
    staffId,
    csrfToken: randomBytes(32).toString('base64url'),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + (pendingSecondFactor ? PENDING_SECOND_FACTOR_MS : c.var.config.SESSION_ABSOLUTE_HOURS * 3_600_000),
    pendingSecondFactor,
  }
  await c.var.store.staff.createSession(session)
  return { token, session }
}

/**
 * Writing last_seen_at on every request would cost an fsync each; a minute's precision is plenty for a
 * time-out counted in tens of minutes.
 */
const TOUCH_EVERY_MS = 60_000

export type SessionCheck =
  | { ok: true; session: SessionRecord; staff: StaffAccount }
  | { ok: false; reason: 'no_session' | 'unknown_session' | 'idle_timeout' | 'absolute_timeout' | 'inactive_account'; staffId?: number }

/** Finds the request's session and enforces the time-outs; an ended session is deleted on the spot. */
export async function checkSession<E extends AuthEnv>(c: Context<E>): Promise<SessionCheck> {
  const token = readSessionToken(c)
  if (!token) return { ok: false, reason: 'no_session' }
  const { store, config, auth } = c.var
  const found = await store.staff.findSession(tokenHash(token))
  if (!found) return { ok: false, reason: 'unknown_session' }
  const { session, staff } = found
  const now = auth.now()
  const idleMs = config.SESSION_IDLE_MINUTES * 60_000
  // Both limits are checked against the current settings too, so that lowering them takes effect at once.
  const absoluteEnd = Math.min(session.expiresAt, session.createdAt + config.SESSION_ABSOLUTE_HOURS * 3_600_000)
  const reason = !staff.active ? 'inactive_account' : now >= absoluteEnd ? 'absolute_timeout' : now - session.lastSeenAt >= idleMs ? 'idle_timeout' : undefined
  if (reason) {
    await store.staff.deleteSession(session.idHash)
    return { ok: false, reason, staffId: staff.id }
  }
  if (now - session.lastSeenAt >= TOUCH_EVERY_MS) {
    await store.staff.touchSession(session.idHash, now)
    session.lastSeenAt = now
  }
  return { ok: true, session, staff }
}
