import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { compress } from 'hono/compress'
import { createMiddleware } from 'hono/factory'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { type AuthOptions, createAuth, provideAuth } from './auth/context'
import type { Catalog } from '../shared/catalog'
import type { Config } from './config'
import type { Env } from './env'
import { apiError, onError } from './middleware/errors'
import { loggedPath } from './middleware/logged-path'
import { securityHeaders } from './middleware/security-headers'
import { auth } from './routes/auth'
import { catalog } from './routes/catalog'
import { feedback } from './routes/feedback'
import { health } from './routes/health'
import { kiosk } from './routes/kiosk'
import { open311 } from './routes/open311'
import { responses } from './routes/responses'
import { staff } from './routes/staff'
import { stats } from './routes/stats'
import { track } from './routes/track'
import { publicResults } from './routes/public-results'
import { widget } from './routes/widget'
import { surveyShell, withSurveyShell } from './pages/survey-shell'
import type { Store } from './store/store'

/** The catalog as a JSON data block before </head>; `<` is escaped so no text in it can close the script. */
export function withInlineCatalog(html: string, data: Catalog): string {
  const json = JSON.stringify(data).replaceAll('<', '\\u003c')
  return html.replace('</head>', `<script id="catalog-data" type="application/json">${json}</script></head>`)
}

export interface AppDeps {
  config: Config
  store: Store
  /** The clock, waits and hashing cost of sign-in; tests change them, the server keeps the defaults. */
  auth?: AuthOptions
}

function buildApi() {
  return new Hono<Env>()
    .route('/health', health)
    .route('/catalog', catalog)
    .route('/responses', responses)
    .route('/feedback', feedback)
    .route('/track', track)
    .route('/stats', stats)
    .route('/auth', auth)
    .route('/staff', staff)
    .route('/kiosk', kiosk)
}

export type AppType = ReturnType<typeof buildApi>

/** Builds the whole app; the server entry point and the tests share it. */
export function createApp({ config, store, auth: authOptions }: AppDeps) {
  const app = new Hono<Env>()
  app.use(
    createMiddleware<Env>(async (c, next) => {
      c.set('config', config)
      c.set('store', store)
      await next()
    }),
  )
  app.use(securityHeaders(config))
  app.use('/api/*', provideAuth(createAuth(store, authOptions)))
  if (config.LOG_REQUESTS) {
    app.use(async (c, next) => {
      const started = performance.now()
      await next()
      // The path only: query strings may carry dossier codes, bodies may carry personal data; and a tracking
      // code is the key to a citizen's item, so it never reaches the log either.
      console.log(`${c.req.method} ${loggedPath(c.req.path)} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`)
    })
  }
  app.onError(onError)
  // The pages and reads a phone on a weak link waits for; not the write path, where the CPU goes to commits.
  const compressed = compress()
  for (const path of ['/q/*', '/api/catalog', '/api/stats/*', '/api/track/*', '/cong-khai', '/cong-khai/*', '/en/public-results']) app.use(path, compressed)
  app.route('/api', buildApi())
  app.all('/api/*', (c) => apiError(c, 404, 'not_found', `No API endpoint ${c.req.method} ${c.req.path}`))
  // Open311 GeoReport v2 for civic tools, outside /api: its own paths, formats and error documents.
  app.route('/open311', open311)
  // Server-written public pages: before the single-page app's catch-all below.
  app.route('/', publicResults)
  app.route('/widget', widget)

  const root = config.STATIC_DIR
  const indexFile = join(root, 'index.html')
  if (existsSync(indexFile)) {
    const indexHtml = readFileSync(indexFile, 'utf8')
    app.use(
      '/assets/*',
      // The build writes .br and .gz beside each asset; a phone on a weak link gets the smallest.
      serveStatic({ root, precompressed: true, onFound: (_path, c) => c.header('Cache-Control', 'public, max-age=31536000, immutable') }),
    )
    app.use(
      '*',
      serveStatic({
        root,
        onFound: (path, c) => {
          // The service worker and its manifest must be re-checked on every visit so updates reach devices.
          if (/(sw\.js|workbox-.*\.js|manifest\.webmanifest|index\.html)$/.test(path)) c.header('Cache-Control', 'no-cache')
        },
      }),
    )
    // A citizen page opened from a QR code gets the catalog inside its HTML: on a first visit over a weak
    // link that saves the round trip the page would otherwise wait on before it can show the form. Once the
    // service worker serves the page, the copy saved on the device plays that part.
    // The rating page itself (/q/<counter>, not the pages below it) also gets its first screen drawn by the
    // server (pages/survey-shell.ts), so that it paints before the JavaScript arrives.
    app.get('/q/*', async (c) => {
      c.header('Cache-Control', 'no-cache')
      const data = await c.var.store.catalog()
      const counter = /^\/q\/([^/]+)\/?$/.exec(c.req.path)?.[1]
      const html = withInlineCatalog(indexHtml, data)
      return c.html(counter === undefined ? html : withSurveyShell(html, surveyShell(data, counter, c.req.query('p') ?? null)))
    })
    // Every other page is the single-page app; the router on the device picks the view.
    app.get('*', (c) => {
      c.header('Cache-Control', 'no-cache')
      return c.html(indexHtml)
    })
  }
  return app
}
