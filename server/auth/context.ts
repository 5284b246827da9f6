import { createHmac, randomBytes } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import type { Env } from '../env'
import type { Store } from '../store/store'
import { hashPassword, OWASP_SCRYPT, type ScryptParams } from './password'
import { SIGN_IN_THROTTLE, SignInThrottle, type ThrottlePolicy } from './throttle'

/** What tests (and only tests) change: the clock, the wait, and the hashing cost. */
export interface AuthOptions {
  now?: () => number
  sleep?: (ms: number) => Promise<void>
  /** OWASP's cost unless given; tests lower it to stay fast. */
  password?: ScryptParams
  throttle?: ThrottlePolicy
  /**
   * False: no role requires a second factor (the tests of other features sign in as administrators with a
   * password alone). Accounts that enrolled still give their code. The server always keeps it on.
   */
  requireSecondFactor?: boolean
}

export interface Auth {
  now: () => number
  sleep: (ms: number) => Promise<void>
  password: ScryptParams
  throttle: SignInThrottle
  /** Whether the roles of roles.ts SECOND_FACTOR_ROLES must have a second factor (always, outside tests). */
  requireSecondFactor: boolean
  /** A hash of nothing anyone knows, checked for unknown usernames so that they take as long as known ones. */
  dummyHash(): Promise<string>
  /** The keyed hash naming a typed username in the audit table and in the lock-out counts. */
  subjectOf(username: string): Promise<string>
}

export function createAuth(store: Store, options: AuthOptions = {}): Auth {
  const password = options.password ?? OWASP_SCRYPT
  let dummy: Promise<string> | undefined
  let key: Promise<string> | undefined
  return {
    now: options.now ?? Date.now,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    password,
    throttle: new SignInThrottle(options.throttle ?? SIGN_IN_THROTTLE),
    requireSecondFactor: options.requireSecondFactor ?? true,
    dummyHash() {
      // Made on first use rather than at start, so that building an app (every test does) costs no hash.
      dummy ??= hashPassword(randomBytes(32).toString('base64'), password).catch((error: unknown) => {
        dummy = undefined
        throw error
      })
      return dummy
    },
    async subjectOf(username) {
      key ??= store.staff.subjectKey()
      return createHmac('sha256', await key).update(username).digest('hex').slice(0, 16)
    },
  }
}

export type AuthEnv = { Variables: Env['Variables'] & { auth: Auth } }

export function provideAuth(auth: Auth) {
  return createMiddleware<AuthEnv>(async (c, next) => {
    c.set('auth', auth)
    await next()
  })
}
