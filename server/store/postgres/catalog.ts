import type { Catalog } from '../../../shared/catalog'
import type { Questionnaire } from '../../../shared/questionnaire'
import { type CounterRow, type ProcedureRow, publicCatalog, type UnitRow } from '../catalog-rows'
import type { InitialData, InitialDataLoaded } from '../initial-data'
import type { Database, Queryable } from './database'

/** Called in a transaction that changes the catalog: every instance reads the catalog again after its COMMIT. */
export async function catalogChanged(client: Queryable): Promise<void> {
  await client.query('UPDATE catalog_version SET version = version + 1')
}

/**
 * The catalog as this instance last read it, read again whenever another instance (or this one) changed it:
 * each call checks the version (one row by its key), and calls arriving while a check is under way share it,
 * so that a busy instance checks once per round trip rather than once per request.
 */
export function catalogCache(db: Database): { catalog: () => Promise<Catalog>; forget: () => void } {
  let kept: { version: number; catalog: Promise<Catalog> } | undefined
  let checking: Promise<Catalog> | undefined

  async function current(): Promise<Catalog> {
    const [{ version }] = (await db.rows<{ version: number }>('SELECT version FROM catalog_version')) as [{ version: number }]
    if (kept?.version !== version) {
      // A change committed after the check may be in what is read: then the next check reads it once more.
      const catalog = loadCatalog(db)
      kept = { version, catalog }
      catalog.catch(() => {
        if (kept?.catalog === catalog) kept = undefined
      })
    }
    return kept.catalog
  }

  return {
    catalog() {
      checking ??= current().finally(() => {
        checking = undefined
      })
      return checking
    },
    // This instance's own change: a check already under way began before it and may answer the old catalog.
    forget() {
      kept = undefined
      checking = undefined
    },
  }
}

/**
 * The public catalog (active units, counters, procedures and questionnaire versions, by code), all from one
 * snapshot, so that a change committed meanwhile is either wholly in it or not at all.
 */
async function loadCatalog(db: Database): Promise<Catalog> {
  return db.transaction(async (client) => {
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY')
    const rows = async <R extends object>(sql: string) => (await client.query<R & Record<string, unknown>>(sql)).rows as R[]
    const units = await rows<UnitRow>('SELECT * FROM units WHERE active ORDER BY code')
    const counters = await rows<CounterRow>('SELECT * FROM counters WHERE active ORDER BY code')
    const procedures = await rows<ProcedureRow>('SELECT * FROM procedures WHERE active ORDER BY code')
    const active = await rows<{ definition: Questionnaire }>('SELECT definition FROM questionnaires WHERE active ORDER BY key')
    const meta = await rows<{ key: string; value: string }>('SELECT key, value FROM meta')
    return publicCatalog({ units, counters, procedures }, active.map((r) => r.definition), meta)
  })
}

/** Serialises Store.loadInitialData across instances, so that two starting together on an empty database load it once. */
const START_UP_LOCK = 4_726_100_116

/** Store.loadInitialData on PostgreSQL, in one transaction under the start-up lock. */
export async function loadInitialData(db: Database, { agency, questionnaires, catalog }: InitialData): Promise<InitialDataLoaded> {
  return db.transaction(async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [START_UP_LOCK])
    await client.query(`INSERT INTO meta (key, value) VALUES ('agency_vi', $1), ('agency_en', $2) ON CONFLICT (key) DO NOTHING`, [agency.vi, agency.en])
    await client.query(
      `INSERT INTO questionnaires (key, version, definition, active, published_at)
        SELECT key, version, definition, false, $4 FROM unnest($1::text[], $2::int[], $3::json[]) AS q (key, version, definition)
        ON CONFLICT (key, version) DO NOTHING`,
      [questionnaires.map((q) => q.key), questionnaires.map((q) => q.version), questionnaires.map((q) => JSON.stringify(q)), Date.now()],
    )
    await client.query(`UPDATE questionnaires q SET active = true
      WHERE NOT EXISTS (SELECT 1 FROM questionnaires a WHERE a.key = q.key AND a.active)
        AND version = (SELECT MAX(version) FROM questionnaires b WHERE b.key = q.key)`)
    await catalogChanged(client)
    // The emptiness check under the lock: two instances starting on one database would otherwise both find
    // it empty, and the second fail on the first one's codes.
    const { rows } = await client.query<{ n: number }>('SELECT COUNT(*) AS n FROM units')
    if (!catalog || rows[0]!.n > 0) return { catalog: false }
    if (catalog.demo) await client.query(`INSERT INTO meta (key, value) VALUES ('demo', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
    const { units, counters, procedures } = catalog
    await client.query('INSERT INTO units (code, name_vi, name_en, is_inspectorate) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[])', [
      units.map((u) => u.code),
      units.map((u) => u.name.vi),
      units.map((u) => u.name.en),
      units.map((u) => u.isInspectorate),
    ])
    await client.query(
      `INSERT INTO counters (code, name_vi, name_en, location_vi, location_en, unit_code, questionnaire_key)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [
        counters.map((c) => c.code),
        counters.map((c) => c.name.vi),
        counters.map((c) => c.name.en),
        counters.map((c) => c.location.vi),
        counters.map((c) => c.location.en),
        counters.map((c) => c.unitCode),
        counters.map((c) => c.questionnaireKey),
      ],
    )
    await client.query(
      `INSERT INTO procedures (code, national_code, name_vi, name_en, unit_code, time_limit_days)
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[])`,
      [
        procedures.map((p) => p.code),
        procedures.map((p) => p.nationalCode),
        procedures.map((p) => p.name.vi),
        procedures.map((p) => p.name.en),
        procedures.map((p) => p.unitCode),
        procedures.map((p) => p.timeLimitDays),
      ],
    )
    return { catalog: true }
  })
}
