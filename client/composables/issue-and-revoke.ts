import { computed, nextTick, ref, shallowRef } from 'vue'
import type { FieldProblems, Problem } from '../admin/problems'

/**
 * The page side of a credential an administrator issues (shown once) and revokes (never deletes): an Open311
 * key, a kiosk's device token. The form's problems and busy flag, what the last revocation said, and where
 * the focus goes: the first field at fault (`fields`, in the form's order) or the general problem
 * (`problemId`) when refused, the credential shown once (`freshId`) when issued.
 */
export function useIssueAndRevoke(ids: { fields: readonly string[]; problemId: string; freshId: string; fieldId: (path: string) => string }) {
  const problems = shallowRef<FieldProblems>({})
  const saving = ref(false)
  const notice = ref('')
  const rowProblem = shallowRef<{ name: string; problem: Problem } | null>(null)
  /** A problem no field of the form shows. */
  const general = computed(() => Object.entries(problems.value).find(([path]) => !ids.fields.includes(path))?.[1])

  async function issue(send: () => Promise<FieldProblems | null>, issued: () => void): Promise<void> {
    saving.value = true
    notice.value = ''
    rowProblem.value = null
    const found = await send()
    saving.value = false
    problems.value = found ?? {}
    if (!found) issued()
    await nextTick()
    const field = found && ids.fields.find((path) => found[path])
    document.getElementById(found ? (field ? ids.fieldId(field) : ids.problemId) : ids.freshId)?.focus()
  }

  async function revoke(name: string, send: () => Promise<Problem | null>, revoked: string): Promise<void> {
    notice.value = ''
    rowProblem.value = null
    const problem = await send()
    if (problem) rowProblem.value = { name, problem }
    else notice.value = revoked
  }

  return { problems, saving, notice, rowProblem, general, issue, revoke }
}
