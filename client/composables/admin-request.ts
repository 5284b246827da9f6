import { ref, shallowRef, type Ref } from 'vue'
import { type Problem, problemFromError } from '../admin/problems'

/** Runs `task` with `flag` up meanwhile: the line that says "loading", the button that must not be pressed twice. */
export async function whileBusy<T>(flag: Ref<boolean>, task: () => Promise<T>): Promise<T> {
  flag.value = true
  try {
    return await task()
  } finally {
    flag.value = false
  }
}

/**
 * A request an admin store makes for its page (a list loaded, a page of the audit, a trial route): `busy`
 * while it runs, and the problem that stopped the last one, in the words of admin/problems.ts (cleared by
 * the next try). The task writes what it got where the store keeps it.
 */
export function useAdminRequest() {
  const busy = ref(false)
  const problem = shallowRef<Problem | null>(null)

  /** True when the task went through; else `problem` says why. */
  function run(task: () => Promise<void>): Promise<boolean> {
    problem.value = null
    return whileBusy(busy, async () => {
      try {
        await task()
        return true
      } catch (error) {
        problem.value = problemFromError(error)
        return false
      }
    })
  }

  return { busy, problem, run }
}
