import type { AuditEntity, CatalogInput, CatalogKind, CounterInput, ProcedureInput, UnitInput } from '../../../shared/admin'
import type { Questionnaire } from '../../../shared/questionnaire'
import type { StaffRole } from '../../../shared/staff'
import { accountUnitProblem } from '../account-rules'
import type {
  AccountChanges,
  Actor,
  AdminAccount,
  AdminCounter,
  AdminEntry,
  AdminProcedure,
  AdminStore,
  AdminUnit,
  AuditEvent,
  QuestionnaireKeyInfo,
  Refusal,
  Written,
} from '../admin-store'
import { catalogChanged } from './catalog'
import { type CounterRow, type ProcedureRow, toCounter, toProcedure, toUnit, type UnitRow } from '../catalog-rows'
import { recordAudit } from './admin-audit'
import type { Database, Queryable } from './database'
import { type StaffRow, toAccount } from '../staff-rows'

/** A staff row (its password hash not read) with whether the account has a second factor (ACCOUNT_COLUMNS). */
type AccountRow = Omit<StaffRow, 'password_hash'> & { deactivated_at: number | null; second_factor: boolean }
/** An account's row (never its password hash) with whether it has a second factor, for `FROM staff s`. */
const ACCOUNT_COLUMNS = `s.id, s.username, s.display_name, s.role, s.unit_code, s.active, s.demo, s.created_at, s.deactivated_at,
  EXISTS (SELECT 1 FROM staff_totp t WHERE t.staff_id = s.id AND t.enabled_at IS NOT NULL) AS second_factor`
type QuestionnaireRow = { version: number; definition: Questionnaire; active: boolean; published_at: number; published_by: number | null }

const toAdminAccount = (r: AccountRow): AdminAccount => ({
  ...toAccount(r),
  deactivatedAt: r.deactivated_at,
  secondFactor: r.second_factor,
})
/** What the audit keeps of an account: never its password hash. */
const accountSnapshot = (a: AdminAccount) => ({ username: a.username, displayName: a.displayName, role: a.role, unitCode: a.unitCode, active: a.active })

const TABLE: Record<CatalogKind, string> = { units: 'units', counters: 'counters', procedures: 'procedures' }
const ENTITY: Record<CatalogKind, AuditEntity> = { units: 'unit', counters: 'counter', procedures: 'procedure' }
const CONVERT = { units: toUnit, counters: toCounter, procedures: toProcedure }

/** Thrown inside a transaction to roll it back and answer the refusal. */
class Refused extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.reason)
  }
}

const refuse = (refusal: Refusal): never => {
  throw new Refused(refusal)
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/**
 * Administrators' changes, one at a time across every instance: each check (the last administrator, a unit
 * still in use, a code taken) then holds until COMMIT, as SQLite's single writer makes it hold there.
 * Changes are rare, so the queue costs nothing anyone notices.
 */
const ADMIN_LOCK = 4_726_100_117

export interface AdminStoreHooks {
  /** The public catalog (and anything else built from the catalog tables) must be read again. */
  catalogChanged(): void
  /** A new questionnaire version exists: responses given under it must be accepted from now on. */
  questionnairePublished(questionnaire: Questionnaire): void
}

/** One transaction's view of the tables the administration reads and writes. */
function tx(client: Queryable) {
  const rows = async <R extends object>(sql: string, values: unknown[] = []) => (await client.query<R & Record<string, unknown>>(sql, values)).rows as R[]
  const one = async <R extends object>(sql: string, values: unknown[] = []) => (await rows<R>(sql, values))[0]

  const record = (actor: Actor, entity: AuditEntity, key: string, action: string, before: unknown, after: unknown, note: string | null = null) =>
    recordAudit(client, actor, entity, key, action, before, after, note)

  async function entry<K extends CatalogKind>(kind: K, code: string): Promise<AdminEntry[K] | undefined> {
    const row = await one(`SELECT * FROM ${TABLE[kind]} WHERE code = $1`, [code])
    return row && (CONVERT[kind] as (r: unknown) => AdminEntry[K])(row)
  }

  const unit = async (code: string): Promise<AdminUnit | undefined> => {
    const row = await one<UnitRow>('SELECT * FROM units WHERE code = $1', [code])
    return row && toUnit(row)
  }
  const account = async (id: number) => {
    const row = await one<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM staff s WHERE s.id = $1`, [id])
    return row && toAdminAccount(row)
  }
  const endSessions = async (id: number) => (await client.query('DELETE FROM sessions WHERE staff_id = $1', [id])).rowCount ?? 0

  async function requireActiveUnit(code: string, field = 'unitCode') {
    const found = await unit(code)
    if (!found) refuse({ reason: 'invalid', field, message: `${field}: no unit has the code ${code}` })
    else if (!found.active) refuse({ reason: 'invalid', field, message: `${field}: the unit ${code} is inactive` })
  }

  /** The references of an entry must exist: its unit (active), and a counter's questionnaire key. */
  async function checkReferences(kind: CatalogKind, input: CatalogInput[CatalogKind]) {
    if (kind === 'units') return
    await requireActiveUnit((input as CounterInput | ProcedureInput).unitCode)
    if (kind === 'counters') {
      const key = (input as CounterInput).questionnaireKey
      if (!(await one('SELECT 1 FROM questionnaires WHERE key = $1 AND active', [key]))) {
        refuse({ reason: 'invalid', field: 'questionnaireKey', message: `questionnaireKey: no questionnaire has the key ${key}` })
      }
    }
  }

  const upsert: { [K in CatalogKind]: (input: CatalogInput[K], insert: boolean) => Promise<unknown> } = {
    units: (u: UnitInput, insert) =>
      client.query(
        insert
          ? 'INSERT INTO units (code, name_vi, name_en, is_inspectorate) VALUES ($1, $2, $3, $4)'
          : 'UPDATE units SET name_vi = $2, name_en = $3, is_inspectorate = $4 WHERE code = $1',
        [u.code, u.name.vi, u.name.en, u.isInspectorate],
      ),
    counters: (c: CounterInput, insert) =>
      client.query(
        insert
          ? `INSERT INTO counters (code, name_vi, name_en, location_vi, location_en, unit_code, questionnaire_key) VALUES ($1, $2, $3, $4, $5, $6, $7)`
          : `UPDATE counters SET name_vi = $2, name_en = $3, location_vi = $4, location_en = $5, unit_code = $6, questionnaire_key = $7 WHERE code = $1`,
        [c.code, c.name.vi, c.name.en, c.location.vi, c.location.en, c.unitCode, c.questionnaireKey],
      ),
    procedures: (p: ProcedureInput, insert) =>
      client.query(
        insert
          ? `INSERT INTO procedures (code, national_code, name_vi, name_en, unit_code, time_limit_days) VALUES ($1, $2, $3, $4, $5, $6)`
          : 'UPDATE procedures SET national_code = $2, name_vi = $3, name_en = $4, unit_code = $5, time_limit_days = $6 WHERE code = $1',
        [p.code, p.nationalCode, p.name.vi, p.name.en, p.unitCode, p.timeLimitDays],
      ),
  }

  async function whyInUse(code: string): Promise<string | undefined> {
    const list = async (sql: string) => (await rows<{ k: string }>(sql, [code])).map((r) => r.k)
    const uses = [
      ['counters', await list('SELECT code AS k FROM counters WHERE unit_code = $1 AND active ORDER BY code')],
      ['procedures', await list('SELECT code AS k FROM procedures WHERE unit_code = $1 AND active ORDER BY code')],
      ['staff accounts', await list('SELECT username AS k FROM staff WHERE unit_code = $1 AND active ORDER BY username')],
    ] as const
    const found = uses.filter(([, codes]) => codes.length > 0).map(([what, codes]) => `${what} ${codes.join(', ')}`)
    return found.length === 0 ? undefined : found.join('; ')
  }

  async function accountRules(role: StaffRole, unitCode: string | null) {
    const found = unitCode === null ? undefined : await unit(unitCode)
    const problem = accountUnitProblem(role, unitCode, found && { active: found.active, isInspectorate: found.isInspectorate })
    if (problem) refuse({ reason: 'invalid', field: 'unitCode', message: `unitCode: ${problem}` })
  }

  async function keepAnAdmin(current: AdminAccount, what: string) {
    if (current.role !== 'admin' || !current.active) return
    const { n } = (await one<{ n: number }>("SELECT COUNT(*) AS n FROM staff WHERE role = 'admin' AND active"))!
    if (n <= 1) {
      refuse({ reason: 'blocked', code: 'last_admin', field: 'id', message: `${current.username} is the last active administrator: ${what} would leave nobody to administer` })
    }
  }

  async function keyInfo(key: string): Promise<QuestionnaireKeyInfo | undefined> {
    const found = await rows<QuestionnaireRow>('SELECT version, definition, active, published_at, published_by FROM questionnaires WHERE key = $1 ORDER BY version', [key])
    if (found.length === 0) return undefined
    const versions = found.map((r) => ({
      version: r.version,
      active: r.active,
      publishedAt: r.published_at,
      publishedBy: r.published_by,
      title: r.definition.title,
      kind: r.definition.kind,
    }))
    return {
      key,
      kind: versions.at(-1)!.kind,
      activeVersion: versions.find((v) => v.active)?.version ?? null,
      versions: versions.map(({ kind: _kind, ...rest }) => rest),
    }
  }

  return { client, rows, one, record, entry, unit, account, endSessions, checkReferences, upsert, whyInUse, accountRules, keepAnAdmin, keyInfo }
}
type Tx = ReturnType<typeof tx>

/** The administration part of the PostgreSQL store: each change and its admin_audit row in one transaction. */
export function postgresAdminStore(db: Database, hooks: AdminStoreHooks): AdminStore {
  /**
   * Runs `work` under the administration lock; a Refused rolls it back and becomes the answer. A change to the
   * catalog (the default) moves the catalog version in the same transaction, and this instance forgets its
   * copy after COMMIT; staff account changes touch neither.
   */
  async function write<T>(work: (t: Tx) => Promise<T>, touches: 'catalog' | 'accounts' = 'catalog'): Promise<Written<T>> {
    try {
      const value = await db.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_LOCK])
        const result = await work(tx(client))
        if (touches === 'catalog') await catalogChanged(client)
        return result
      })
      if (touches === 'catalog') hooks.catalogChanged()
      return { ok: true, value }
    } catch (error) {
      if (error instanceof Refused) return { ok: false, ...error.refusal }
      throw error
    }
  }
  const read = tx(db)

  return {
    async catalog() {
      const [units, counters, procedures] = await Promise.all([
        read.rows<UnitRow>('SELECT * FROM units ORDER BY code'),
        read.rows<CounterRow>('SELECT * FROM counters ORDER BY code'),
        read.rows<ProcedureRow>('SELECT * FROM procedures ORDER BY code'),
      ])
      return { units: units.map(toUnit), counters: counters.map(toCounter), procedures: procedures.map(toProcedure) }
    },

    async create(kind, input, actor) {
      return write(async (t) => {
        // Codes differing only in case would read as one on a poster or in a report.
        if (await t.one(`SELECT 1 FROM ${TABLE[kind]} WHERE lower(code) = lower($1)`, [input.code])) refuse({ reason: 'duplicate' })
        await t.checkReferences(kind, input)
        await t.upsert[kind](input as never, true)
        const created = (await t.entry(kind, input.code))!
        await t.record(actor, ENTITY[kind], input.code, 'create', null, created)
        return created
      })
    },

    async update(kind, input, actor) {
      return write(async (t) => {
        const before = (await t.entry(kind, input.code)) ?? refuse({ reason: 'not_found' })
        await t.checkReferences(kind, input)
        await t.upsert[kind](input as never, false)
        const after = (await t.entry(kind, input.code))!
        if (!same(before, after)) await t.record(actor, ENTITY[kind], input.code, 'update', before, after)
        return after
      })
    },

    async setActive(kind, code, active, actor) {
      return write(async (t) => {
        const before = (await t.entry(kind, code)) ?? refuse({ reason: 'not_found' })
        if (before.active === active) return before
        if (!active && kind === 'units') {
          const uses = await t.whyInUse(code)
          if (uses) refuse({ reason: 'blocked', code: 'in_use', field: 'code', message: `code: the unit ${code} still has active ${uses}; move or deactivate them first` })
        }
        if (active && kind !== 'units') {
          const unitCode = (before as AdminCounter | AdminProcedure).unitCode
          if (!(await t.unit(unitCode))?.active) {
            refuse({ reason: 'blocked', code: 'inactive_unit', field: 'unitCode', message: `unitCode: the unit ${unitCode} is inactive; reactivate it (or move this entry) first` })
          }
        }
        await t.client.query(`UPDATE ${TABLE[kind]} SET active = $1 WHERE code = $2`, [active, code])
        const after = (await t.entry(kind, code))!
        await t.record(actor, ENTITY[kind], code, active ? 'reactivate' : 'deactivate', before, after)
        return after
      })
    },

    async importProcedures(rows, actor) {
      return write(async (t) => {
        const applied = { created: [] as string[], updated: [] as string[], unchanged: [] as string[] }
        for (const { line, procedure } of rows) {
          if (!(await t.unit(procedure.unitCode))?.active) {
            refuse({ reason: 'invalid', field: 'unit_code', message: `line ${line}: the unit ${procedure.unitCode} is no longer active; run the import again` })
          }
          const before = await t.entry('procedures', procedure.code)
          await t.upsert.procedures(procedure, before === undefined)
          const after = (await t.entry('procedures', procedure.code))!
          const note = `CSV import, line ${line}`
          if (!before) {
            await t.record(actor, 'procedure', procedure.code, 'create', null, after, note)
            applied.created.push(procedure.code)
          } else if (!same(before, after)) {
            await t.record(actor, 'procedure', procedure.code, 'update', before, after, note)
            applied.updated.push(procedure.code)
          } else {
            applied.unchanged.push(procedure.code)
          }
        }
        return applied
      })
    },

    async questionnaires() {
      const keys = await read.rows<{ key: string }>('SELECT DISTINCT key FROM questionnaires ORDER BY key')
      return Promise.all(keys.map(async (k) => (await read.keyInfo(k.key))!))
    },

    async questionnaireVersion(key, version) {
      return (await read.one<{ definition: Questionnaire }>('SELECT definition FROM questionnaires WHERE key = $1 AND version = $2', [key, version]))?.definition
    },

    async publishQuestionnaire(draft, actor) {
      return write(
        async (t) => {
          const before = await t.keyInfo(draft.key)
          if (before && before.kind !== draft.kind) {
            refuse({ reason: 'invalid', field: 'kind', message: `kind: the versions of ${draft.key} are ${before.kind} forms; a new kind needs a new key` })
          }
          const version = (before?.versions.at(-1)?.version ?? 0) + 1
          // Key order as the shared schema lists it, with the version the server assigned.
          const questionnaire: Questionnaire = { key: draft.key, version, kind: draft.kind, title: draft.title, levelQuestion: draft.levelQuestion, questions: draft.questions }
          await t.client.query('UPDATE questionnaires SET active = false WHERE key = $1 AND active', [draft.key])
          await t.client.query('INSERT INTO questionnaires (key, version, definition, active, published_at, published_by) VALUES ($1, $2, $3, true, $4, $5)', [
            draft.key,
            version,
            JSON.stringify(questionnaire),
            actor.at,
            actor.id,
          ])
          await t.record(actor, 'questionnaire', draft.key, 'publish', before ? { activeVersion: before.activeVersion } : null, { activeVersion: version, version, definition: questionnaire })
          return questionnaire
        },
      ).then((written) => {
        if (written.ok) hooks.questionnairePublished(written.value)
        return written
      })
    },

    async activateQuestionnaire(key, version, actor) {
      return write(async (t) => {
        const before = await t.keyInfo(key)
        if (!before || !before.versions.some((v) => v.version === version)) return refuse({ reason: 'not_found' })
        if (before.activeVersion === version) return before
        await t.client.query('UPDATE questionnaires SET active = (version = $1) WHERE key = $2', [version, key])
        await t.record(actor, 'questionnaire', key, 'activate', { activeVersion: before.activeVersion }, { activeVersion: version })
        return (await t.keyInfo(key))!
      })
    },

    async accounts() {
      return (await read.rows<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM staff s ORDER BY s.username`)).map(toAdminAccount)
    },

    async account(id) {
      return read.account(id)
    },

    async createAccount(input, actor) {
      return write(
        async (t) => {
          if (await t.one('SELECT 1 FROM staff WHERE username = $1', [input.username])) refuse({ reason: 'duplicate' })
          await t.accountRules(input.role, input.unitCode)
          const inserted = await t.one<{ id: number }>(
            `INSERT INTO staff (username, display_name, role, unit_code, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
            [input.username, input.displayName, input.role, input.unitCode, input.passwordHash, input.createdAt],
          )
          const created = (await t.account(inserted!.id))!
          await t.record(actor, 'staff', String(created.id), 'create', null, accountSnapshot(created))
          return created
        },
        'accounts',
      )
    },

    async updateAccount(id, changes: AccountChanges, actor) {
      return write(
        async (t) => {
          const before = (await t.account(id)) ?? refuse({ reason: 'not_found' })
          const role = changes.role ?? before.role
          // A role that belongs to no unit drops the unit unless one is named.
          const unitCode = changes.unitCode !== undefined ? changes.unitCode : role === 'leadership' || role === 'admin' ? null : before.unitCode
          if (role !== before.role || unitCode !== before.unitCode) await t.accountRules(role, unitCode)
          if (role !== 'admin') await t.keepAnAdmin(before, 'demoting them')
          await t.client.query('UPDATE staff SET display_name = $1, role = $2, unit_code = $3 WHERE id = $4', [changes.displayName ?? before.displayName, role, unitCode, id])
          const after = (await t.account(id))!
          if (!same(accountSnapshot(before), accountSnapshot(after))) await t.record(actor, 'staff', String(id), 'update', accountSnapshot(before), accountSnapshot(after))
          return after
        },
        'accounts',
      )
    },

    async resetPassword(id, passwordHash, actor) {
      return write(
        async (t) => {
          if (!(await t.account(id))) refuse({ reason: 'not_found' })
          await t.client.query('UPDATE staff SET password_hash = $1 WHERE id = $2', [passwordHash, id])
          const sessionsEnded = await t.endSessions(id)
          // The audit says that the password changed, never what to.
          await t.record(actor, 'staff', String(id), 'reset_password', null, { sessionsEnded })
          return { sessionsEnded }
        },
        'accounts',
      )
    },

    async resetSecondFactor(id, actor) {
      return write(
        async (t) => {
          if (!(await t.account(id))) refuse({ reason: 'not_found' })
          // An enrolment not yet confirmed goes too: whatever the account had, it starts again.
          if ((await t.client.query('DELETE FROM staff_totp WHERE staff_id = $1', [id])).rowCount === 0) {
            refuse({ reason: 'blocked', code: 'not_enrolled', field: 'id', message: 'id: this account has no second factor to reset' })
          }
          await t.client.query('DELETE FROM staff_recovery_codes WHERE staff_id = $1', [id])
          const sessionsEnded = await t.endSessions(id)
          await t.record(actor, 'staff', String(id), 'reset_second_factor', null, { sessionsEnded })
          return { sessionsEnded }
        },
        'accounts',
      )
    },

    async setAccountActive(id, active, actor) {
      return write(
        async (t) => {
          const before = (await t.account(id)) ?? refuse({ reason: 'not_found' })
          if (before.active === active) return before
          let sessionsEnded = 0
          if (active) {
            if (before.unitCode !== null && !(await t.unit(before.unitCode))?.active) {
              refuse({ reason: 'blocked', code: 'inactive_unit', field: 'unitCode', message: `unitCode: the unit ${before.unitCode} is inactive; move the account to an active unit first` })
            }
            await t.client.query('UPDATE staff SET active = true, deactivated_at = NULL WHERE id = $1', [id])
          } else {
            await t.keepAnAdmin(before, 'deactivating them')
            await t.client.query('UPDATE staff SET active = false, deactivated_at = $1 WHERE id = $2', [actor.at, id])
            sessionsEnded = await t.endSessions(id)
          }
          const after = (await t.account(id))!
          await t.record(actor, 'staff', String(id), active ? 'reactivate' : 'deactivate', accountSnapshot(before), { ...accountSnapshot(after), ...(active ? {} : { sessionsEnded }) })
          return after
        },
        'accounts',
      )
    },

    async audit({ entity, key, limit, before }) {
      const found = await read.rows<{ id: number; at: number; actor: number; username: string; entity: AuditEntity; entity_key: string; action: string; before: unknown; after: unknown; note: string | null }>(
        `SELECT a.id, a.at, a.actor, s.username, a.entity, a.entity_key, a.action, a.before, a.after, a.note
          FROM admin_audit a JOIN staff s ON s.id = a.actor
          WHERE ($1::text IS NULL OR a.entity = $1) AND ($2::text IS NULL OR a.entity_key = $2) AND ($3::bigint IS NULL OR a.id < $3)
          ORDER BY a.id DESC LIMIT $4`,
        [entity ?? null, key ?? null, before ?? null, limit],
      )
      return found.map(
        (r): AuditEvent => ({
          id: r.id,
          at: r.at,
          actor: { id: r.actor, username: r.username },
          entity: r.entity,
          key: r.entity_key,
          action: r.action,
          before: r.before as AuditEvent['before'],
          after: r.after as AuditEvent['after'],
          note: r.note,
        }),
      )
    },
  }
}
