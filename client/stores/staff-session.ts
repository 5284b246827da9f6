import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import type { SecondFactorVerify } from '../../shared/second-factor'
import { ITEM_SCOPES, type StaffMe, type StaffRole } from '../../shared/staff'
import { setUnauthorizedHandler } from '../api/client'
import { ApiError } from '../api/http'
import { staffApi } from '../api/staff'
import { mayUse, rolesOf, startPageOf } from '../role-pages'

/** Why the sign-in page opened: the session ran out, or the reader signed out. */
export type SignInReason = 'expired' | 'signed_out'

export type SignInProblem =
  | { kind: 'credentials' }
  /** Too many failures: nothing is checked for `minutes` (rounded up). */
  | { kind: 'locked'; minutes: number }
  | { kind: 'busy' }
  | { kind: 'missing'; field: 'username' | 'password' }
  | { kind: 'refused'; status: number }
  | { kind: 'network' }
  /** The second factor: a wrong code, one used already, a recovery code that is not (or no longer) one. */
  | { kind: 'code'; reason: 'wrong_code' | 'code_used' | 'wrong_recovery_code' }
  /** The session past the password ended (its 15 minutes, or an administrator's reset): the password again. */
  | { kind: 'restart' }

/** What a session past the password needs next: the code, or adding an authenticator app first. */
export type SecondStep = 'code' | 'enrol'

/**
 * The page asked for before signing in (`next`): only a path on this site (a `next` of `//evil.example` or
 * `https://…` would send a fresh session's owner elsewhere), never the sign-in page itself; null for none.
 */
export function safeNext(raw: unknown): string | null {
  const next = Array.isArray(raw) ? raw[0] : raw
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return null
  if (next.startsWith('/staff/sign-in')) return null
  return next
}

/** Where to go once signed in: the page asked for, or else the reader's start page (role-pages.ts). */
export function afterSignIn(next: unknown, role: StaffRole | undefined): string {
  return safeNext(next) ?? (role ? startPageOf(role).path : '/staff')
}

/** The sign-in page, to come back to `next`; without one (a sign-out), to the start page of whoever signs in. */
export function signInLocation(next: string | null, reason?: SignInReason): RouteLocationRaw {
  return { name: 'staff-sign-in', query: { ...(next ? { next } : {}), ...(reason ? { reason } : {}) } }
}

const CODE_PROBLEMS = ['wrong_code', 'code_used', 'wrong_recovery_code'] as const

/** What went wrong with a password (`password`) or a second-factor code (`code`) the server refused. */
export function toSignInProblem(error: unknown, step: 'password' | 'code' = 'password'): SignInProblem {
  if (!(error instanceof ApiError)) return { kind: 'network' }
  if (step === 'code') {
    const reason = CODE_PROBLEMS.find((c) => c === error.code)
    if (reason) return { kind: 'code', reason }
    if (error.status === 401 || error.status === 409) return { kind: 'restart' }
  }
  if (error.status === 401) return { kind: 'credentials' }
  if (error.status === 429) return { kind: 'locked', minutes: Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60)) }
  if (error.status === 503) return { kind: 'busy' }
  if (error.status === 400 && (error.path === 'username' || error.path === 'password')) return { kind: 'missing', field: error.path }
  return { kind: 'refused', status: error.status }
}

/** The message of a problem, as a key of the staff texts and its parameters; a missing field is said beside it. */
export function signInProblemMessage(p: SignInProblem): { key: string; params?: Record<string, unknown> } | null {
  switch (p.kind) {
    case 'credentials':
    case 'busy':
    case 'restart':
      return { key: `staff.signIn.problems.${p.kind}` }
    case 'locked':
      return { key: 'staff.signIn.problems.locked', params: { minutes: p.minutes } }
    case 'refused':
      return { key: 'staff.signIn.problems.refused', params: { status: p.status } }
    case 'network':
      return { key: 'staff.common.network' }
    case 'code':
      return { key: `staff.secondFactor.problems.${p.reason}` }
    case 'missing':
      return null
  }
}

/** Who is signed in on the staff pages, and what happens when the session ends. */
export const useStaffSessionStore = defineStore('staff-session', () => {
  const me = shallowRef<StaffMe | null>(null)
  /** Set when an API call answered 401 while signed in: the staff frame sends the reader to sign in. */
  const expired = ref(false)
  const signingIn = ref(false)
  const problem = shallowRef<SignInProblem | null>(null)
  /** Set while the session is past the password only: what it still needs. */
  const secondStep = ref<SecondStep | null>(null)
  /** The reader's unit, or null for the roles that see every unit (inspectorate, leadership). */
  const ownUnit = computed(() => (me.value && ITEM_SCOPES[me.value.role] === 'own_unit' ? me.value.unitCode : null))
  const seesAllUnits = computed(() => me.value !== null && ITEM_SCOPES[me.value.role] === 'every_unit')

  setUnauthorizedHandler(() => {
    if (me.value) expired.value = true
    me.value = null
  })

  /**
   * Whether a session exists, asking /api/staff/me when not known. 'expired' when the server said the
   * session timed out, so the sign-in page can say why it opened.
   */
  async function ensure(): Promise<'signed_in' | 'signed_out' | 'expired' | 'network'> {
    if (me.value) return 'signed_in'
    try {
      me.value = await staffApi.me()
      expired.value = false
      return 'signed_in'
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) return 'network'
      if (error.code === 'session_expired') return 'expired'
      // Past the password only (a page reloaded before the code): the sign-in page resumes at the code.
      if (error.code === 'second_factor_required') await resumeSecondStep()
      return 'signed_out'
    }
  }

  /** True when the password was right: then either signed in (`me`) or `secondStep` says what comes next. */
  async function signIn(username: string, password: string): Promise<boolean> {
    signingIn.value = true
    problem.value = null
    try {
      const answer = await staffApi.signIn(username, password)
      if ('secondFactor' in answer) secondStep.value = answer.secondFactor
      else {
        me.value = answer
        secondStep.value = null
      }
      expired.value = false
      return true
    } catch (error) {
      problem.value = toSignInProblem(error)
      return false
    } finally {
      signingIn.value = false
    }
  }

  /** The code (or a recovery code) after the password; true once signed in. */
  async function verifySecondFactor(body: SecondFactorVerify): Promise<boolean> {
    signingIn.value = true
    problem.value = null
    try {
      me.value = await staffApi.secondFactor.verify(body)
      secondStep.value = null
      return true
    } catch (error) {
      problem.value = toSignInProblem(error, 'code')
      if (problem.value.kind === 'restart') secondStep.value = null
      return false
    } finally {
      signingIn.value = false
    }
  }

  /** A page reloaded halfway through a sign-in: what the session, past the password only, still needs. */
  async function resumeSecondStep(): Promise<SecondStep | null> {
    try {
      const { state } = await staffApi.secondFactor.status()
      secondStep.value = state === 'code' || state === 'enrol' ? state : null
    } catch {
      secondStep.value = null
    }
    return secondStep.value
  }

  /** A session that finished its enrolment is a full one. */
  function enrolled(who: StaffMe): void {
    me.value = who
    secondStep.value = null
    expired.value = false
  }

  async function signOut(): Promise<void> {
    try {
      await staffApi.signOut()
    } catch {
      // Already gone on the server (401) or unreachable: on this device the session ends either way.
    }
    me.value = null
    secondStep.value = null
    expired.value = false
  }

  return { me, expired, signingIn, problem, secondStep, ownUnit, seesAllUnits, ensure, signIn, verifySecondFactor, resumeSecondStep, enrolled, signOut }
})

/**
 * Before a staff page: a session, or the sign-in page that comes back here; an unreachable server lets the
 * page open and say so. The administration pages' guard as it is: another role gets the page, which tells
 * them it is for administrators (the API refuses them anyway).
 */
export async function sessionGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const state = await useStaffSessionStore().ensure()
  if (state === 'signed_out') return signInLocation(to.fullPath)
  if (state === 'expired') return signInLocation(to.fullPath, 'expired')
  return true
}

/**
 * The guard of the inbox and the item pages: the same, but a role without the inbox (administrators handle
 * rules, not citizens' items; the API refuses them) goes to its own start page.
 */
export async function staffGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const passed = await sessionGuard(to)
  const { me } = useStaffSessionStore()
  // A menu page of the staff frame by its own roles (the intake page); the item page by the inbox's.
  const page = typeof to.name === 'string' && rolesOf(to.name).length > 0 ? to.name : 'staff-inbox'
  if (passed === true && me && !mayUse(me.role, page)) return { path: startPageOf(me.role).path }
  return passed
}

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useStaffSessionStore, import.meta.hot))
