import { acceptHMRUpdate, defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import { ApiError } from '../api/http'
import { retryAfterOf, setUnauthorizedHandler, staffApi, type StaffMe } from '../api/staff'

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

export const INBOX_PATH = '/staff'

/**
 * Where to go after signing in: only a path on this site (a `next` of `//evil.example` or `https://…` would
 * send a fresh session's owner elsewhere), and never back to the sign-in page itself.
 */
export function safeNext(raw: unknown): string {
  const next = Array.isArray(raw) ? raw[0] : raw
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return INBOX_PATH
  if (next.startsWith('/staff/sign-in')) return INBOX_PATH
  return next
}

export function signInLocation(next: string, reason?: SignInReason): RouteLocationRaw {
  return { name: 'staff-sign-in', query: { next, ...(reason ? { reason } : {}) } }
}

function toSignInProblem(error: unknown): SignInProblem {
  if (!(error instanceof ApiError)) return { kind: 'network' }
  if (error.status === 401) return { kind: 'credentials' }
  if (error.status === 429) return { kind: 'locked', minutes: Math.max(1, Math.ceil((retryAfterOf(error) ?? 60) / 60)) }
  if (error.status === 503) return { kind: 'busy' }
  if (error.status === 400 && (error.path === 'username' || error.path === 'password')) return { kind: 'missing', field: error.path }
  return { kind: 'refused', status: error.status }
}

/** Who is signed in on the staff pages, and what happens when the session ends. */
export const useStaffSessionStore = defineStore('staff-session', () => {
  const me = shallowRef<StaffMe | null>(null)
  /** Set when an API call answered 401 while signed in: the staff frame sends the reader to sign in. */
  const expired = ref(false)
  const signingIn = ref(false)
  const problem = shallowRef<SignInProblem | null>(null)
  /** The reader's unit, or null for the roles that see every unit (inspectorate, leadership). */
  const ownUnit = computed(() => (me.value && (me.value.role === 'unit_staff' || me.value.role === 'unit_head') ? me.value.unitCode : null))
  const seesAllUnits = computed(() => me.value?.role === 'inspector' || me.value?.role === 'leadership')

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
      if (error instanceof ApiError && error.status === 401) return error.code === 'session_expired' ? 'expired' : 'signed_out'
      return 'network'
    }
  }

  async function signIn(username: string, password: string): Promise<boolean> {
    signingIn.value = true
    problem.value = null
    try {
      me.value = await staffApi.signIn(username, password)
      expired.value = false
      return true
    } catch (error) {
      problem.value = toSignInProblem(error)
      return false
    } finally {
      signingIn.value = false
    }
  }

  async function signOut(): Promise<void> {
    try {
      await staffApi.signOut()
    } catch {
      // Already gone on the server (401) or unreachable: on this device the session ends either way.
    }
    me.value = null
    expired.value = false
  }

  return { me, expired, signingIn, problem, ownUnit, seesAllUnits, ensure, signIn, signOut }
})

/**
 * The guard of every staff page: a session, or the sign-in page that comes back here. Administrators handle
 * rules, not citizens' items (the API refuses them): they go to their own pages. When the server cannot be
 * reached the page opens and says so itself.
 */
export async function staffGuard(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  const session = useStaffSessionStore()
  const state = await session.ensure()
  if (state === 'signed_out') return signInLocation(to.fullPath)
  if (state === 'expired') return signInLocation(to.fullPath, 'expired')
  if (session.me?.role === 'admin') return { path: '/staff/admin' }
  return true
}

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useStaffSessionStore, import.meta.hot))
