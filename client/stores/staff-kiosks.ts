import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { KioskStatus } from '../../shared/kiosk'
import { staffApi } from '../api/staff'

/** The counters' kiosks as the inspectorate watches them (the panel on the inbox page). */
export const useStaffKiosksStore = defineStore('staff-kiosks', () => {
  const kiosks = shallowRef<KioskStatus[] | null>(null)
  const failed = ref(false)

  async function load(): Promise<void> {
    try {
      kiosks.value = await staffApi.kiosks()
      failed.value = false
    } catch {
      failed.value = true
    }
  }

  return { kiosks, failed, load }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useStaffKiosksStore, import.meta.hot))
