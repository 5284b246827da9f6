import { acceptHMRUpdate, defineStore } from 'pinia'
import { shallowRef } from 'vue'
import * as v from 'valibot'
import { type AdminCatalog, CATALOG_SCHEMAS, type CatalogInput, type CatalogKind } from '../../shared/admin'
import { adminApi } from '../api/admin'
import { useAdminRequest } from '../composables/admin-request'
import { type FieldProblems, type Problem, problemFromError, problemsFromError, problemsFromIssues } from '../admin/problems'

/**
 * Units, counters and procedures as the administrator sees them: inactive ones included. A save is checked
 * with the same schema the server uses before it leaves, so most mistakes are named without a round trip;
 * the server's refusals (a code taken, a unit inactive) come back on the field they name.
 */
export const useAdminCatalogStore = defineStore('admin-catalog', () => {
  const catalog = shallowRef<AdminCatalog | null>(null)
  const { busy: loading, problem, run } = useAdminRequest()
  const load = () => run(async () => void (catalog.value = await adminApi.catalog()))

  function replace<K extends CatalogKind>(kind: K, entry: AdminCatalog[K][number]): void {
    if (!catalog.value) return
    const list = catalog.value[kind] as AdminCatalog[K][number][]
    const at = list.findIndex((e) => e.code === entry.code)
    const next = at < 0 ? [...list, entry] : list.map((e, i) => (i === at ? entry : e))
    catalog.value = { ...catalog.value, [kind]: next }
  }

  /**
   * Creates the entry (no `existing`) or updates the one with that code. Answers the problems by field,
   * or null when saved.
   */
  async function save<K extends CatalogKind>(kind: K, input: unknown, existing?: string): Promise<FieldProblems | null> {
    const schema = existing === undefined ? CATALOG_SCHEMAS[kind].create : CATALOG_SCHEMAS[kind].update
    const checked = v.safeParse(schema, input)
    if (!checked.success) return problemsFromIssues(checked.issues)
    const body = checked.output as CatalogInput[K]
    try {
      const saved = existing === undefined ? await adminApi.createEntry(kind, body) : await adminApi.updateEntry(kind, existing, body)
      replace(kind, saved)
      return null
    } catch (error) {
      return problemsFromError(error)
    }
  }

  async function setActive(kind: CatalogKind, code: string, active: boolean): Promise<Problem | null> {
    try {
      replace(kind, await adminApi.setEntryActive(kind, code, active))
      return null
    } catch (error) {
      return problemFromError(error)
    }
  }

  return { catalog, loading, problem, load, save, setActive }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAdminCatalogStore, import.meta.hot))
