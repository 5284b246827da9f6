import { acceptHMRUpdate, defineStore } from 'pinia'
import { shallowRef } from 'vue'
import * as v from 'valibot'
import { Open311KeyIn, type Open311KeyInfo } from '../../shared/open311'
import { adminApi } from '../api/admin'
import { useAdminRequest } from '../composables/admin-request'
import { type FieldProblems, type Problem, problemFromError, problemsFromError, problemsFromIssues } from '../admin/problems'

/**
 * Open311 API keys: listed, created (the new key is kept here only until the page is left: the server
 * stores its hash and can never show it again) and revoked — never deleted.
 */
export const useAdminOpen311Store = defineStore('admin-open311', () => {
  const keys = shallowRef<Open311KeyInfo[]>([])
  /** The key just created, shown once. */
  const fresh = shallowRef<{ id: number; key: string } | null>(null)
  const { busy: loading, problem, run } = useAdminRequest()
  const load = () => run(async () => void (keys.value = await adminApi.open311Keys()))

  function replace(info: Open311KeyInfo): void {
    const at = keys.value.findIndex((k) => k.id === info.id)
    keys.value = at < 0 ? [info, ...keys.value] : keys.value.map((k, i) => (i === at ? info : k))
  }

  async function create(input: unknown): Promise<FieldProblems | null> {
    const checked = v.safeParse(Open311KeyIn, input)
    if (!checked.success) return problemsFromIssues(checked.issues)
    try {
      const created = await adminApi.createOpen311Key(checked.output)
      replace(created.info)
      fresh.value = { id: created.info.id, key: created.key }
      return null
    } catch (error) {
      return problemsFromError(error)
    }
  }

  async function revoke(id: number): Promise<Problem | null> {
    try {
      replace(await adminApi.revokeOpen311Key(id))
      if (fresh.value?.id === id) fresh.value = null
      return null
    } catch (error) {
      return problemFromError(error)
    }
  }

  /** Forgets the key shown once (leaving the page, or the administrator saying it is copied). */
  const forget = () => void (fresh.value = null)

  return { keys, fresh, loading, problem, load, create, revoke, forget }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAdminOpen311Store, import.meta.hot))
