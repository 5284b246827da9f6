import { acceptHMRUpdate, defineStore } from 'pinia'
import { shallowRef } from 'vue'
import * as v from 'valibot'
import { KioskDeviceIn, type KioskDeviceInfo } from '../../shared/kiosk'
import { adminApi } from '../api/admin'
import { useAdminRequest } from '../composables/admin-request'
import { type FieldProblems, type Problem, problemFromError, problemsFromError, problemsFromIssues } from '../admin/problems'

/**
 * The counters' kiosk devices (the counters tab of the catalog page): listed, issued (the set-up link is kept
 * here only until the page is left: the server stores the token's hash and can never show it again) and
 * revoked — never deleted.
 */
export const useAdminKiosksStore = defineStore('admin-kiosks', () => {
  const devices = shallowRef<KioskDeviceInfo[]>([])
  /** The device just issued, with its set-up path, shown once. */
  const fresh = shallowRef<{ id: number; counter: string; setupPath: string } | null>(null)
  const { busy: loading, problem, run } = useAdminRequest()
  const load = () => run(async () => void (devices.value = await adminApi.kioskDevices()))

  function replace(info: KioskDeviceInfo): void {
    const at = devices.value.findIndex((d) => d.id === info.id)
    devices.value = at < 0 ? [info, ...devices.value] : devices.value.map((d, i) => (i === at ? info : d))
  }

  async function issue(input: unknown): Promise<FieldProblems | null> {
    const checked = v.safeParse(KioskDeviceIn, input)
    if (!checked.success) return problemsFromIssues(checked.issues)
    try {
      const created = await adminApi.issueKioskDevice(checked.output)
      replace(created.info)
      fresh.value = { id: created.info.id, counter: created.info.counter, setupPath: created.setupPath }
      return null
    } catch (error) {
      return problemsFromError(error)
    }
  }

  async function revoke(id: number): Promise<Problem | null> {
    try {
      replace(await adminApi.revokeKioskDevice(id))
      if (fresh.value?.id === id) fresh.value = null
      return null
    } catch (error) {
      return problemFromError(error)
    }
  }

  const forget = () => void (fresh.value = null)

  return { devices, fresh, loading, problem, load, issue, revoke, forget }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAdminKiosksStore, import.meta.hot))
