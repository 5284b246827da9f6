import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { secureHeaders } from 'hono/secure-headers'
import { isHttps } from '../auth/request-info'
import type { Config } from '../config'
import type { Env } from '../env'

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>
type Policy = NonNullable<SecureHeadersOptions['contentSecurityPolicy']>

/** The CSP source expressions (`'sha256-…'`) of the inline code an HTML document carries. */
export interface InlineHashes {
  /** `<script>` elements without `src` that run (a JSON data block does not, so it needs no hash). */
  scripts: string[]
  /** `<style>` elements. */
  styles: string[]
  /** Event handler attributes (`onclick="…"`), allowed only with 'unsafe-hashes'. */
  handlers: string[]
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
const unique = (list: string[]) => [...new Set(list)]

/** Attribute values are hashed as the browser reads them: after their character references are decoded. */
const decodeAttribute = (value: string) =>
  value.replace(/&(quot|#39|lt|gt|amp);/g, (_, name: string) => ({ quot: '"', '#39': "'", lt: '<', gt: '>', amp: '&' })[name]!)

/**
 * Hashes the inline scripts, styles and event handlers of a document we wrote ourselves (the built
 * index.html, the printable pages): no parser, because every such block is a plain element of our own
 * templates, and all text put into them is escaped.
 */
export function inlineHashes(html: string): InlineHashes {
  const scripts: string[] = []
  for (const [, attributes = '', body = ''] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(attributes) || /\btype\s*=\s*["']?application\/(ld\+)?json/i.test(attributes)) continue
    scripts.push(sha256(body))
  }
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map(([, body = '']) => sha256(body))
  const handlers = [...html.matchAll(/\son[a-z]+\s*=\s*"([^"]*)"/gi)].map(([, code = '']) => sha256(decodeAttribute(code)))
  return { scripts: unique(scripts), styles: unique(styles), handlers: unique(handlers) }
}

/**
 * The policy of every response. Everything comes from our own origin; the few exceptions:
 * - the hashes of the inline `<style>` (build/inline-entry-css.ts puts the entry stylesheet into index.html so
 *   the first screen paints from the HTML alone) and of any inline script, computed from the files served;
 * - `blob:` images: the feedback form previews the photos chosen, and resizes them, through object URLs
 *   (client/photos/resize.ts). No `data:`: nothing in the app loads a data: image.
 * No 'unsafe-inline' for styles: Vue's `:style` bindings and Chart.js set styles through the CSSOM
 * (`el.style.…`), which CSP does not govern, and the templates have no static `style="…"` attribute that Vue
 * could write as markup; tests/e2e/csp.test.ts checks every kind of page in Chromium.
 */
function pagePolicy({ scripts, styles, handlers }: InlineHashes): Policy {
  return {
    defaultSrc: ["'self'"],
    // A printable page's print button is an inline onclick; 'unsafe-hashes' lets exactly that handler run.
    scriptSrc: ["'self'", ...scripts, ...(handlers.length > 0 ? ["'unsafe-hashes'", ...handlers] : [])],
    styleSrc: ["'self'", ...styles],
    imgSrc: ["'self'", 'blob:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  }
}

/** The policy as its header value, as hono/secure-headers writes it. */
function serializePolicy(policy: Policy): string {
  return Object.entries(policy)
    .map(([name, sources]) => [name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`), ...(sources as string[])].join(' '))
    .join('; ')
}

/**
 * The policy of a whole document a route writes itself (the public results page, the widget): its own inline
 * code hashed, and who may frame it (nobody unless told).
 */
export function documentPolicy(html: string, frameAncestors: string[] = ["'none'"]): string {
  return serializePolicy({ ...pagePolicy(inlineHashes(html)), frameAncestors })
}

/** No hashes: what a server without a built client (the tests) serves. */
const NO_INLINE_CODE: InlineHashes = { scripts: [], styles: [], handlers: [] }

/**
 * Security headers on every response: hono's secureHeaders with our Content-Security-Policy, and HSTS on
 * HTTPS only. A handler that sets a header of its own keeps it (a staff photo's sandbox policy).
 *
 * The single-page app's documents are index.html, as app.ts serves it (read from the same STATIC_DIR, at
 * start): its inline code is hashed once. What the server adds to it carries no code that runs — the
 * catalog is a JSON data block (`withInlineCatalog`), the survey shell plain markup. The printable pages the
 * API writes (posters, the period report) are hashed as they go out: their styles depend on the request.
 */
export function securityHeaders(config: Config) {
  const indexFile = join(config.STATIC_DIR, 'index.html')
  const index = existsSync(indexFile) ? inlineHashes(readFileSync(indexFile, 'utf8')) : NO_INLINE_CODE
  const headers = secureHeaders({
    contentSecurityPolicy: pagePolicy(index),
    xFrameOptions: 'DENY',
    // No page needs to tell anyone where the browser came from, and its URL may hold secrets: a tracking
    // page (/t/<code>) its citizen's key, a QR link its dossier code (d=), staff pages an item and its
    // filters. With a referrer, the assets of /t/<code> would carry the code to the reverse proxy's access
    // log (which records Referer) even though our own log masks it. The CSRF check does not need it: it
    // reads Sec-Fetch-Site, then Origin, and fetch() sends Origin whatever the referrer policy.
    referrerPolicy: 'no-referrer',
    crossOriginOpenerPolicy: 'same-origin',
    // Set below, on HTTPS only.
    strictTransportSecurity: false,
    permissionsPolicy: {
      // The feedback form's photo button is `<input type="file" capture>`, which opens the phone's camera app
      // through the file chooser: that asks for no camera permission (the feature governs getUserMedia, which
      // we do not use). Allowed to our own origin all the same, never to a frame, so that a browser tying the
      // two together would still offer the camera. The features below are refused; the others keep their
      // default, our own origin (clipboard-write: the receipt's "copy the code" button). Chromium warns on
      // every page about a feature it does not know (e.g. bluetooth), so only known ones are listed.
      camera: ['self'],
      microphone: [],
      geolocation: [],
      payment: [],
      usb: [],
      serial: [],
      hid: [],
      midi: [],
      accelerometer: [],
      gyroscope: [],
      magnetometer: [],
      displayCapture: [],
      browsingTopics: [],
    },
    overwrite: false,
  })
  return createMiddleware<Env>(async (c, next) => {
    await headers(c, async () => {
      await next()
      await policyForPrintablePage(c)
    })
    // A page that lets other origins frame it (the widget) says who in its own frame-ancestors, which
    // browsers obey over X-Frame-Options; a DENY beside it would still stop older ones.
    const framing = /frame-ancestors ([^;]*)/.exec(c.res.headers.get('Content-Security-Policy') ?? '')?.[1]
    if (framing !== undefined && framing.trim() !== "'none'") c.res.headers.delete('X-Frame-Options')
    // A browser ignores HSTS received over plain HTTP; with PUBLIC_URL on https://, the address citizens use
    // is HTTPS whatever this hop was (a proxy that does not say so).
    if (isHttps(c) || config.PUBLIC_URL?.startsWith('https://')) {
      c.res.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
    }
  })
}

/** An HTML page written by the API (posters, the period report) gets the policy of its own inline code. */
async function policyForPrintablePage(c: Context<Env>): Promise<void> {
  if (!c.req.path.startsWith('/api/') || c.res.headers.has('Content-Security-Policy')) return
  if (!c.res.headers.get('Content-Type')?.startsWith('text/html') || c.res.body === null) return
  const hashes = inlineHashes(await c.res.clone().text())
  c.res.headers.set('Content-Security-Policy', serializePolicy(pagePolicy(hashes)))
}
