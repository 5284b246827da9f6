import type { Store } from '../store/store'

export interface SlowLimits {
  /** Failures from which each further attempt waits, the wait doubling each time. */
  slowAfter: number
}

export interface ThrottleLimits extends SlowLimits {
  /** Failures at which attempts are refused with 429 until the oldest of them leaves the window. */
  lockAfter: number
}

/**
 * Failed sign-ins are counted three ways, each over a sliding window:
 * - per typed username *and* client network (/24, /48): the guesses one attacker gets at one account. This is
 *   the lock that holds even against the right password, and only on that network: the owner, elsewhere, is
 *   not locked out by someone guessing from a café.
 * - per client network, across usernames: a network spraying many names is locked, except for the names that
 *   signed in from it lately ("familiar"): a colleague on the office network, where a guesser sits too, still
 *   signs in with the right password. The cost: after a spray, someone on that network can tell a familiar
 *   name (401) from another (429); they already share the office network with its owner.
 * - per typed username from everywhere: guesses spread over many networks (a botnet) each stay under the
 *   per-network counts, so the account's own count slows every attempt from an unfamiliar network, but never
 *   refuses one. A lock here would hand anyone with a list of addresses the power to lock the real user out;
 *   a wait of at most `maxDelayMs` costs the user little, and the per-network locks still bound the guesses.
 * A success resets the counts of its username (from everywhere, and from its network), never the network's.
 */
export interface ThrottlePolicy {
  windowMs: number
  /** Per typed username from one network, known or not, so that the answer never tells whether an account exists. */
  account: ThrottleLimits
  /**
   * Per client network. Looser than per account, because a whole office signs in from one address; and not
   * reset by a success, so that one valid account cannot clear the way for guessing others.
   */
  client: ThrottleLimits
  /** Per typed username from every network together: a slow-down only. */
  username: SlowLimits
  /** How long a successful sign-in makes its network familiar to its username. */
  familiarMs: number
  firstDelayMs: number
  maxDelayMs: number
}

export const SIGN_IN_THROTTLE: ThrottlePolicy = {
  windowMs: 15 * 60_000,
  account: { slowAfter: 3, lockAfter: 10 },
  client: { slowAfter: 10, lockAfter: 30 },
  username: { slowAfter: 10 },
  familiarMs: 30 * 24 * 3_600_000,
  firstDelayMs: 1000,
  maxDelayMs: 30_000,
}

export interface Verdict {
  /** How long to hold the attempt before checking the password. */
  delayMs: number
  /** Set when the attempt is refused: when the next may be made, and which count refused it. */
  locked?: { until: number; by: 'account' | 'client' }
}

interface Judgement {
  delayMs: number
  /** Set when the count locks: when its oldest failure leaves the window. */
  until?: number
}

/** `times` are the failures, newest first. */
function judge(times: number[], limits: SlowLimits & Partial<ThrottleLimits>, policy: ThrottlePolicy): Judgement {
  const n = times.length
  const delayMs = n >= limits.slowAfter ? Math.min(policy.firstDelayMs * 2 ** (n - limits.slowAfter), policy.maxDelayMs) : 0
  return limits.lockAfter !== undefined && n >= limits.lockAfter ? { delayMs, until: times[limits.lockAfter - 1]! + policy.windowMs } : { delayMs }
}

/**
 * Counts failed sign-ins from the audit table (so a restart forgets nothing) plus the attempts still in
 * progress (store.allowances.attempts, counted across every instance on the store): a burst of parallel
 * guesses would otherwise all read the same count before any was recorded.
 */
export class SignInThrottle {
  constructor(readonly policy: ThrottlePolicy = SIGN_IN_THROTTLE) {}

  /** Registers an attempt; call `end()` once its outcome is in the audit table. */
  async begin(store: Pick<Store, 'staff' | 'allowances'>, subject: string, client: string, now: number): Promise<{ verdict: Verdict; end: () => Promise<void> }> {
    const keys = [`s:${subject}`, `p:${subject} ${client}`, `c:${client}`] as const
    // Counted before the failures are read, so that concurrent attempts each see those that started before them.
    const [aheadSubject, aheadPair, aheadClient] = (await store.allowances.attempts.begin(keys, now)) as [number, number, number]
    let ended = false
    const end = async () => {
      if (ended) return
      ended = true
      // A count not taken off (the database unreachable) is dropped after a minute; the answer stands.
      await store.allowances.attempts.end(keys, now).catch((error: unknown) => console.error('ending a sign-in attempt failed:', error instanceof Error ? error.message : 'unknown error'))
    }
    try {
      const { policy } = this
      const limit = Math.max(policy.account.lockAfter, policy.client.lockAfter)
      const failures = await store.staff.signInFailures({ subject, client, since: now - policy.windowMs, limit, familiarSince: now - policy.familiarMs })
      const pending = (count: number) => Array<number>(count).fill(now)
      const none: Judgement = { delayMs: 0 }
      const account = judge([...pending(aheadPair), ...failures.pair], policy.account, policy)
      // A username that signed in from this network lately is not held back by what others do from it or elsewhere.
      const network = failures.familiar ? none : judge([...pending(aheadClient), ...failures.client], policy.client, policy)
      const username = failures.familiar ? none : judge([...pending(aheadSubject), ...failures.subject], policy.username, policy)
      const verdict: Verdict = { delayMs: Math.max(account.delayMs, network.delayMs, username.delayMs) }
      if (account.until !== undefined || network.until !== undefined) {
        const by = (account.until ?? 0) >= (network.until ?? 0) ? 'account' : 'client'
        verdict.locked = { until: Math.max(account.until ?? 0, network.until ?? 0), by }
      }
      return { verdict, end }
    } catch (error) {
      await end()
      throw error
    }
  }
}
