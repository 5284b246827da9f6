import type { StaffStore } from '../store/staff-store'

export interface ThrottleLimits {
  /** Failures from which each further attempt waits, the wait doubling each time. */
  slowAfter: number
  /** Failures at which attempts are refused with 429 until the oldest of them leaves the window. */
  lockAfter: number
}

export interface ThrottlePolicy {
  windowMs: number
  /** Per typed username, known or not, so that the answer never tells whether an account exists. */
  account: ThrottleLimits
  /**
   * Per client network (/24, /48). Looser than per account, because a whole office signs in from one
   * address; and not reset by a success, so that one valid account cannot clear the way for guessing others.
   */
  client: ThrottleLimits
  firstDelayMs: number
  maxDelayMs: number
}

export const SIGN_IN_THROTTLE: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  account: { slowAfter: 3, lockAfter: 10 },
  client: { slowAfter: 10, lockAfter: 30 },
  firstDelayMs: 1000,
  maxDelayMs: 30_000,
}

export interface Verdict {
  /** How long to hold the attempt before checking the password. */
  delayMs: number
  /** Set when the attempt is refused: when the next may be made, and which count refused it. */
  locked?: { until: number; by: 'account' | 'client' }
}

/** `times` are the failures, newest first. */
function judge(times: number[], limits: ThrottleLimits, policy: ThrottlePolicy): { delayMs: number; until?: number } {
  const n = times.length
  const delayMs = n >= limits.slowAfter ? Math.min(policy.firstDelayMs * 2 ** (n - limits.slowAfter), policy.maxDelayMs) : 0
  return n >= limits.lockAfter ? { delayMs, until: times[limits.lockAfter - 1]! + policy.windowMs } : { delayMs }
}

/**
 * Counts failed sign-ins from the audit table (so a restart forgets nothing) plus the attempts still in
 * progress: a burst of parallel guesses would otherwise all read the same count before any was recorded.
 */
export class SignInThrottle {
  private readonly inProgress = new Map<string, number>()

  constructor(readonly policy: ThrottlePolicy = SIGN_IN_THROTTLE) {}

  /** Registers an attempt; call `end()` once its outcome is in the audit table. */
  async begin(store: StaffStore, subject: string, client: string, now: number): Promise<{ verdict: Verdict; end: () => void }> {
    const keys = [`s:${subject}`, `c:${client}`] as const
    // Read and increment in one synchronous step, before any await, so that concurrent attempts each see
    // those that started before them.
    const [aheadSubject, aheadClient] = keys.map((k) => this.inProgress.get(k) ?? 0) as [number, number]
    for (const k of keys) this.inProgress.set(k, (this.inProgress.get(k) ?? 0) + 1)
    let ended = false
    const end = () => {
      if (ended) return
      ended = true
      for (const k of keys) {
        const left = (this.inProgress.get(k) ?? 1) - 1
        if (left > 0) this.inProgress.set(k, left)
        else this.inProgress.delete(k)
      }
    }
    try {
      const limit = Math.max(this.policy.account.lockAfter, this.policy.client.lockAfter)
      const failures = await store.signInFailures({ subject, client, since: now - this.policy.windowMs, limit })
      const pending = (count: number) => Array<number>(count).fill(now)
      const account = judge([...pending(aheadSubject), ...failures.subject], this.policy.account, this.policy)
      const network = judge([...pending(aheadClient), ...failures.client], this.policy.client, this.policy)
      const verdict: Verdict = { delayMs: Math.max(account.delayMs, network.delayMs) }
      if (account.until !== undefined || network.until !== undefined) {
        const by = (account.until ?? 0) >= (network.until ?? 0) ? 'account' : 'client'
        verdict.locked = { until: Math.max(account.until ?? 0, network.until ?? 0), by }
      }
      return { verdict, end }
    } catch (error) {
      end()
      throw error
    }
  }
}
