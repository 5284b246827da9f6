import type { Catalog, Counter, Procedure, Unit } from '../../shared/catalog'
import type { Questionnaire } from '../../shared/questionnaire'

/**
 * What a database starts with before any administrator acts, as the start command hands it to
 * `Store.loadInitialData`: the store loads what it is given and knows nothing of where it came from (the
 * defaults in server/defaults/, the demo data in server/seed/).
 */
export interface InitialData {
  /** The agency named on the public pages and the reports; stored only when none is. */
  agency: Catalog['agency']
  /** Versions the database lacks are added; the newest version of a key is made active when none of its versions is. */
  questionnaires: Questionnaire[]
  /** Loaded only into an empty catalog (no unit yet); `demo` marks it so in /api/catalog. */
  catalog?: InitialCatalog
}

export interface InitialCatalog {
  demo: boolean
  units: Unit[]
  counters: Counter[]
  procedures: Procedure[]
}

export interface InitialDataLoaded {
  /** Whether the catalog given was loaded (the catalog was empty). */
  catalog: boolean
}
