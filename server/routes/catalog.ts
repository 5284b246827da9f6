import { Hono } from 'hono'
import type { Env } from '../env'

export const catalog = new Hono<Env>().get('/', async (c) => {
  // Devices keep a copy for offline use; a short max-age with revalidation keeps posters' pages fresh.
  c.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=86400')
  return c.json(await c.var.store.catalog())
})
