import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { AuditEntity, AuditEvent } from '../../shared/admin'
import { adminApi } from '../api/admin'
import { useAdminRequest } from '../composables/admin-request'

export interface AuditFilter {
  entity: AuditEntity | ''
  key: string
}

const PAGE = 50

/** The administration audit, newest first, a page at a time, filtered by entity (and key). */
export const useAdminAuditStore = defineStore('admin-audit', () => {
  const events = shallowRef<AuditEvent[]>([])
  const next = ref<number | null>(null)
  const filter = ref<AuditFilter>({ entity: '', key: '' })
  const { busy: loading, problem, run } = useAdminRequest()

  async function fetchPage(before?: number): Promise<void> {
    await run(async () => {
      const { entity, key } = filter.value
      const page = await adminApi.audit({ ...(entity ? { entity } : {}), ...(key.trim() ? { key: key.trim() } : {}), limit: PAGE, ...(before ? { before } : {}) })
      events.value = before ? [...events.value, ...page.events] : page.events
      next.value = page.next
    })
  }

  async function load(nextFilter?: AuditFilter): Promise<void> {
    if (nextFilter) filter.value = { ...nextFilter }
    await fetchPage()
  }

  async function more(): Promise<void> {
    if (next.value !== null) await fetchPage(next.value)
  }

  return { events, next, filter, loading, problem, load, more }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAdminAuditStore, import.meta.hot))
