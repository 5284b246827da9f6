import type { Context } from 'hono'
import { Hono } from 'hono'
import * as v from 'valibot'
import { AccountCreate, AccountUpdate, type AdminAccount as AdminAccountJson, PasswordReset } from '../../shared/admin'
import { AccountInputError, checkAccountInput } from '../auth/accounts'
import { audit } from '../auth/audit'
import { requireRole, type StaffEnv } from '../auth/guards'
import { HashingBusyError, hashPassword, passwordProblem } from '../auth/password'
import { normalizeUsername } from '../auth/username'
import type { Env } from '../env'
import { bodyLimit } from '../middleware/body-limit'
import { apiError } from '../middleware/errors'
import { validate } from '../middleware/validate'
import type { AdminAccount } from '../store/admin-store'
import { actorOf, refusalAnswer } from './staff-admin-errors'

const IdParam = v.object({ id: v.pipe(v.string(), v.regex(/^[1-9]\d{0,14}$/, 'must be an account id'), v.transform(Number)) })

/** Never the password hash: the store does not even hand it out here. */
const accountJson = (a: AdminAccount): AdminAccountJson => ({
  ...a,
  createdAt: new Date(a.createdAt).toISOString(),
  deactivatedAt: a.deactivatedAt === null ? null : new Date(a.deactivatedAt).toISOString(),
})

type AdminEnv = Env & StaffEnv

/** Hashes at the cost sign-in uses; a full hashing queue is the server's state, not the caller's fault. */
async function hashOrBusy(c: Context<AdminEnv>, password: string): Promise<string | Response> {
  try {
    return await hashPassword(password, c.var.auth.password)
  } catch (error) {
    if (!(error instanceof HashingBusyError)) throw error
    c.header('Retry-After', '2')
    return apiError(c, 503, 'unavailable', 'The server is busy; try again in a moment')
  }
}

const self = (c: Context<AdminEnv>, id: number, what: string) =>
  id === c.var.staff.id ? apiError(c, 409, 'self', `id: you cannot ${what} your own account; ask another administrator`, 'id') : undefined

/**
 * Staff accounts (administrators). Roles and units follow roles.ts: unit staff and unit heads belong to a
 * unit, inspectors to the inspectorate, leadership and administrators to none. Accounts are deactivated,
 * never deleted (items and audits point at them). A password reset, a second-factor reset and a deactivation
 * end every session of the account at once. Nobody can remove the last active administrator, nor demote or
 * deactivate themselves, nor reset their own second factor.
 */
export const staffAdminAccounts = new Hono<AdminEnv>()
  .use(requireRole('admin'))
  .get('/', async (c) => {
    c.header('Cache-Control', 'no-store')
    return c.json({ accounts: (await c.var.store.admin.accounts()).map(accountJson) }, 200)
  })
  .post('/', bodyLimit, validate('json', AccountCreate), async (c) => {
    const body = c.req.valid('json')
    try {
      checkAccountInput({ ...body, unitCode: body.unitCode ?? null })
    } catch (error) {
      if (!(error instanceof AccountInputError)) throw error
      return apiError(c, 400, 'invalid', error.message, error.field)
    }
    const username = normalizeUsername(body.username)
    const passwordHash = await hashOrBusy(c, body.password)
    if (passwordHash instanceof Response) return passwordHash
    const created = await c.var.store.admin.createAccount(
      { username, displayName: body.displayName ?? username, role: body.role, unitCode: body.unitCode ?? null, passwordHash, createdAt: c.var.auth.now() },
      actorOf(c),
    )
    if (!created.ok) return refusalAnswer(c, created, `an account named ${username}`, 'username')
    return c.json(accountJson(created.value), 201)
  })
  .patch('/:id', bodyLimit, validate('param', IdParam), validate('json', AccountUpdate), async (c) => {
    const { id } = c.req.valid('param')
    const changes = c.req.valid('json')
    if (changes.role !== undefined && changes.role !== 'admin') {
      const refused = self(c, id, 'demote')
      if (refused) return refused
    }
    const updated = await c.var.store.admin.updateAccount(id, changes, actorOf(c))
    if (!updated.ok) return refusalAnswer(c, updated, `account ${id}`, 'id')
    return c.json(accountJson(updated.value), 200)
  })
  .post('/:id/password', bodyLimit, validate('param', IdParam), validate('json', PasswordReset), async (c) => {
    const { id } = c.req.valid('param')
    const { store } = c.var
    const account = await store.admin.account(id)
    if (!account) return apiError(c, 404, 'not_found', `id: there is no account ${id}`, 'id')
    const { password } = c.req.valid('json')
    const problem = passwordProblem(password, account.username)
    if (problem) return apiError(c, 400, 'invalid', `password: ${problem}`, 'password')
    const passwordHash = await hashOrBusy(c, password)
    if (passwordHash instanceof Response) return passwordHash
    const reset = await store.admin.resetPassword(id, passwordHash, actorOf(c))
    if (!reset.ok) return refusalAnswer(c, reset, `account ${id}`, 'id')
    return c.json(reset.value, 200)
  })
  // The account enrols again at its next sign-in (a lost phone, a new one). Not one's own: an attacker
  // holding an administrator's session must not be able to move its second factor to their own phone.
  .post('/:id/second-factor/reset', validate('param', IdParam), async (c) => {
    const { id } = c.req.valid('param')
    const refused = self(c, id, 'reset the second factor of')
    if (refused) return refused
    const reset = await c.var.store.admin.resetSecondFactor(id, actorOf(c))
    if (!reset.ok) return refusalAnswer(c, reset, `account ${id}`, 'id')
    await audit(c, { kind: 'second_factor_reset', staffId: id, status: 200, reason: `by account ${c.var.staff.id}` })
    return c.json(reset.value, 200)
  })
  .post('/:id/deactivate', validate('param', IdParam), async (c) => {
    const { id } = c.req.valid('param')
    const refused = self(c, id, 'deactivate')
    if (refused) return refused
    const changed = await c.var.store.admin.setAccountActive(id, false, actorOf(c))
    if (!changed.ok) return refusalAnswer(c, changed, `account ${id}`, 'id')
    return c.json(accountJson(changed.value), 200)
  })
  .post('/:id/reactivate', validate('param', IdParam), async (c) => {
    const { id } = c.req.valid('param')
    const changed = await c.var.store.admin.setAccountActive(id, true, actorOf(c))
    if (!changed.ok) return refusalAnswer(c, changed, `account ${id}`, 'id')
    return c.json(accountJson(changed.value), 200)
  })
