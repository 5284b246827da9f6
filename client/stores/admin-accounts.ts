import { acceptHMRUpdate, defineStore } from 'pinia'
import { shallowRef } from 'vue'
import * as v from 'valibot'
import { AccountCreate, AccountUpdate, type AdminAccount, PasswordReset } from '../../shared/admin'
import { adminApi } from '../api/admin'
import { useAdminRequest } from '../composables/admin-request'
import { type FieldProblems, type Problem, problemFromError, problemsFromError, problemsFromIssues } from '../admin/problems'

/** Answers how many sessions the reset ended, or the problems. */
async function resetPassword(id: number, password: string): Promise<{ sessionsEnded: number } | { problems: FieldProblems }> {
  const checked = v.safeParse(PasswordReset, { password })
  if (!checked.success) return { problems: problemsFromIssues(checked.issues) }
  try {
    return await adminApi.resetPassword(id, checked.output.password)
  } catch (error) {
    return { problems: problemsFromError(error) }
  }
}

/**
 * Staff accounts: created, changed, given a new password or a reset second factor, deactivated and
 * reactivated — never deleted.
 */
export const useAdminAccountsStore = defineStore('admin-accounts', () => {
  const accounts = shallowRef<AdminAccount[]>([])
  const { busy: loading, problem, run } = useAdminRequest()
  const load = () => run(async () => void (accounts.value = await adminApi.accounts()))

  function replace(account: AdminAccount): void {
    const at = accounts.value.findIndex((a) => a.id === account.id)
    accounts.value = at < 0 ? [...accounts.value, account] : accounts.value.map((a, i) => (i === at ? account : a))
  }

  async function create(input: unknown): Promise<FieldProblems | null> {
    const checked = v.safeParse(AccountCreate, input)
    if (!checked.success) return problemsFromIssues(checked.issues)
    try {
      replace(await adminApi.createAccount(checked.output))
      return null
    } catch (error) {
      return problemsFromError(error)
    }
  }

  async function update(id: number, changes: unknown): Promise<FieldProblems | null> {
    const checked = v.safeParse(AccountUpdate, changes)
    if (!checked.success) return problemsFromIssues(checked.issues)
    try {
      replace(await adminApi.updateAccount(id, checked.output))
      return null
    } catch (error) {
      return problemsFromError(error)
    }
  }

  async function setActive(id: number, active: boolean): Promise<Problem | null> {
    try {
      replace(await adminApi.setAccountActive(id, active))
      return null
    } catch (error) {
      return problemFromError(error)
    }
  }

  /** Removes the account's second factor (it enrols again at its next sign-in): the sessions ended, or the problem. */
  async function resetSecondFactor(id: number): Promise<{ sessionsEnded: number } | { problem: Problem }> {
    try {
      const answer = await adminApi.resetSecondFactor(id)
      const account = accounts.value.find((a) => a.id === id)
      if (account) replace({ ...account, secondFactor: false })
      return answer
    } catch (error) {
      return { problem: problemFromError(error) }
    }
  }

  return { accounts, loading, problem, load, create, update, resetPassword, resetSecondFactor, setActive }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useAdminAccountsStore, import.meta.hot))
