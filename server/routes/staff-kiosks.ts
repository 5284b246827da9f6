import { Hono } from 'hono'
import type { KioskStatus } from '../../shared/kiosk'
import { requireRole, type StaffEnv } from '../auth/guards'
import { currentSetting } from '../domain/feedback-settings'
import { kioskStatuses } from '../domain/kiosk'
import type { Env } from '../env'

/**
 * The counters' kiosks as the inspectorate watches them (inspector, administrator): each device in force,
 * its last heartbeat, last sync, ratings waiting, version and battery, and whether it has been silent for a
 * working day by the calendar in force.
 */
export const staffKiosks = new Hono<Env & StaffEnv>().use(requireRole('inspector', 'admin')).get('/', async (c) => {
  const [devices, calendar] = await Promise.all([c.var.store.kiosks.devices(), currentSetting(c.var.store, 'calendar')])
  c.header('Cache-Control', 'no-store')
  return c.json<{ kiosks: KioskStatus[] }>({ kiosks: kioskStatuses(devices, c.var.auth.now(), calendar.value) }, 200)
})
