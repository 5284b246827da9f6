import { acceptHMRUpdate, defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import * as v from 'valibot'
import { type SecondFactorEnrolment, type SecondFactorStatus, TotpCode } from '../../shared/second-factor'
import { ApiError } from '../api/http'
import { staffApi } from '../api/staff'
import { type SignInProblem, toSignInProblem, useStaffSessionStore } from './staff-session'

/**
 * What went wrong while adding the app: as at sign-in (a wrong code, `restart` when the session has ended,
 * a lock-out, …), or the code typed is not 6 digits (`format`), or another tab started an enrolment
 * meanwhile, whose QR code is the one that counts now (`replaced`).
 */
export type EnrolmentProblem = SignInProblem | { kind: 'format' } | { kind: 'replaced' }

function toProblem(error: unknown): EnrolmentProblem {
  return error instanceof ApiError && error.code === 'no_enrolment' ? { kind: 'replaced' } : toSignInProblem(error, 'code')
}

/**
 * Adding an authenticator app (xác thực hai bước): the account's state, the secret and its QR code while the
 * app is being added, then the recovery codes, which are shown this once and kept only in this store until
 * the page is left.
 */
export const useSecondFactorStore = defineStore('second-factor', () => {
  const status = shallowRef<SecondFactorStatus | null>(null)
  const enrolment = shallowRef<SecondFactorEnrolment | null>(null)
  const recoveryCodes = shallowRef<string[] | null>(null)
  const loading = ref(false)
  const confirming = ref(false)
  const problem = shallowRef<EnrolmentProblem | null>(null)

  /** Reads the state; an account that may enrol gets a fresh secret at once. */
  async function load(): Promise<void> {
    loading.value = true
    problem.value = null
    enrolment.value = null
    recoveryCodes.value = null
    try {
      status.value = await staffApi.secondFactor.status()
      if (status.value.state === 'enrol' || status.value.state === 'off') enrolment.value = await staffApi.secondFactor.startEnrolment()
    } catch (error) {
      problem.value = toProblem(error)
    } finally {
      loading.value = false
    }
  }

  /** The first code from the app; true once the factor is on and the recovery codes are here. */
  async function confirm(typed: string): Promise<boolean> {
    const code = v.safeParse(TotpCode, typed)
    if (!code.success) {
      problem.value = { kind: 'format' }
      return false
    }
    confirming.value = true
    problem.value = null
    try {
      const answer = await staffApi.secondFactor.confirmEnrolment(code.output)
      recoveryCodes.value = answer.recoveryCodes
      enrolment.value = null
      if (status.value) status.value = { ...status.value, state: 'enabled' }
      useStaffSessionStore().enrolled(answer.me)
      return true
    } catch (error) {
      problem.value = toProblem(error)
      return false
    } finally {
      confirming.value = false
    }
  }

  /** Leaving the page: the secret and the recovery codes are not kept on the device. */
  function forget(): void {
    enrolment.value = null
    recoveryCodes.value = null
    problem.value = null
  }

  return { status, enrolment, recoveryCodes, loading, confirming, problem, load, confirm, forget }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useSecondFactorStore, import.meta.hot))
