import { adminAuditWriter } from './admin-audit'
import type Database from 'better-sqlite3'
import type { AuditEntity, CatalogInput, CatalogKind, CounterInput, ProcedureInput, UnitInput } from '../../../shared/admin'
import type { Questionnaire } from '../../../shared/questionnaire'
import type { StaffRole } from '../../../shared/staff'
import { accountUnitProblem } from '../account-rules'
import type {
  AccountChanges,
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
import { parseSnapshots } from './snapshots'
import { type StaffRow, toAccount as toStaffAccount } from '../staff-rows'

type UnitRow = { code: string; name_vi: string; name_en: string; is_inspectorate: number; active: number }
type CounterRow = { code: string; name_vi: string; name_en: string; location_vi: string; location_en: string; unit_code: string; questionnaire_key: string; active: number }
type ProcedureRow = { code: string; national_code: string | null; name_vi: string; name_en: string; unit_code: string; time_limit_days: number | null; active: number }
type AccountRow = StaffRow & {
  deactivated_at: number | null
  /** 1 when the account has an enabled second factor (ACCOUNT_COLUMNS). */
  second_factor: number
}
/** An account's row with whether it has a second factor, for `FROM staff s`. */
const ACCOUNT_COLUMNS = 's.*, EXISTS (SELECT 1 FROM staff_totp t WHERE t.staff_id = s.id AND t.enabled_at IS NOT NULL) AS second_factor'
type QuestionnaireRow = { key: string; version: number; definition: string; active: number; published_at: number; published_by: number | null }
type AuditRow = {
  id: number
  at: number
  actor: number
  username: string
  entity: AuditEntity
  entity_key: string
  action: string
  before: string | null
  after: string | null
  note: string | null
}

const toUnit = (r: UnitRow): AdminUnit => ({ code: r.code, name: { vi: r.name_vi, en: r.name_en }, isInspectorate: r.is_inspectorate === 1, active: r.active === 1 })
const toCounter = (r: CounterRow): AdminCounter => ({
  code: r.code,
  name: { vi: r.name_vi, en: r.name_en },
  location: { vi: r.location_vi, en: r.location_en },
  unitCode: r.unit_code,
  questionnaireKey: r.questionnaire_key,
  active: r.active === 1,
})
const toProcedure = (r: ProcedureRow): AdminProcedure => ({
  code: r.code,
  nationalCode: r.national_code,
  name: { vi: r.name_vi, en: r.name_en },
  unitCode: r.unit_code,
  timeLimitDays: r.time_limit_days,
  active: r.active === 1,
})
const toAccount = (r: AccountRow): AdminAccount => ({ ...toStaffAccount(r), deactivatedAt: r.deactivated_at, secondFactor: r.second_factor === 1 })
/** What the audit keeps of an account: never its password hash. */
const accountSnapshot = (a: AdminAccount) => ({ username: a.username, displayName: a.displayName, role: a.role, unitCode: a.unitCode, active: a.active })

const TABLE: Record<CatalogKind, string> = { units: 'units', counters: 'counters', procedures: 'procedures' }
const ENTITY: Record<CatalogKind, AuditEntity> = { units: 'unit', counters: 'counter', procedures: 'procedure' }

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

export interface AdminStoreHooks {
  /** The public catalog (and anything else built from the catalog tables) must be read again. */
  catalogChanged(): void
  /** A new questionnaire version exists: responses given under it must be accepted from now on. */
  questionnairePublished(questionnaire: Questionnaire): void
}

/**
 * The administration part of the SQLite store, on the store's own connection. Each write checks what it
 * depends on, changes the rows and appends its admin_audit row in one transaction; the hooks run after
 * the commit so that readers never see a catalog that was rolled back.
 */
export function sqliteAdminStore(db: Database.Database, hooks: AdminStoreHooks): AdminStore {
  const unitByCode = db.prepare<[string], UnitRow>('SELECT * FROM units WHERE code = ?')
  const staffById = db.prepare<[number], AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM staff s WHERE s.id = ?`)
  const activeAdmins = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM staff WHERE role = 'admin' AND active = 1")
  const endSessions = db.prepare('DELETE FROM sessions WHERE staff_id = ?')

  const record = adminAuditWriter(db)

  /** Runs `work` in a transaction; a Refused rolls it back and becomes the answer. */
  function write<T>(work: () => T, changed: (value: T) => void = () => hooks.catalogChanged()): Written<T> {
    try {
      // Immediate: every change reads what it depends on first (see configure in writer-core.js).
      const value = db.transaction(work).immediate()
      changed(value)
      return { ok: true, value }
    } catch (error) {
      if (error instanceof Refused) return { ok: false, ...error.refusal }
      throw error
    }
  }

  function entry<K extends CatalogKind>(kind: K, code: string): AdminEntry[K] | undefined {
    const row = db.prepare(`SELECT * FROM ${TABLE[kind]} WHERE code = ?`).get(code)
    if (!row) return undefined
    const convert = { units: toUnit, counters: toCounter, procedures: toProcedure }[kind] as (r: unknown) => AdminEntry[K]
    return convert(row)
  }

  function requireActiveUnit(code: string, field = 'unitCode') {
    const unit = unitByCode.get(code)
    if (!unit) refuse({ reason: 'invalid', field, message: `${field}: no unit has the code ${code}` })
    else if (unit.active !== 1) refuse({ reason: 'invalid', field, message: `${field}: the unit ${code} is inactive` })
  }

  /** The references of an entry must exist: its unit (active), and a counter's questionnaire key. */
  function checkReferences(kind: CatalogKind, input: CatalogInput[CatalogKind]) {
    if (kind === 'units') return
    requireActiveUnit((input as CounterInput | ProcedureInput).unitCode)
    if (kind === 'counters') {
      const key = (input as CounterInput).questionnaireKey
      if (!db.prepare('SELECT 1 FROM questionnaires WHERE key = ? AND active = 1').get(key)) {
        refuse({ reason: 'invalid', field: 'questionnaireKey', message: `questionnaireKey: no questionnaire has the key ${key}` })
      }
    }
  }

  const upsert: { [K in CatalogKind]: (input: CatalogInput[K], insert: boolean) => void } = {
    units(u: UnitInput, insert) {
      const row = { code: u.code, vi: u.name.vi, en: u.name.en, insp: u.isInspectorate ? 1 : 0 }
      db.prepare(
        insert
          ? 'INSERT INTO units (code, name_vi, name_en, is_inspectorate) VALUES (@code, @vi, @en, @insp)'
          : 'UPDATE units SET name_vi = @vi, name_en = @en, is_inspectorate = @insp WHERE code = @code',
      ).run(row)
    },
    counters(c: CounterInput, insert) {
      const row = { code: c.code, vi: c.name.vi, en: c.name.en, lvi: c.location.vi, len: c.location.en, unit: c.unitCode, q: c.questionnaireKey }
      db.prepare(
        insert
          ? `INSERT INTO counters (code, name_vi, name_en, location_vi, location_en, unit_code, questionnaire_key)
             VALUES (@code, @vi, @en, @lvi, @len, @unit, @q)`
          : `UPDATE counters SET name_vi = @vi, name_en = @en, location_vi = @lvi, location_en = @len, unit_code = @unit,
             questionnaire_key = @q WHERE code = @code`,
      ).run(row)
    },
    procedures(p: ProcedureInput, insert) {
      const row = { code: p.code, nc: p.nationalCode, vi: p.name.vi, en: p.name.en, unit: p.unitCode, days: p.timeLimitDays }
      db.prepare(
        insert
          ? `INSERT INTO procedures (code, national_code, name_vi, name_en, unit_code, time_limit_days)
             VALUES (@code, @nc, @vi, @en, @unit, @days)`
          : 'UPDATE procedures SET national_code = @nc, name_vi = @vi, name_en = @en, unit_code = @unit, time_limit_days = @days WHERE code = @code',
      ).run(row)
    },
  }

  function codeTaken(kind: CatalogKind, code: string): string | undefined {
    // Codes differing only in case would read as one on a poster or in a report.
    return (db.prepare(`SELECT code FROM ${TABLE[kind]} WHERE code = ? COLLATE NOCASE`).get(code) as { code: string } | undefined)?.code
  }

  function whyInUse(code: string): string | undefined {
    const list = (sql: string) => (db.prepare(sql).all(code) as { k: string }[]).map((r) => r.k)
    const uses = [
      ['counters', list('SELECT code AS k FROM counters WHERE unit_code = ? AND active = 1 ORDER BY code')],
      ['procedures', list('SELECT code AS k FROM procedures WHERE unit_code = ? AND active = 1 ORDER BY code')],
      ['staff accounts', list('SELECT username AS k FROM staff WHERE unit_code = ? AND active = 1 ORDER BY username')],
    ] as const
    const found = uses.filter(([, codes]) => codes.length > 0).map(([what, codes]) => `${what} ${codes.join(', ')}`)
    return found.length === 0 ? undefined : found.join('; ')
  }

  function accountRules(role: StaffRole, unitCode: string | null) {
    const unit = unitCode === null ? undefined : unitByCode.get(unitCode)
    const problem = accountUnitProblem(role, unitCode, unit && { active: unit.active === 1, isInspectorate: unit.is_inspectorate === 1 })
    if (problem) refuse({ reason: 'invalid', field: 'unitCode', message: `unitCode: ${problem}` })
  }

  function keepAnAdmin(current: AdminAccount, what: string) {
    if (current.role === 'admin' && current.active && activeAdmins.get()!.n <= 1) {
      refuse({ reason: 'blocked', code: 'last_admin', field: 'id', message: `${current.username} is the last active administrator: ${what} would leave nobody to administer` })
    }
  }

  function keyInfo(key: string): QuestionnaireKeyInfo | undefined {
    const rows = db.prepare<[string], QuestionnaireRow>('SELECT * FROM questionnaires WHERE key = ? ORDER BY version').all(key)
    if (rows.length === 0) return undefined
    const versions = rows.map((r) => {
      const q = JSON.parse(r.definition) as Questionnaire
      return { version: r.version, active: r.active === 1, publishedAt: r.published_at, publishedBy: r.published_by, title: q.title, kind: q.kind }
    })
    return {
      key,
      kind: versions.at(-1)!.kind,
      activeVersion: versions.find((v) => v.active)?.version ?? null,
      versions: versions.map(({ kind: _kind, ...rest }) => rest),
    }
  }

  return {
    async catalog() {
      return {
        units: db.prepare<[], UnitRow>('SELECT * FROM units ORDER BY code').all().map(toUnit),
        counters: db.prepare<[], CounterRow>('SELECT * FROM counters ORDER BY code').all().map(toCounter),
        procedures: db.prepare<[], ProcedureRow>('SELECT * FROM procedures ORDER BY code').all().map(toProcedure),
      }
    },

    async create(kind, input, actor) {
      return write(() => {
        const taken = codeTaken(kind, input.code)
        if (taken !== undefined) refuse({ reason: 'duplicate' })
        checkReferences(kind, input)
        upsert[kind](input as never, true)
        const created = entry(kind, input.code)!
        record(actor, ENTITY[kind], input.code, 'create', null, created)
        return created
      })
    },

    async update(kind, input, actor) {
      return write(() => {
        const before = entry(kind, input.code) ?? refuse({ reason: 'not_found' })
        checkReferences(kind, input)
        upsert[kind](input as never, false)
        const after = entry(kind, input.code)!
        if (!same(before, after)) record(actor, ENTITY[kind], input.code, 'update', before, after)
        return after
      })
    },

    async setActive(kind, code, active, actor) {
      return write(() => {
        const before = entry(kind, code) ?? refuse({ reason: 'not_found' })
        if (before.active === active) return before
        if (!active && kind === 'units') {
          const uses = whyInUse(code)
          if (uses) refuse({ reason: 'blocked', code: 'in_use', field: 'code', message: `code: the unit ${code} still has active ${uses}; move or deactivate them first` })
        }
        if (active && kind !== 'units') {
          const unitCode = (before as AdminCounter | AdminProcedure).unitCode
          if (unitByCode.get(unitCode)?.active !== 1) {
            refuse({ reason: 'blocked', code: 'inactive_unit', field: 'unitCode', message: `unitCode: the unit ${unitCode} is inactive; reactivate it (or move this entry) first` })
          }
        }
        db.prepare(`UPDATE ${TABLE[kind]} SET active = ? WHERE code = ?`).run(active ? 1 : 0, code)
        const after = entry(kind, code)!
        record(actor, ENTITY[kind], code, active ? 'reactivate' : 'deactivate', before, after)
        return after
      })
    },

    async importProcedures(rows, actor) {
      return write(() => {
        const applied = { created: [] as string[], updated: [] as string[], unchanged: [] as string[] }
        for (const { line, procedure } of rows) {
          const unit = unitByCode.get(procedure.unitCode)
          if (unit?.active !== 1) {
            refuse({ reason: 'invalid', field: 'unit_code', message: `line ${line}: the unit ${procedure.unitCode} is no longer active; run the import again` })
          }
          const before = entry('procedures', procedure.code)
          upsert.procedures(procedure, before === undefined)
          const after = entry('procedures', procedure.code)!
          const note = `CSV import, line ${line}`
          if (!before) {
            record(actor, 'procedure', procedure.code, 'create', null, after, note)
            applied.created.push(procedure.code)
          } else if (!same(before, after)) {
            record(actor, 'procedure', procedure.code, 'update', before, after, note)
            applied.updated.push(procedure.code)
          } else {
            applied.unchanged.push(procedure.code)
          }
        }
        return applied
      })
    },

    async questionnaires() {
      const keys = db.prepare<[], { key: string }>('SELECT DISTINCT key FROM questionnaires ORDER BY key').all()
      return keys.map((k) => keyInfo(k.key)!)
    },

    async questionnaireVersion(key, version) {
      const row = db.prepare<[string, number], { definition: string }>('SELECT definition FROM questionnaires WHERE key = ? AND version = ?').get(key, version)
      return row ? (JSON.parse(row.definition) as Questionnaire) : undefined
    },

    async publishQuestionnaire(draft, actor) {
      return write(
        () => {
          const before = keyInfo(draft.key)
          if (before && before.kind !== draft.kind) {
            refuse({ reason: 'invalid', field: 'kind', message: `kind: the versions of ${draft.key} are ${before.kind} forms; a new kind needs a new key` })
          }
          const version = (before?.versions.at(-1)?.version ?? 0) + 1
          // Key order as the shared schema lists it, with the version the server assigned.
          const questionnaire: Questionnaire = { key: draft.key, version, kind: draft.kind, title: draft.title, levelQuestion: draft.levelQuestion, questions: draft.questions }
          db.prepare('UPDATE questionnaires SET active = 0 WHERE key = ? AND active = 1').run(draft.key)
          db.prepare('INSERT INTO questionnaires (key, version, definition, active, published_at, published_by) VALUES (?, ?, ?, 1, ?, ?)').run(
            draft.key,
            version,
            JSON.stringify(questionnaire),
            actor.at,
            actor.id,
          )
          record(actor, 'questionnaire', draft.key, 'publish', before ? { activeVersion: before.activeVersion } : null, { activeVersion: version, version, definition: questionnaire })
          return questionnaire
        },
        (questionnaire) => {
          hooks.questionnairePublished(questionnaire)
          hooks.catalogChanged()
        },
      )
    },

    async activateQuestionnaire(key, version, actor) {
      return write(() => {
        const before = keyInfo(key)
        if (!before || !before.versions.some((v) => v.version === version)) refuse({ reason: 'not_found' })
        if (before!.activeVersion === version) return before!
        db.prepare('UPDATE questionnaires SET active = (version = ?) WHERE key = ?').run(version, key)
        record(actor, 'questionnaire', key, 'activate', { activeVersion: before!.activeVersion }, { activeVersion: version })
        return keyInfo(key)!
      })
    },

    async accounts() {
      return db.prepare<[], AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM staff s ORDER BY s.username`).all().map(toAccount)
    },

    async account(id) {
      const row = staffById.get(id)
      return row ? toAccount(row) : undefined
    },

    async createAccount(input, actor) {
      return write(
        () => {
          if (db.prepare('SELECT 1 FROM staff WHERE username = ?').get(input.username)) refuse({ reason: 'duplicate' })
          accountRules(input.role, input.unitCode)
          const { lastInsertRowid } = db
            .prepare(`INSERT INTO staff (username, display_name, role, unit_code, password_hash, created_at)
              VALUES (@username, @displayName, @role, @unitCode, @passwordHash, @createdAt)`)
            .run(input)
          const created = toAccount(staffById.get(Number(lastInsertRowid))!)
          record(actor, 'staff', String(created.id), 'create', null, accountSnapshot(created))
          return created
        },
        () => {},
      )
    },

    async updateAccount(id, changes: AccountChanges, actor) {
      return write(
        () => {
          const row = staffById.get(id) ?? refuse({ reason: 'not_found' })
          const before = toAccount(row)
          const role = changes.role ?? before.role
          // A role that belongs to no unit drops the unit unless one is named.
          const unitCode = changes.unitCode !== undefined ? changes.unitCode : role === 'leadership' || role === 'admin' ? null : before.unitCode
          if (role !== before.role || unitCode !== before.unitCode) accountRules(role, unitCode)
          if (role !== 'admin') keepAnAdmin(before, 'demoting them')
          db.prepare('UPDATE staff SET display_name = ?, role = ?, unit_code = ? WHERE id = ?').run(changes.displayName ?? before.displayName, role, unitCode, id)
          const after = toAccount(staffById.get(id)!)
          if (!same(accountSnapshot(before), accountSnapshot(after))) record(actor, 'staff', String(id), 'update', accountSnapshot(before), accountSnapshot(after))
          return after
        },
        () => {},
      )
    },

    async resetPassword(id, passwordHash, actor) {
      return write(
        () => {
          if (!staffById.get(id)) refuse({ reason: 'not_found' })
          db.prepare('UPDATE staff SET password_hash = ? WHERE id = ?').run(passwordHash, id)
          const sessionsEnded = endSessions.run(id).changes
          // The audit says that the password changed, never what to.
          record(actor, 'staff', String(id), 'reset_password', null, { sessionsEnded })
          return { sessionsEnded }
        },
        () => {},
      )
    },

    async resetSecondFactor(id, actor) {
      return write(
        () => {
          if (!staffById.get(id)) refuse({ reason: 'not_found' })
          // An enrolment not yet confirmed goes too: whatever the account had, it starts again.
          if (db.prepare('DELETE FROM staff_totp WHERE staff_id = ?').run(id).changes === 0) {
            refuse({ reason: 'blocked', code: 'not_enrolled', field: 'id', message: 'id: this account has no second factor to reset' })
          }
          db.prepare('DELETE FROM staff_recovery_codes WHERE staff_id = ?').run(id)
          const sessionsEnded = endSessions.run(id).changes
          record(actor, 'staff', String(id), 'reset_second_factor', null, { sessionsEnded })
          return { sessionsEnded }
        },
        () => {},
      )
    },

    async setAccountActive(id, active, actor) {
      return write(
        () => {
          const row = staffById.get(id) ?? refuse({ reason: 'not_found' })
          const before = toAccount(row)
          if (before.active === active) return before
          let sessionsEnded = 0
          if (active) {
            const unit = before.unitCode === null ? undefined : unitByCode.get(before.unitCode)
            if (before.unitCode !== null && unit?.active !== 1) {
              refuse({ reason: 'blocked', code: 'inactive_unit', field: 'unitCode', message: `unitCode: the unit ${before.unitCode} is inactive; move the account to an active unit first` })
            }
            db.prepare('UPDATE staff SET active = 1, deactivated_at = NULL WHERE id = ?').run(id)
          } else {
            keepAnAdmin(before, 'deactivating them')
            db.prepare('UPDATE staff SET active = 0, deactivated_at = ? WHERE id = ?').run(actor.at, id)
            sessionsEnded = endSessions.run(id).changes
          }
          const after = toAccount(staffById.get(id)!)
          record(actor, 'staff', String(id), active ? 'reactivate' : 'deactivate', accountSnapshot(before), { ...accountSnapshot(after), ...(active ? {} : { sessionsEnded }) })
          return after
        },
        () => {},
      )
    },

    async audit({ entity, key, limit, before }) {
      const rows = db
        .prepare<{ entity: string | null; key: string | null; before: number | null; limit: number }, AuditRow>(
          `SELECT a.*, s.username FROM admin_audit a JOIN staff s ON s.id = a.actor
           WHERE (@entity IS NULL OR a.entity = @entity) AND (@key IS NULL OR a.entity_key = @key) AND (@before IS NULL OR a.id < @before)
           ORDER BY a.id DESC LIMIT @limit`,
        )
        .all({ entity: entity ?? null, key: key ?? null, before: before ?? null, limit })
      return rows.map(
        (r): AuditEvent => ({
          id: r.id,
          at: r.at,
          actor: { id: r.actor, username: r.username },
          entity: r.entity,
          key: r.entity_key,
          action: r.action,
          ...parseSnapshots(r),
          note: r.note,
        }),
      )
    },
  }
}
