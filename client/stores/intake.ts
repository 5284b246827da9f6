import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Catalog } from '../../shared/catalog'
import type { PaperEntryView } from '../../shared/intake'
import { staffApi } from '../api/staff'
import { useStaffSessionStore } from './staff-session'

/**
 * The intake page's data (Nhập phiếu / tiếp nhận): the catalog its forms choose from, and the paper entries in
 * the officer's scope, waiting for a second keying or lately stored. The forms keep their own drafts.
 */
export const useIntakeStore = defineStore('intake', () => {
  const catalog = shallowRef<Catalog | null>(null)
  const pending = ref<PaperEntryView[]>([])
  const stored = ref<PaperEntryView[]>([])
  const failed = ref(false)
  const session = useStaffSessionStore()

  /** The counters whose paper forms the officer keys: their own unit's, or every counter for the inspectorate. */
  const counters = computed(() => (catalog.value?.counters ?? []).filter((c) => session.ownUnit === null || c.unitCode === session.ownUnit))

  async function loadEntries(): Promise<void> {
    const answer = await staffApi.intake.entries()
    pending.value = answer.pending
    stored.value = answer.stored
  }

  async function load(): Promise<void> {
    failed.value = false
    try {
      const [loaded] = await Promise.all([staffApi.intake.catalog(), loadEntries()])
      catalog.value = loaded
    } catch {
      failed.value = true
    }
  }

  return { catalog, counters, pending, stored, failed, load, loadEntries }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useIntakeStore, import.meta.hot))
