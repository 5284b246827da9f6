import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { ImportReport } from '../../shared/admin'
import { adminApi } from '../api/admin'
import { useAdminRequest } from '../composables/admin-request'

/**
 * The procedure CSV import: a dry run first, whose report the administrator reads, then the same file
 * applied. Choosing another file throws the report away, so what is applied is always what was checked.
 */
export const useAdminImportStore = defineStore('admin-import', () => {
  const file = shallowRef<File | null>(null)
  const preview = shallowRef<ImportReport | null>(null)
  const applied = shallowRef<ImportReport | null>(null)
  const { busy, problem, run: request } = useAdminRequest()

  /** Something would be written: the apply button's condition. */
  const canApply = computed(() => preview.value !== null && preview.value.created.length + preview.value.updated.length > 0)

  function choose(next: File | null): void {
    file.value = next
    preview.value = null
    applied.value = null
    problem.value = null
  }

  async function run(dryRun: boolean): Promise<void> {
    if (!file.value) return
    const sent = file.value
    await request(async () => {
      const report = await adminApi.importProcedures(sent, dryRun)
      if (dryRun) preview.value = report
      else applied.value = report
    })
    // Applied or refused, the preview no longer says what applying would do: the file is checked again first.
    if (!dryRun) preview.value = null
  }

  const check = () => run(true)
  async function apply(): Promise<void> {
    if (canApply.value) await run(false)
  }

  return { file, preview, applied, problem, busy, canApply, choose, check, apply }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAdminImportStore, import.meta.hot))
