import { createHash } from 'node:crypto'
import { Hono } from 'hono'
import * as v from 'valibot'
import { today } from '../../shared/dates'
import { groupOfUnit } from '../../shared/period-suppression'
import { WidgetQuery } from '../../shared/widget'
import { currentSetting } from '../domain/feedback-settings'
import { yearSuppression } from '../domain/public-results'
import type { Env } from '../env'
import { rateLimit } from '../middleware/rate-limit'
import { documentPolicy } from '../middleware/security-headers'
import { EMBED_SCRIPT, widgetPage, type WidgetFigures } from '../pages/widget'

const CACHE_CONTROL = 'public, max-age=300'

/**
 * The widget for portals (/widget/hai-long) and its one-line embed script (/widget/hai-long.js). The widget
 * shows the share satisfied or very satisfied this year so far, for the department or one unit: the figure
 * of the year's public page (/cong-khai?p=<year>), hidden exactly when that page hides it. Only the origins an administrator saved
 * (setting embed_origins) may frame it, and this origin; nothing saved, this origin alone.
 */
export const widget = new Hono<Env>()
  .get('/hai-long', rateLimit('widget'), async (c) => {
    const parsed = v.safeParse(WidgetQuery, c.req.query())
    if (!parsed.success) return c.text(`${parsed.issues[0].path?.map((p) => p.key).join('.') ?? 'query'}: ${parsed.issues[0].message}`, 400)
    const query = parsed.output
    const { store } = c.var
    const day = today()
    const year = Number(day.slice(0, 4))
    const from = `${year}-01-01`
    const [catalog, byUnit, origins, hidden] = await Promise.all([
      store.catalog(),
      store.satisfaction({ from, to: day, groupBy: 'unit' }),
      currentSetting(store, 'embed_origins'),
      yearSuppression(store, year, Date.now()),
    ])
    const unit = query.unit === undefined ? undefined : catalog.units.find((u) => u.code === query.unit)
    if (query.unit !== undefined && unit === undefined) return c.text(`unit: no unit ${query.unit}`, 404)
    const group = unit === undefined ? byUnit.total : byUnit.groups.find((g) => g.key === unit.code)
    // Hidden as the year's public page hides it; a unit without forms this year has nothing to show either.
    const shown = group !== undefined && !hidden.forms.has(`${unit === undefined ? 'all' : groupOfUnit(unit.code)}|${year}`)
    const figures: WidgetFigures = {
      name: unit?.name[query.lang] ?? null,
      agency: catalog.agency[query.lang],
      satisfiedRate: shown ? group.satisfiedRate : null,
      forms: shown ? group.total : null,
      from,
      to: day,
    }
    const html = widgetPage(figures, query)
    const etag = `"${createHash('sha256').update(html).update(origins.value.join(' ')).digest('base64url').slice(0, 27)}"`
    c.header('ETag', etag)
    c.header('Cache-Control', CACHE_CONTROL)
    c.header('Content-Security-Policy', documentPolicy(html, ["'self'", ...origins.value]))
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304)
    return c.html(html)
  })
  .get('/hai-long.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8')
    c.header('Cache-Control', 'public, max-age=3600')
    // Loaded by <script src> from a portal's page: another origin must be allowed to read it.
    c.header('Cross-Origin-Resource-Policy', 'cross-origin')
    return c.body(EMBED_SCRIPT)
  })
