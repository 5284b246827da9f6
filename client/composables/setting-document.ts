import * as v from 'valibot'
import { ref, shallowRef, type Ref } from 'vue'
import { adminApi, type SettingKey, type SettingValues } from '../api/admin'
import { type FieldProblems, problemsFromError, problemsFromIssues } from '../admin/problems'
import { useAdminRequest, whileBusy } from './admin-request'

/**
 * One versioned settings document (routing rules, deadlines, calendar), used inside the store of each. The
 * draft is a copy the page edits freely; a save sends the version it was loaded at, and a save made
 * meanwhile by someone else answers 409: the page then says so and offers to reload, never overwrites.
 */
export function useSettingDocument<K extends SettingKey>(key: K, schema: v.GenericSchema<unknown, SettingValues[K]>) {
  const draft = ref(null) as Ref<SettingValues[K] | null>
  const version = ref(0)
  const isDefault = ref(false)
  const updatedAt = ref<string | null>(null)
  const { busy: loading, problem: loadProblem, run } = useAdminRequest()
  const saving = ref(false)
  /** Saved meanwhile by someone else: the draft cannot be saved over it. */
  const stale = ref(false)
  const saved = ref(false)
  const problems = shallowRef<FieldProblems>({})

  async function load(): Promise<void> {
    await run(async () => {
      const setting = await adminApi.setting(key)
      // A deep copy: the draft is edited in place by the forms.
      draft.value = structuredClone(setting.value)
      version.value = setting.version
      isDefault.value = setting.isDefault
      updatedAt.value = setting.updatedAt
      stale.value = false
      problems.value = {}
    })
  }

  /** Answers true when saved. */
  async function save(): Promise<boolean> {
    saved.value = false
    if (draft.value === null) return false
    const checked = v.safeParse(schema, draft.value)
    if (!checked.success) {
      problems.value = problemsFromIssues(checked.issues, 'value')
      return false
    }
    problems.value = {}
    return whileBusy(saving, async () => {
      try {
        const answer = await adminApi.saveSetting(key, version.value, checked.output)
        version.value = answer.version
        isDefault.value = false
        updatedAt.value = new Date().toISOString()
        saved.value = true
        return true
      } catch (error) {
        const found = problemsFromError(error)
        if (found.version?.code === 'stale') stale.value = true
        problems.value = found
        return false
      }
    })
  }

  return { draft, version, isDefault, updatedAt, loading, saving, stale, saved, loadProblem, problems, load, save }
}
