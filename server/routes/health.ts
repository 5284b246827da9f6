import { Hono } from 'hono'
import type { Env } from '../env'
import { VERSION } from '../version'

export const health = new Hono<Env>().get('/', (c) => c.json({ status: 'ok' as const, version: VERSION }))
